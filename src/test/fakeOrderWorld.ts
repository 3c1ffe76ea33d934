import { FetchJson, HttpError } from '../datasource/jaegerClient';
import { ageBuckets, oldestEntered, orderMetricsPresent } from '../queries/promql';
import { DEFAULT_LIFECYCLE } from '../settings/defaults';

/**
 * A small world of orders for tests of the stuck-orders search without a real Jaeger: each status
 * change is a trace of one span, searched the way Jaeger's `/api/traces` does (one service, tags on
 * one span, start within the window, newest stored first, at most `limit`).
 */
export interface WorldOrder {
  orderId: string;
  statuses: Array<{ status: string; atUs: number; service: string }>;
}

const MINUTE_US = 60_000_000;
/** The steps of the default lifecycle and how long after the previous each one comes. */
const STEPS: Array<[string, number]> = [
  ['SUBMITTED', 0],
  ['FILE_UPLOADED', 1 * MINUTE_US],
  ['PRICE_CALCULATED', 5 * MINUTE_US],
  ['MANUFACTURING_APPROVED', 120 * MINUTE_US],
  ['MANUFACTURING_STARTED', 60 * MINUTE_US],
  ['MANUFACTURING_COMPLETED', 2 * 1440 * MINUTE_US],
  ['SHIPPED', 8 * 60 * MINUTE_US],
  ['CLOSED', 3 * 1440 * MINUTE_US],
];

/** `count` orders, one created every `everyUs` back from `nowUs`, each stopping at a status in turn. */
export function orderWorld(count: number, nowUs: number, everyUs = 37 * MINUTE_US): WorldOrder[] {
  const orders: WorldOrder[] = [];
  for (let k = 0; k < count; k++) {
    let atUs = nowUs - (count - k) * everyUs;
    const stopAt = k % STEPS.length;
    const statuses: WorldOrder['statuses'] = [];
    for (let step = 0; step <= stopAt && atUs <= nowUs; step++) {
      atUs += STEPS[step][1];
      if (atUs > nowUs) {
        break;
      }
      const status = STEPS[step][0];
      const service = DEFAULT_LIFECYCLE.find((definition) => definition.name === status)?.setBy ?? 'crm-api';
      statuses.push({ status, atUs, service });
    }
    if (statuses.length > 0) {
      orders.push({ orderId: `ALX-${String(1000 + k)}`, statuses });
    }
  }
  return orders;
}

/** The orders truly past their SLA at `nowUs`, with their status. */
export function stuckIn(world: WorldOrder[], nowUs: number): Map<string, string> {
  const stuck = new Map<string, string>();
  for (const order of world) {
    const last = order.statuses[order.statuses.length - 1];
    const sla = DEFAULT_LIFECYCLE.find((definition) => definition.name === last.status)?.slaSeconds;
    if (sla !== null && sla !== undefined && nowUs - last.atUs > sla * 1e6) {
      stuck.set(order.orderId, last.status);
    }
  }
  return stuck;
}

interface Stored {
  traceId: string;
  orderId: string;
  status: string;
  service: string;
  atUs: number;
}

/** Jaeger's `/api/traces` over the world; `fails(service)` makes that service's searches answer 503. */
export function fakeJaeger(
  world: WorldOrder[],
  options: { fails?: (service: string) => boolean; requests?: string[] } = {}
): FetchJson {
  const stored: Stored[] = [];
  world.forEach((order, orderIndex) =>
    order.statuses.forEach((entry, step) =>
      // All-zero ids are invalid in Jaeger and OTLP alike: count from 1.
      stored.push({
        traceId: `${String(orderIndex + 1).padStart(16, '0')}${String(step + 1).padStart(16, '0')}`,
        orderId: order.orderId,
        ...entry,
      })
    )
  );
  return async (path) => {
    options.requests?.push(path);
    const params = new URLSearchParams(path.split('?')[1]);
    const service = params.get('service') ?? '';
    if (options.fails?.(service)) {
      throw new HttpError(503, `HTTP 503: ${service} is down`);
    }
    const tags = JSON.parse(params.get('tags') ?? '{}') as Record<string, string>;
    const startUs = Number(params.get('start'));
    const endUs = Number(params.get('end'));
    const limit = Number(params.get('limit'));
    const found: Stored[] = [];
    for (let index = stored.length - 1; index >= 0 && found.length < limit; index--) {
      const span = stored[index];
      const matches =
        span.service === service &&
        span.atUs >= startUs &&
        span.atUs <= endUs &&
        (tags['order.status'] === undefined || tags['order.status'] === span.status) &&
        (tags['order.id'] === undefined || tags['order.id'] === span.orderId) &&
        tags.error === undefined;
      if (matches) {
        found.push(span);
      }
    }
    return { data: found.map(toJaegerTrace), total: 0, limit: 0, offset: 0, errors: null };
  };
}

function toJaegerTrace(span: Stored) {
  return {
    traceID: span.traceId,
    spans: [
      {
        traceID: span.traceId,
        spanID: span.traceId.slice(16),
        operationName: `set ${span.status}`,
        references: [],
        startTime: span.atUs,
        duration: 1000,
        tags: [
          { key: 'order.id', type: 'string', value: span.orderId },
          { key: 'order.status', type: 'string', value: span.status },
        ],
        logs: [],
        processID: 'p1',
        warnings: null,
      },
    ],
    processes: { p1: { serviceName: span.service, tags: [] } },
    warnings: null,
  };
}

const AGE_BOUNDS = [480, 600, 1440, 1800, 3600, 14400, 86400, 432000, 604800];

/** Prometheus' view of the world at `nowUs`: the age distribution and the oldest entry per status. */
export function fakePrometheus(world: WorldOrder[], nowUs: number): FetchJson {
  const current = world.map((order) => order.statuses[order.statuses.length - 1]);
  const statuses = DEFAULT_LIFECYCLE.map((definition) => definition.name);
  const vector = (result: Array<{ metric: Record<string, string>; value: number }>) => ({
    status: 'success',
    data: {
      resultType: 'vector',
      result: result.map((item) => ({ metric: item.metric, value: [nowUs / 1e6, String(item.value)] })),
    },
  });
  return async (path) => {
    const expr = new URLSearchParams(path.split('?')[1]).get('query');
    if (expr === orderMetricsPresent()) {
      return vector([{ metric: {}, value: statuses.length }]);
    }
    if (expr === ageBuckets()) {
      return vector(
        statuses.flatMap((status) => {
          const ages = current.filter((entry) => entry.status === status).map((entry) => (nowUs - entry.atUs) / 1e6);
          return [...AGE_BOUNDS, Infinity].map((le) => ({
            metric: { status, le: le === Infinity ? '+Inf' : String(le) },
            value: ages.filter((age) => age <= le).length,
          }));
        })
      );
    }
    if (expr === oldestEntered()) {
      return vector(
        statuses.flatMap((status) => {
          const times = current.filter((entry) => entry.status === status).map((entry) => entry.atUs);
          return times.length > 0 && status !== 'CLOSED'
            ? [{ metric: { status }, value: Math.min(...times) / 1e6 }]
            : [];
        })
      );
    }
    return vector([]);
  };
}
