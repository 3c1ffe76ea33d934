import { EngineConfig, slaFor, statusDefinition } from './config';
import { isRetry, fileProblem, inspectSpan, refOf, strongestCause, errorMessage, clip } from './evidence';
import { formatHumanDuration } from './format';
import {
  EngineWarning,
  Evidence,
  OrderIndex,
  OrderIndexEntry,
  OrderSpan,
  OrderTimeline,
  StuckOrder,
  TimeInStatusSample,
} from './model';
import { lookupableOrderIdOf } from './orderId';
import { buildStatusIntervals, plausibleTime, StatusEvent, statusOf } from './statuses';
import { expectedNextPhrase } from './verdict';

const DAY_US = 86_400_000_000;

/** The doubts about status reports an index states, in the words of its warning. */
const DOUBTS: Partial<Record<EngineWarning['code'], string>> = {
  implausible_time: 'had status reports dated in the future or before the window; they were set aside.',
  after_terminal: 'had a status reported after they finished; they stay finished.',
  unknown_status: 'reported statuses outside the lifecycle; their status is taken from the lifecycle statuses.',
  contradictory_status: 'had two services report different statuses at the same moment.',
};

interface Accumulator {
  orderId: string;
  events: StatusEvent[];
  lastSeenUs: number;
  lastService: string;
  lastError?: OrderIndexEntry['lastError'];
  notable: OrderSpan[];
}

/**
 * The latest status of every order seen in a window, from index searches (spans of many orders).
 * One pass over the spans; each order's few status reports are then ordered on their own.
 * Spans without an order id count for the order of their trace when the trace has exactly one.
 */
export function buildOrderIndex(
  spans: OrderSpan[],
  config: EngineConfig,
  window: { startUs: number; endUs: number },
  options: { truncated?: boolean; warnings?: EngineWarning[]; nowUs?: number } = {}
): OrderIndex {
  const nowUs = options.nowUs ?? window.endUs;
  const key = config.orderIdKey;
  const traceOrder = new Map<string, string | null>();
  const refused = new Set<string>();
  const ids = spans.map((span) => {
    const found = lookupableOrderIdOf(span, key);
    if (found.refused !== undefined) {
      refused.add(found.refused);
    }
    return found;
  });
  spans.forEach((span, index) => {
    const { id, refused: bad } = ids[index];
    if (bad !== undefined) {
      // A trace with an id no page could open belongs to no order of the index.
      traceOrder.set(span.traceId, null);
    }
    if (id === undefined) {
      return;
    }
    const known = traceOrder.get(span.traceId);
    if (known === undefined) {
      traceOrder.set(span.traceId, id);
    } else if (known !== null && known !== id) {
      traceOrder.set(span.traceId, null);
    }
  });
  const orders = new Map<string, Accumulator>();
  const notBeforeUs = window.startUs - DAY_US;
  const seenSpans = new Set<string>();
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    if (ids[index].refused !== undefined) {
      continue;
    }
    const id = ids[index].id ?? traceOrder.get(span.traceId) ?? undefined;
    if (id === undefined || id === null) {
      continue;
    }
    const spanKey = `${span.traceId}:${span.spanId}`;
    if (seenSpans.has(spanKey)) {
      continue;
    }
    seenSpans.add(spanKey);
    let order = orders.get(id);
    if (!order) {
      order = { orderId: id, events: [], lastSeenUs: -Infinity, lastService: span.service, notable: [] };
      orders.set(id, order);
    }
    const end = span.startUs + span.durationUs;
    // A span from a broken clock (the year 2262) is not when the order was last seen.
    if (end > order.lastSeenUs && plausibleTime(span.startUs, nowUs, notBeforeUs) && plausibleTime(end, nowUs)) {
      order.lastSeenUs = end;
      order.lastService = span.service;
    }
    const status = statusOf(span, config);
    if (status !== undefined) {
      order.events.push({ status, timeUs: span.startUs, service: span.service, span: refOf(span) });
    }
    if (span.status === 'error' || span.messaging?.deadLetter || isRetry(span) || fileProblem(span)) {
      order.notable.push(span);
      if (span.status === 'error' && (!order.lastError || span.startUs >= order.lastError.atUs)) {
        order.lastError = {
          message: clip(`${span.service} ${span.operation}: ${errorMessage(span) ?? 'error'}`),
          atUs: span.startUs,
          service: span.service,
          span: refOf(span),
        };
      }
    }
  }

  const entries: OrderIndexEntry[] = [];
  const timeInStatus: Record<string, TimeInStatusSample[]> = {};
  // Per order, what the status reports say that cannot be believed; the index counts it per kind.
  const doubted = new Map<EngineWarning['code'], string[]>();
  for (const order of orders.values()) {
    if (order.events.length === 0) {
      continue;
    }
    const orderWarnings: EngineWarning[] = [];
    const intervals = buildStatusIntervals(order.events, config, nowUs, orderWarnings, { notBeforeUs });
    for (const warning of orderWarnings) {
      if (DOUBTS[warning.code]) {
        const ids = doubted.get(warning.code) ?? [];
        ids.push(order.orderId);
        doubted.set(warning.code, ids);
      }
    }
    const current = intervals[intervals.length - 1];
    if (!current) {
      continue;
    }
    for (const interval of intervals) {
      if (interval.leftAtUs !== null) {
        (timeInStatus[interval.status] ??= []).push({
          orderId: order.orderId,
          durationUs: interval.durationUs,
          enteredAtUs: interval.enteredAtUs,
        });
      }
    }
    const evidence: Evidence[] = [];
    for (const span of order.notable) {
      const statusThen = statusAtTime(intervals, span.startUs);
      for (const item of inspectSpan(span, config, statusThen, false, nowUs).evidence) {
        evidence.push(item);
      }
    }
    const entry: OrderIndexEntry = {
      orderId: order.orderId,
      currentStatus: current.status,
      enteredAtUs: current.enteredAtUs,
      statusSpan: current.span,
      statusPath: intervals.map((interval) => interval.status),
      lastSeenUs: order.lastSeenUs,
      lastService: order.lastService,
      evidence,
    };
    if (order.lastError) {
      entry.lastError = order.lastError;
    }
    entries.push(entry);
  }
  const warnings = [...(options.warnings ?? [])];
  if (refused.size > 0) {
    warnings.push({
      code: 'invalid_order_id',
      message: `${refused.size} order id${refused.size === 1 ? '' : 's'} in the traces cannot be looked up (empty, longer than 200 characters, control characters or surrounding spaces) and ${refused.size === 1 ? 'is' : 'are'} left out of this list; fix the instrumentation that sets "${key}".`,
    });
  }
  for (const [code, ids] of doubted) {
    warnings.push({
      code,
      message: `${ids.length} order${ids.length === 1 ? '' : 's'} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}) ${DOUBTS[code]}`,
    });
  }
  if (options.truncated) {
    warnings.push({
      code: 'limit_reached',
      message:
        'A search hit its trace limit: some orders of this window may be missing. Narrow the window or raise the index trace limit.',
    });
  }
  return {
    windowStartUs: window.startUs,
    windowEndUs: window.endUs,
    orders: entries,
    timeInStatus,
    truncated: options.truncated ?? false,
    warnings,
  };
}

function statusAtTime(intervals: Array<{ status: string; enteredAtUs: number }>, timeUs: number): string | null {
  let status: string | null = intervals.length > 0 ? intervals[0].status : null;
  for (const interval of intervals) {
    if (interval.enteredAtUs <= timeUs) {
      status = interval.status;
    } else {
      break;
    }
  }
  return status;
}

/**
 * Orders whose current, non-terminal status is past its SLA at `nowUs`, most overdue first, each
 * with the most likely cause found in the index (refine with `explainStuckOrders` after a cause wave).
 */
export function findStuckOrders(index: OrderIndex, config: EngineConfig, nowUs: number): StuckOrder[] {
  const stuck: StuckOrder[] = [];
  for (const entry of index.orders) {
    const definition = statusDefinition(config, entry.currentStatus);
    const sla = slaFor(config, entry.currentStatus);
    if (!definition || definition.terminal || sla === null) {
      continue;
    }
    const timeInStatusUs = nowUs - entry.enteredAtUs;
    const overdueUs = timeInStatusUs - sla * 1_000_000;
    if (overdueUs <= 0) {
      continue;
    }
    const cause = strongestCause(entry.evidence, entry.enteredAtUs - config.clockSkewToleranceUs);
    const order: StuckOrder = {
      orderId: entry.orderId,
      status: entry.currentStatus,
      enteredAtUs: entry.enteredAtUs,
      timeInStatusUs,
      slaSeconds: sla,
      overdueUs,
      lastService: entry.lastService,
      lastSeenUs: entry.lastSeenUs,
      likelyCause: cause ? cause.message : unexplained(config, entry.currentStatus),
      span: cause?.spans[0] ?? entry.statusSpan,
    };
    if (entry.lastError) {
      order.lastError = entry.lastError.message;
    }
    if (cause) {
      order.causeEvidence = cause;
    }
    stuck.push(order);
  }
  stuck.sort((a, b) => b.overdueUs - a.overdueUs || (a.orderId < b.orderId ? -1 : 1));
  return stuck;
}

function unexplained(config: EngineConfig, status: string): string {
  return `No span explains it yet; ${expectedNextPhrase(config, status)}.`;
}

/** Replaces index-level causes with the verdicts of full order timelines (from the cause wave). */
export function explainStuckOrders(stuck: StuckOrder[], timelines: OrderTimeline[]): StuckOrder[] {
  const byId = new Map(timelines.map((timeline) => [timeline.orderId, timeline]));
  return stuck.map((order) => {
    const timeline = byId.get(order.orderId);
    const cause = timeline?.verdict.cause;
    if (!timeline || !cause || cause.kind === 'expected_status_missing') {
      return order;
    }
    return { ...order, likelyCause: cause.message, causeEvidence: cause, span: cause.spans[0] ?? order.span };
  });
}

/** Completed stays per status in seconds (for a heatmap or percentile when metrics are absent). */
export function timeInStatusSeconds(index: OrderIndex, status: string): number[] {
  return (index.timeInStatus[status] ?? []).map((sample) => sample.durationUs / 1_000_000);
}

/** "2 h 13 min overdue" style summary used by tables. */
export function describeOverdue(order: StuckOrder): string {
  return `${formatHumanDuration(order.overdueUs)} over its SLA`;
}
