import { executePlan, FetchJson } from '../datasource/jaegerClient';
import type { RequestPool } from '../datasource/requestPool';
import {
  EngineConfig,
  JaegerDialect,
  JaegerSearchRequest,
  OrderTimeline,
  planServiceErrors,
  RequestOutcome,
  serviceErrorsFor,
  ServiceWait,
  unexplainedWaitOf,
  withContextEvidence,
} from '../engine';
import { OrderTrackerSettings } from '../settings/types';
import { searchJaeger } from './searchJaeger';

/** The answers to the search for failed requests without an order id, for the waits it covered. */
export interface ServiceErrorSearch {
  waits: ServiceWait[];
  payloads: unknown[];
  outcomes: RequestOutcome[];
  /** Requests the page's budget refused. */
  skipped?: JaegerSearchRequest[];
}

export interface ServiceErrorOptions {
  nowUs: number;
  /** The dialect the first wave used, when known (saves asking again). */
  dialect?: JaegerDialect;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The connections and budget of the page load. */
  pool?: RequestPool;
}

/**
 * The second step of an order's explanation: the services the waiting orders wait for are searched
 * for failed requests that carry no order id, over the time the orders waited (overlapping waits of
 * many orders share one request per service). No waits, no request.
 */
export async function searchServiceErrors(
  waits: ServiceWait[],
  settings: OrderTrackerSettings,
  fetchJson: FetchJson,
  options: ServiceErrorOptions
): Promise<ServiceErrorSearch> {
  if (waits.length === 0) {
    return { waits, payloads: [], outcomes: [] };
  }
  const planFor = (dialect: JaegerDialect) => planServiceErrors(waits, settings, { nowUs: options.nowUs, dialect });
  const searchOptions = {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    api: settings.jaegerApi,
    pool: options.pool,
  };
  const result = options.dialect
    ? await executePlan(planFor(options.dialect), fetchJson, searchOptions)
    : await searchJaeger(planFor, fetchJson, searchOptions);
  return { waits, payloads: result.payloads, outcomes: result.outcomes, skipped: result.skipped };
}

/**
 * Attaches what the search found to each timeline whose wait nothing of its own explains; a
 * timeline explained by its own spans keeps its evidence as it is.
 */
export function attachServiceErrors(
  timelines: OrderTimeline[],
  search: ServiceErrorSearch,
  config: EngineConfig,
  nowUs: number
): OrderTimeline[] {
  if (search.waits.length === 0) {
    return timelines;
  }
  const found = serviceErrorsFor(search.waits, search.payloads, config, nowUs);
  return timelines.map((timeline) => {
    const evidence = unexplainedWaitOf(timeline, config) ? found.get(timeline.orderId) : undefined;
    return evidence ? withContextEvidence(timeline, [evidence], config) : timeline;
  });
}
