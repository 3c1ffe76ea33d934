import { OrderTrackerSettings } from '../settings/types';
import { JaegerApi, JaegerDialect, JaegerRequestPlan, JaegerSearchRequest, StuckOrder } from './model';
import { validateOrderId } from './orderId';

export interface PlanOptions {
  /** "Now" in microseconds (injected so plans are testable). */
  nowUs: number;
  /** How the Jaeger searches (default: the v1 `/api/traces` search, one service at a time). */
  dialect?: JaegerDialect;
}

const V1: JaegerDialect = { api: 'v1', serviceless: false };

/**
 * The services one search round covers: every configured service in turn, or, where the v3 search
 * serves it, one search without a service (which also finds services missing from the settings).
 */
function servicesToSearch(settings: OrderTrackerSettings, dialect: JaegerDialect): Array<string | undefined> {
  return dialect.api === 'v3' && dialect.serviceless ? [undefined] : settings.services;
}

const US = 1_000_000;

/**
 * Builds one search path. Every user-supplied value goes through URLSearchParams and
 * JSON.stringify, never through string concatenation, so no id can break out of its parameter.
 */
export function searchPath(
  api: JaegerApi,
  service: string | undefined,
  tags: Record<string, string>,
  startUs: number,
  endUs: number,
  limit: number
): string {
  const params = new URLSearchParams();
  if (api === 'v3') {
    if (service !== undefined) {
      params.set('query.serviceName', service);
    }
    params.set('query.startTimeMin', rfc3339(Math.floor(startUs / 1000)));
    params.set('query.startTimeMax', rfc3339(Math.ceil(endUs / 1000)));
    params.set('query.attributes', JSON.stringify(tags));
    params.set('query.searchDepth', String(limit));
    return `/api/v3/traces?${params.toString()}`;
  }
  if (service === undefined) {
    throw new Error('The /api/traces search needs a service');
  }
  params.set('service', service);
  params.set('tags', JSON.stringify(tags));
  params.set('start', String(Math.floor(startUs)));
  params.set('end', String(Math.ceil(endUs)));
  params.set('limit', String(limit));
  return `/api/traces?${params.toString()}`;
}

/**
 * A tag value as the storage will compare it. Jaeger's Elasticsearch/OpenSearch storage matches tag
 * values as (Lucene) regular expressions, so `ALX-1.2` would also find `ALX-1x2`: there every
 * reserved character is escaped. Other storages compare exactly; there the value is sent as it is.
 * The engine filters by exact id either way: escaping only keeps searches from fetching others' traces.
 */
export function tagValue(value: string, settings: Pick<OrderTrackerSettings, 'tagValuesAsPatterns'>): string {
  return settings.tagValuesAsPatterns ? value.replace(/[.?+*|{}[\]()"\\#@&<>~]/g, '\\$&') : value;
}

/** RFC 3339 for the v3 bounds (required there); times outside Date's range are clamped to it. */
function rfc3339(ms: number): string {
  const MAX_MS = 8.64e15;
  return new Date(Math.max(-MAX_MS, Math.min(MAX_MS, Number.isFinite(ms) ? ms : 0))).toISOString();
}

/**
 * Requests for one order, one wave over the lookback window: one search per configured service, or
 * one search for every service where the v3 search serves it.
 */
export function planOrderLookup(
  rawOrderId: unknown,
  settings: OrderTrackerSettings,
  options: PlanOptions
): JaegerRequestPlan {
  const orderId = validateOrderId(rawOrderId);
  const dialect = options.dialect ?? V1;
  const endUs = options.nowUs;
  const startUs = endUs - settings.lookbackSeconds * US;
  const tags = { [settings.attributes.orderId]: tagValue(orderId, settings) };
  return {
    startUs,
    endUs,
    requests: servicesToSearch(settings, dialect).map((service, index) => ({
      id: `order:${index}:${service ?? '*'}`,
      purpose: 'order',
      service,
      orderId,
      api: dialect.api,
      path: searchPath(dialect.api, service, tags, startUs, endUs, settings.orderTraceLimit),
      limit: settings.orderTraceLimit,
    })),
  };
}

/**
 * Requests for the index of a window: one search per (service ×) lifecycle status with
 * `{<statusKey>: <status>}`. Each finds the traces where that status was reported, so every status
 * change in the window is found while each search stays bounded by its limit. Terminal statuses
 * are included: an order that finished must not look stuck.
 */
export function planIndex(
  settings: OrderTrackerSettings,
  options: PlanOptions & { windowSeconds?: number }
): JaegerRequestPlan {
  const dialect = options.dialect ?? V1;
  const endUs = options.nowUs;
  const startUs = endUs - (options.windowSeconds ?? settings.lookbackSeconds) * US;
  const requests: JaegerSearchRequest[] = [];
  for (const service of servicesToSearch(settings, dialect)) {
    for (const status of settings.lifecycle) {
      const tags = { [settings.attributes.status]: tagValue(status.name, settings) };
      requests.push({
        id: `index:${requests.length}:${service ?? '*'}:${status.name}`,
        purpose: 'index-status',
        service,
        status: status.name,
        api: dialect.api,
        path: searchPath(dialect.api, service, tags, startUs, endUs, settings.indexTraceLimit),
        limit: settings.indexTraceLimit,
      });
    }
  }
  return { startUs, endUs, requests };
}

/**
 * The second, bounded wave for stuck orders: a full lookup (every service) of the `maxOrders` most
 * overdue orders, searched from shortly before they entered their status, so their verdicts can
 * name the cause (a dead letter or an error may sit in a trace that carries no status).
 */
export function planStuckCauses(
  stuck: StuckOrder[],
  settings: OrderTrackerSettings,
  options: PlanOptions & { maxOrders?: number }
): JaegerRequestPlan {
  const dialect = options.dialect ?? V1;
  const chosen = stuck.slice(0, options.maxOrders ?? 20);
  const endUs = options.nowUs;
  const earliest = chosen.reduce((min, order) => Math.min(min, order.enteredAtUs), endUs);
  const requests: JaegerSearchRequest[] = [];
  for (const order of chosen) {
    const startUs = Math.max(order.enteredAtUs - 300 * US, endUs - settings.lookbackSeconds * US);
    const tags = { [settings.attributes.orderId]: tagValue(order.orderId, settings) };
    for (const service of servicesToSearch(settings, dialect)) {
      requests.push({
        id: `cause:${requests.length}:${service ?? '*'}`,
        purpose: 'index-cause',
        service,
        orderId: order.orderId,
        api: dialect.api,
        path: searchPath(dialect.api, service, tags, startUs, endUs, settings.orderTraceLimit),
        limit: settings.orderTraceLimit,
      });
    }
  }
  return { startUs: Math.min(earliest - 300 * US, endUs), endUs, requests };
}

/** One status searched over one window of entry times: a slice of the stuck-orders search. */
export interface StatusWindow {
  status: string;
  startUs: number;
  endUs: number;
  /** Only the service that sets the status (enough to prove an order reached it). */
  setterOnly?: boolean;
}

/**
 * The services that report a status: the one the lifecycle says sets it, and the services that
 * record statuses others set (the setters of terminal statuses keep the order's status); every
 * configured service when the lifecycle names no setter. Where one v3 search covers every service,
 * that one search.
 */
export function servicesReporting(
  status: string,
  settings: OrderTrackerSettings,
  dialect: JaegerDialect = V1,
  setterOnly = false
): Array<string | undefined> {
  const setter = settings.lifecycle.find((definition) => definition.name === status)?.setBy;
  if (setter && setterOnly) {
    return [setter];
  }
  if (!setter || (dialect.api === 'v3' && dialect.serviceless)) {
    return servicesToSearch(settings, dialect);
  }
  const keepers = settings.lifecycle.flatMap((definition) =>
    definition.terminal && definition.setBy ? [definition.setBy] : []
  );
  return [...new Set([setter, ...keepers])];
}

/**
 * One search per window and reporting service for the spans that entered the window's status
 * within it (`{<statusKey>: <status>}`), each bounded by `limit` traces.
 */
export function planStatusWindows(
  windows: StatusWindow[],
  settings: OrderTrackerSettings,
  options: PlanOptions & { limit?: number }
): JaegerRequestPlan {
  const dialect = options.dialect ?? V1;
  const limit = options.limit ?? settings.indexTraceLimit;
  const requests: JaegerSearchRequest[] = [];
  let startUs = options.nowUs;
  let endUs = options.nowUs;
  for (const window of windows) {
    startUs = Math.min(startUs, window.startUs);
    endUs = Math.max(endUs, window.endUs);
    const tags = { [settings.attributes.status]: tagValue(window.status, settings) };
    for (const service of servicesReporting(window.status, settings, dialect, window.setterOnly)) {
      requests.push({
        id: `status:${requests.length}:${service ?? '*'}:${window.status}`,
        purpose: 'index-status',
        service,
        status: window.status,
        api: dialect.api,
        path: searchPath(dialect.api, service, tags, window.startUs, window.endUs, limit),
        limit,
      });
    }
  }
  return { startUs, endUs, requests };
}
