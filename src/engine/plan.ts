import { OrderTrackerSettings } from '../settings/types';
import { JaegerApi, JaegerRequestPlan, JaegerSearchRequest, StuckOrder } from './model';
import { validateOrderId } from './orderId';

export interface PlanOptions {
  /** "Now" in microseconds (injected so plans are testable). */
  nowUs: number;
  api?: JaegerApi;
}

const US = 1_000_000;

/**
 * Builds one search path. Every user-supplied value goes through URLSearchParams and
 * JSON.stringify, never through string concatenation, so no id can break out of its parameter.
 */
export function searchPath(
  api: JaegerApi,
  service: string,
  tags: Record<string, string>,
  startUs: number,
  endUs: number,
  limit: number
): string {
  const params = new URLSearchParams();
  if (api === 'v3') {
    params.set('query.service_name', service);
    params.set('query.start_time_min', new Date(Math.floor(startUs / 1000)).toISOString());
    params.set('query.start_time_max', new Date(Math.ceil(endUs / 1000)).toISOString());
    // Jaeger v2.20's HTTP gateway ignores `query.attributes` (later versions filter by it): the
    // engine filters by order id itself, so a v3 lookup stays correct, only less selective.
    params.set('query.attributes', JSON.stringify(tags));
    params.set('query.num_traces', String(limit));
    return `/api/v3/traces?${params.toString()}`;
  }
  params.set('service', service);
  params.set('tags', JSON.stringify(tags));
  params.set('start', String(Math.floor(startUs)));
  params.set('end', String(Math.ceil(endUs)));
  params.set('limit', String(limit));
  return `/api/traces?${params.toString()}`;
}

/** Requests for one order: one search per configured service over the lookback window, one wave. */
export function planOrderLookup(
  rawOrderId: unknown,
  settings: OrderTrackerSettings,
  options: PlanOptions
): JaegerRequestPlan {
  const orderId = validateOrderId(rawOrderId);
  const api = options.api ?? 'v2';
  const endUs = options.nowUs;
  const startUs = endUs - settings.lookbackSeconds * US;
  const tags = { [settings.attributes.orderId]: orderId };
  return {
    startUs,
    endUs,
    requests: settings.services.map((service, index) => ({
      id: `order:${index}:${service}`,
      purpose: 'order',
      service,
      orderId,
      api,
      path: searchPath(api, service, tags, startUs, endUs, settings.orderTraceLimit),
      limit: settings.orderTraceLimit,
    })),
  };
}

/**
 * Requests for the index of a window: one search per service × lifecycle status with
 * `{<statusKey>: <status>}`. Each finds the traces where that service reported that status, so
 * every status change in the window is found while each search stays bounded by its limit.
 * Terminal statuses are included: an order that finished must not look stuck.
 */
export function planIndex(
  settings: OrderTrackerSettings,
  options: PlanOptions & { windowSeconds?: number }
): JaegerRequestPlan {
  const api = options.api ?? 'v2';
  const endUs = options.nowUs;
  const startUs = endUs - (options.windowSeconds ?? settings.lookbackSeconds) * US;
  const requests: JaegerSearchRequest[] = [];
  for (const service of settings.services) {
    for (const status of settings.lifecycle) {
      requests.push({
        id: `index:${requests.length}:${service}:${status.name}`,
        purpose: 'index-status',
        service,
        status: status.name,
        api,
        path: searchPath(
          api,
          service,
          { [settings.attributes.status]: status.name },
          startUs,
          endUs,
          settings.indexTraceLimit
        ),
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
  const api = options.api ?? 'v2';
  const chosen = stuck.slice(0, options.maxOrders ?? 20);
  const endUs = options.nowUs;
  const earliest = chosen.reduce((min, order) => Math.min(min, order.enteredAtUs), endUs);
  const requests: JaegerSearchRequest[] = [];
  for (const order of chosen) {
    const startUs = Math.max(order.enteredAtUs - 300 * US, endUs - settings.lookbackSeconds * US);
    for (const service of settings.services) {
      requests.push({
        id: `cause:${requests.length}:${service}`,
        purpose: 'index-cause',
        service,
        orderId: order.orderId,
        api,
        path: searchPath(
          api,
          service,
          { [settings.attributes.orderId]: order.orderId },
          startUs,
          endUs,
          settings.orderTraceLimit
        ),
        limit: settings.orderTraceLimit,
      });
    }
  }
  return { startUs: Math.min(earliest - 300 * US, endUs), endUs, requests };
}
