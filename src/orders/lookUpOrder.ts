import { FetchJson } from '../datasource/jaegerClient';
import {
  checkOrderId,
  compileConfig,
  describeSearch,
  EngineConfig,
  JaegerRequestPlan,
  OrderTimeline,
  planOrderLookup,
  reconstructOrder,
  RequestOutcome,
  unexplainedWaitOf,
} from '../engine';
import { LIMITS } from '../settings/defaults';
import { OrderTrackerSettings } from '../settings/types';
import { searchJaeger } from './searchJaeger';
import { attachServiceErrors, searchServiceErrors } from './serviceErrors';

/** What one lookup of one order found, in the terms the page shows. */
export type LookupResult =
  | {
      kind: 'found';
      timeline: OrderTimeline;
      plan: JaegerRequestPlan;
      outcomes: RequestOutcome[];
      /** The second wave (failed requests without an order id), when the order needed one. */
      contextOutcomes: RequestOutcome[];
    }
  | { kind: 'not_found'; plan: JaegerRequestPlan; outcomes: RequestOutcome[] }
  /** Every search failed: nothing can be said about the order. */
  | { kind: 'unavailable'; plan: JaegerRequestPlan; outcomes: RequestOutcome[]; timedOut: boolean };

export interface LookupOptions {
  orderId: string;
  settings: OrderTrackerSettings;
  fetchJson: FetchJson;
  nowUs: number;
  /** Overrides the settings' lookback (the user widened the window). */
  lookbackSeconds?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  config?: EngineConfig;
}

const FAILED = new Set<RequestOutcome['state']>(['error', 'timeout', 'aborted']);

/**
 * One order lookup: the engine's plan (one search per service over the window), sent as ONE
 * parallel wave, then stitched into a timeline. Failed searches are kept in `outcomes` so the page
 * can name them. Only when the order turns out stuck with nothing of its own to explain it, a
 * second wave of one request looks for failures without an order id of the service it waits for.
 */
export async function lookUpOrder(options: LookupOptions): Promise<LookupResult> {
  const settings = { ...options.settings, lookbackSeconds: options.lookbackSeconds ?? options.settings.lookbackSeconds };
  const result = await searchJaeger(
    (dialect) => planOrderLookup(options.orderId, settings, { nowUs: options.nowUs, dialect }),
    options.fetchJson,
    { timeoutMs: options.timeoutMs, signal: options.signal, api: settings.jaegerApi }
  );
  const { outcomes, plan } = result;
  if (outcomes.length > 0 && outcomes.every((outcome) => FAILED.has(outcome.state))) {
    return { kind: 'unavailable', plan, outcomes, timedOut: outcomes.some((outcome) => outcome.state === 'timeout') };
  }
  const config = options.config ?? compileConfig(options.settings);
  // Spans far before the searched window (a clock reset to 1970) are set aside; a day of slack
  // keeps the early spans of traces that began just before it.
  const notBeforeUs = plan.startUs - 86_400_000_000;
  const timeline = reconstructOrder(options.orderId, result.payloads, config, { nowUs: options.nowUs, outcomes, notBeforeUs });
  if (timeline.spans.length === 0) {
    return { kind: 'not_found', plan, outcomes };
  }
  const wait = unexplainedWaitOf(timeline, config);
  if (!wait) {
    return { kind: 'found', timeline, plan, outcomes, contextOutcomes: [] };
  }
  const search = await searchServiceErrors([wait], settings, options.fetchJson, { ...options, dialect: result.dialect });
  const [explained] = attachServiceErrors([timeline], search, config, options.nowUs);
  return { kind: 'found', timeline: explained, plan, outcomes, contextOutcomes: search.outcomes };
}

/** Searches that failed or hit their limit, named for the partial-result notice. */
export function incompleteSearches(outcomes: RequestOutcome[]): Array<{ service: string; reason: string }> {
  return outcomes
    .filter((outcome) => outcome.state !== 'ok' && outcome.state !== 'empty')
    .map((outcome) => ({
      service: describeSearch(outcome.request),
      reason:
        outcome.state === 'limit_reached'
          ? `returned its limit of ${outcome.request.limit} traces, so older traces may be missing`
          : outcome.state === 'timeout'
            ? 'did not answer in time'
            : outcome.state === 'aborted'
              ? 'was cancelled'
              : `failed${outcome.message ? `: ${outcome.message}` : ''}`,
    }));
}

/** The wider window to offer when nothing was found, or undefined when the window is already the widest allowed. */
export function widerLookback(currentSeconds: number): number | undefined {
  if (currentSeconds >= LIMITS.maxLookbackSeconds) {
    return undefined;
  }
  return Math.min(Math.max(currentSeconds * 3, 7 * 86_400), LIMITS.maxLookbackSeconds);
}

export { checkOrderId };
