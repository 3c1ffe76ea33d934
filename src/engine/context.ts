/**
 * Failures that carry no order id but may still explain a stuck order: while an order waits for the
 * service that should set its next status, that service's failed requests without an order id
 * (an operators' dashboard whose query times out, a batch job that crashes) are found by time
 * window and named as circumstantial evidence, never as proof.
 */
import { EngineConfig, expectedNextStatus, statusDefinition } from './config';
import { clip, errorMessage, refOf } from './evidence';
import { formatClock } from './format';
import { Evidence, JaegerRequestPlan, JaegerSearchRequest, OrderSpan, OrderTimeline } from './model';
import { readSpans } from './spans/read';
import { PlanOptions, searchPath } from './plan';
import { verdictFor } from './verdict';
import { OrderTrackerSettings } from '../settings/types';

/** An order waiting in `status` for `service` to set `next`, from `startUs` until `endUs`. */
export interface ServiceWait {
  orderId: string;
  status: string;
  next: string;
  service: string;
  startUs: number;
  endUs: number;
}

/** How many of the failed requests an evidence item points at (latest first). */
const MAX_EVIDENCE_SPANS = 5;

/**
 * The wait of an order past its SLA in a non-terminal status, when the lifecycle says which
 * service sets the next status; undefined otherwise.
 */
export function serviceWaitOf(
  order: { orderId: string; status: string; enteredAtUs: number },
  config: EngineConfig,
  nowUs: number
): ServiceWait | undefined {
  const definition = statusDefinition(config, order.status);
  if (!definition || definition.terminal || definition.slaSeconds === null) {
    return undefined;
  }
  if (nowUs - order.enteredAtUs <= definition.slaSeconds * 1_000_000) {
    return undefined;
  }
  const next = expectedNextStatus(config, order.status);
  const service = next ? statusDefinition(config, next)?.setBy : undefined;
  if (!next || !service) {
    return undefined;
  }
  return {
    orderId: order.orderId,
    status: order.status,
    next,
    service,
    startUs: order.enteredAtUs - config.clockSkewToleranceUs,
    endUs: nowUs,
  };
}

/** The wait of a reconstructed order that is stuck and has no order-scoped cause, if any. */
export function unexplainedWaitOf(timeline: OrderTimeline, config: EngineConfig): ServiceWait | undefined {
  const { verdict } = timeline;
  const current = timeline.statuses[timeline.statuses.length - 1];
  if (verdict.state !== 'stuck' || !current || (verdict.cause && verdict.cause.kind !== 'expected_status_missing')) {
    return undefined;
  }
  return serviceWaitOf({ orderId: timeline.orderId, status: current.status, enteredAtUs: current.enteredAtUs }, config, timeline.nowUs);
}

/**
 * One search per service for failed requests over the union of the waits' windows (overlapping
 * windows merged, so many stuck orders waiting on one service cost one request, not one each).
 */
export function planServiceErrors(
  waits: ServiceWait[],
  settings: OrderTrackerSettings,
  options: PlanOptions
): JaegerRequestPlan {
  const api = options.dialect?.api ?? 'v1';
  const byService = new Map<string, Array<{ startUs: number; endUs: number }>>();
  for (const wait of waits) {
    const windows = byService.get(wait.service) ?? [];
    windows.push({ startUs: wait.startUs, endUs: wait.endUs });
    byService.set(wait.service, windows);
  }
  const requests: JaegerSearchRequest[] = [];
  let startUs = options.nowUs;
  let endUs = options.nowUs;
  for (const [service, windows] of byService) {
    for (const window of mergeWindows(windows)) {
      startUs = Math.min(startUs, window.startUs);
      endUs = Math.max(endUs, window.endUs);
      requests.push({
        id: `service-errors:${requests.length}:${service}`,
        purpose: 'service-errors',
        service,
        api,
        // Jaeger stores an OTel ERROR status as the tag error=true.
        path: searchPath(api, service, { error: 'true' }, window.startUs, window.endUs, settings.orderTraceLimit),
        limit: settings.orderTraceLimit,
      });
    }
  }
  return { startUs, endUs, requests };
}

function mergeWindows(windows: Array<{ startUs: number; endUs: number }>): Array<{ startUs: number; endUs: number }> {
  const sorted = [...windows].sort((a, b) => a.startUs - b.startUs);
  const merged: Array<{ startUs: number; endUs: number }> = [];
  for (const window of sorted) {
    const last = merged[merged.length - 1];
    if (last && window.startUs <= last.endUs) {
      last.endUs = Math.max(last.endUs, window.endUs);
    } else {
      merged.push({ ...window });
    }
  }
  return merged;
}

/**
 * Circumstantial evidence for one wait: the failed spans of the waited-for service inside the
 * window that carry no order id at all (spans of this or another order are not counted), reduced
 * to the top failure of each request and grouped by operation.
 */
export function serviceErrorEvidence(
  wait: ServiceWait,
  spans: OrderSpan[],
  config: EngineConfig,
  nowUs: number
): Evidence | undefined {
  const failed = spans.filter(
    (span) =>
      span.status === 'error' &&
      span.service === wait.service &&
      span.startUs >= wait.startUs &&
      span.startUs <= wait.endUs &&
      !(config.orderIdKey in span.attributes)
  );
  if (failed.length === 0) {
    return undefined;
  }
  const failedKeys = new Set(failed.map((span) => `${span.traceId}:${span.spanId}`));
  const childMessage = new Map<string, string>();
  for (const span of failed) {
    const message = errorMessage(span);
    if (span.parentSpanId && message) {
      childMessage.set(`${span.traceId}:${span.parentSpanId}`, message);
    }
  }
  // A request's failure shows on its server span and on the query beneath it: count the request once.
  const tops = new Map<string, OrderSpan>();
  for (const span of failed) {
    if (!span.parentSpanId || !failedKeys.has(`${span.traceId}:${span.parentSpanId}`)) {
      tops.set(`${span.traceId}:${span.spanId}`, span);
    }
  }
  const groups = new Map<string, OrderSpan[]>();
  for (const span of tops.values()) {
    const group = groups.get(span.operation) ?? [];
    group.push(span);
    groups.set(span.operation, group);
  }
  const ranked = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const latest = [...tops.values()].sort((a, b) => b.startUs - a.startUs);
  const [operation, group] = ranked[0];
  const example = group[0];
  const reason = errorMessage(example) ?? childMessage.get(`${example.traceId}:${example.spanId}`);
  const others = ranked.length > 1 ? ` and ${ranked.length - 1} other operation${ranked.length > 2 ? 's' : ''}` : '';
  const count = tops.size;
  return {
    kind: 'service_errors',
    severity: 'warning',
    atUs: latest[0].startUs,
    status: wait.status,
    service: wait.service,
    message:
      `${wait.service} failed ${count} request${count === 1 ? '' : 's'} without an order id while the order waited for ${wait.next}: ` +
      `${clip(operation, 80)} ×${group.length}${reason ? ` (${clip(reason, 80)})` : ''}${others}, last at ${formatClock(latest[0].startUs, nowUs)}. ` +
      'Related by time only.',
    spans: latest.slice(0, MAX_EVIDENCE_SPANS).map(refOf),
  };
}

/** The evidence for each wait (by order id) from the responses of a `planServiceErrors` plan. */
export function serviceErrorsFor(
  waits: ServiceWait[],
  payloads: unknown[],
  config: EngineConfig,
  nowUs: number
): Map<string, Evidence> {
  const found = new Map<string, Evidence>();
  if (waits.length === 0) {
    return found;
  }
  const { spans } = readSpans(payloads, config);
  for (const wait of waits) {
    const evidence = serviceErrorEvidence(wait, spans, config, nowUs);
    if (evidence) {
      found.set(wait.orderId, evidence);
    }
  }
  return found;
}

/** The timeline with context evidence added, its verdict recomputed to name it when nothing stronger explains the state. */
export function withContextEvidence(timeline: OrderTimeline, extra: Evidence[], config: EngineConfig): OrderTimeline {
  if (extra.length === 0) {
    return timeline;
  }
  const evidence = [...timeline.evidence, ...extra].sort((a, b) => a.atUs - b.atUs);
  const current = timeline.statuses[timeline.statuses.length - 1];
  return {
    ...timeline,
    evidence,
    verdict: verdictFor(current, evidence, config, timeline.nowUs, timeline.spans.length),
  };
}
