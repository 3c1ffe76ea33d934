import { Evidence, OrderSpan } from '../model';
import { SpanIndex, spanKey } from './spanIndex';

/**
 * An error that a later attempt of the same operation in the same trace got past (a retried
 * request, a redelivered message) is history, not a cause: its evidence is turned into `info`
 * in place, and says so.
 */
export function markRecoveredErrors(spans: OrderSpan[], byKey: SpanIndex, evidence: Evidence[]): void {
  const failedByTrace = new Map<string, Array<{ item: Evidence; span: OrderSpan }>>();
  for (const item of evidence) {
    const ref = item.spans[0];
    const span = item.kind === 'error' && ref ? byKey.get(spanKey(ref.traceId, ref.spanId)) : undefined;
    if (span) {
      const list = failedByTrace.get(span.traceId) ?? [];
      list.push({ item, span });
      failedByTrace.set(span.traceId, list);
    }
  }
  if (failedByTrace.size === 0) {
    return;
  }
  // HTTP client spans are named by method only: the route tells two PUTs apart.
  const route = (span: OrderSpan) => span.attributes['url.template'] ?? span.attributes['http.route'];
  const recovered = new Set<Evidence>();
  for (const span of spans) {
    const candidates = span.status === 'error' ? undefined : failedByTrace.get(span.traceId);
    for (const { item, span: failed } of candidates ?? []) {
      if (
        span.startUs > failed.startUs &&
        span.operation === failed.operation &&
        span.service === failed.service &&
        route(span) === route(failed)
      ) {
        recovered.add(item);
      }
    }
  }
  for (const item of recovered) {
    item.severity = 'info';
    item.message = `${item.message} A later attempt succeeded.`;
  }
}
