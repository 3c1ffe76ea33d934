import { OrderSpan } from '../model';
import { orderIdOf } from '../orderId';
import { SpanIndex } from './spanIndex';

/**
 * The order's spans, sorted by start time (ties by trace and span id, so the result does not depend
 * on the order the searches answered in). The order's traces are those with a span carrying its id
 * plus every trace linked to them, in either direction and transitively; inside them a span belongs
 * to the order unless it carries another order's id (a shared batch trace).
 */
export function selectOrderSpans(orderId: string, byKey: SpanIndex, orderIdKey: string): OrderSpan[] {
  const traces = orderTraceIds(orderId, byKey, orderIdKey);
  const spans: OrderSpan[] = [];
  for (const span of byKey.values()) {
    if (!traces.has(span.traceId)) {
      continue;
    }
    const id = orderIdOf(span, orderIdKey);
    if (id === undefined || id === orderId) {
      spans.push(span);
    }
  }
  return spans.sort(
    (a, b) =>
      a.startUs - b.startUs || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : a.spanId < b.spanId ? -1 : 1)
  );
}

function orderTraceIds(orderId: string, byKey: SpanIndex, orderIdKey: string): Set<string> {
  const traces = new Set<string>();
  const traceLinks = new Map<string, string[]>();
  for (const span of byKey.values()) {
    if (orderIdOf(span, orderIdKey) === orderId) {
      traces.add(span.traceId);
    }
    for (const link of span.links) {
      if (link.traceId !== span.traceId) {
        pushTo(traceLinks, span.traceId, link.traceId);
        pushTo(traceLinks, link.traceId, span.traceId);
      }
    }
  }
  const queue = [...traces];
  let traceId = queue.pop();
  while (traceId !== undefined) {
    for (const linked of traceLinks.get(traceId) ?? []) {
      if (!traces.has(linked)) {
        traces.add(linked);
        queue.push(linked);
      }
    }
    traceId = queue.pop();
  }
  return traces;
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

/** When the order was first and last seen (the end of its latest-ending span), null without spans. */
export function seenRange(spans: OrderSpan[]): { firstSeenUs: number | null; lastSeenUs: number | null } {
  if (spans.length === 0) {
    return { firstSeenUs: null, lastSeenUs: null };
  }
  let latest = -Infinity;
  for (const span of spans) {
    latest = Math.max(latest, span.startUs + span.durationUs);
  }
  return { firstSeenUs: spans[0].startUs, lastSeenUs: latest };
}
