import { executePlan, FetchJson } from '../../datasource/jaegerClient';
import { RequestPool } from '../../datasource/requestPool';
import {
  describeSearch,
  EngineConfig,
  explainStuckOrders,
  findStuckOrders,
  indexOrders,
  JaegerDialect,
  OrderTimeline,
  planStuckCauses,
  reconstructOrder,
  RequestOutcome,
  StuckOrder,
} from '../../engine';
import { OrderTrackerSettings } from '../../settings/types';
import { StuckRow } from './types';

/** What one candidate's own lookup decided. */
export type Verdict =
  | { kind: 'stuck'; row: StuckRow; timeline: OrderTimeline }
  /** It has left the status (or is within its SLA): not a row. */
  | { kind: 'moved' }
  | { kind: 'unconfirmed'; row: StuckRow }
  /** The budget refused the lookup: not checked. */
  | { kind: 'unchecked' };

export interface VerifyOptions {
  nowUs: number;
  dialect: JaegerDialect;
  pool: RequestPool;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const INCOMPLETE = new Set<RequestOutcome['state']>(['error', 'timeout', 'aborted', 'limit_reached']);

/**
 * Looks each candidate up on its own (every service, from shortly before it entered its status):
 * the lookup decides where the order is now and names the cause. All candidates at once; the pool
 * runs them a few at a time, most overdue first, and refuses what the budget does not cover.
 */
export async function verifyCandidates(
  candidates: StuckOrder[],
  settings: OrderTrackerSettings,
  config: EngineConfig,
  jaeger: FetchJson,
  options: VerifyOptions
): Promise<Verdict[]> {
  return Promise.all(candidates.map((candidate) => verifyOne(candidate, settings, config, jaeger, options)));
}

async function verifyOne(
  candidate: StuckOrder,
  settings: OrderTrackerSettings,
  config: EngineConfig,
  jaeger: FetchJson,
  options: VerifyOptions
): Promise<Verdict> {
  const { nowUs } = options;
  const plan = planStuckCauses([candidate], settings, { nowUs, maxOrders: 1, dialect: options.dialect });
  const result = await executePlan(plan, jaeger, {
    pool: options.pool,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  if (result.skipped.length > 0) {
    return { kind: 'unchecked' };
  }
  const failed = result.outcomes.filter((outcome) => INCOMPLETE.has(outcome.state));
  const found = indexOrders(result.payloads, config, {
    startUs: plan.startUs,
    endUs: nowUs,
    nowUs,
    outcomes: result.outcomes,
  });
  const entry = found.orders.find((order) => order.orderId === candidate.orderId);
  if (failed.length > 0) {
    // A status it was seen entering later in the lifecycle is proof enough that it left; a service
    // still reporting an earlier status (one that missed an event) proves nothing.
    if (entry && movedOnTo(entry.currentStatus, candidate.status, config)) {
      return { kind: 'moved' };
    }
    return { kind: 'unconfirmed', row: unconfirmedRow(candidate, failed) };
  }
  const [stuck] = findStuckOrders(found, config, nowUs).filter((order) => order.orderId === candidate.orderId);
  if (!stuck) {
    return { kind: 'moved' };
  }
  const timeline = reconstructOrder(candidate.orderId, result.payloads, config, {
    nowUs,
    outcomes: result.outcomes,
    notBeforeUs: plan.startUs - 86_400_000_000,
  });
  const [explained] = explainStuckOrders([stuck], [timeline]);
  return { kind: 'stuck', row: { ...explained, check: 'confirmed', doubts: [] }, timeline };
}

function movedOnTo(current: string, candidate: string, config: EngineConfig): boolean {
  const now = config.statusIndex.get(current);
  const before = config.statusIndex.get(candidate);
  return now !== undefined && before !== undefined && (now > before || config.statuses[now].terminal);
}

/** The row of an order whose lookup failed: where it was last seen, and what failed, no cause. */
export function unconfirmedRow(candidate: StuckOrder, failed: RequestOutcome[]): StuckRow {
  const what = failed.map((outcome) => describeFailure(outcome)).join('; ');
  const doubt = `Current status unknown: ${what}. It was last seen entering ${candidate.status}; it may have moved on since.`;
  return {
    ...candidate,
    likelyCause: doubt,
    causeEvidence: undefined,
    lastError: undefined,
    check: 'unconfirmed',
    doubts: [doubt],
  };
}

function describeFailure(outcome: RequestOutcome): string {
  const where = outcome.request.service
    ? `the search of ${describeSearch(outcome.request)}`
    : 'the lookup of this order';
  switch (outcome.state) {
    case 'timeout':
      return `${where} timed out${outcome.message ? ` (${outcome.message})` : ''}`;
    case 'limit_reached':
      return `${where} returned its limit of ${outcome.request.limit} traces`;
    case 'aborted':
      return `${where} was cancelled`;
    default:
      return `${where} failed${outcome.message ? ` (${outcome.message})` : ''}`;
  }
}
