import { EngineConfig } from '../config';
import { inspectSpan, isSlow } from '../evidence';
import { Evidence, OrderSpan, SpanMark } from '../model';
import { spanKey } from './spanIndex';

/**
 * Which spans to call slow: only the deepest slow span of a chain, since its parents are slow
 * because of it. `spanStatuses[i]` is the status the order was in when `spans[i]` started.
 */
export function deepestSlowSpans(
  spans: OrderSpan[],
  spanStatuses: Array<string | null>,
  config: EngineConfig
): boolean[] {
  const slow = spans.map((span, index) => isSlow(span, config, spanStatuses[index]));
  const slowParents = new Set<string>();
  spans.forEach((span, index) => {
    if (slow[index] && span.parentSpanId) {
      slowParents.add(spanKey(span.traceId, span.parentSpanId));
    }
  });
  return spans.map((span, index) => slow[index] && !slowParents.has(spanKey(span.traceId, span.spanId)));
}

export interface SpanFindings {
  /** The marks of each span's bar, by the span's position. */
  marks: SpanMark[][];
  /** What the spans say by themselves, in span order. */
  evidence: Evidence[];
}

/** The marks and evidence of every span on its own (errors, dead letters, retries, files, slowness). */
export function inspectOrderSpans(
  spans: OrderSpan[],
  spanStatuses: Array<string | null>,
  slow: boolean[],
  config: EngineConfig,
  nowUs: number
): SpanFindings {
  const marks: SpanMark[][] = [];
  const evidence: Evidence[] = [];
  spans.forEach((span, index) => {
    const inspected = inspectSpan(span, config, spanStatuses[index], slow[index], nowUs);
    marks.push(inspected.marks);
    for (const item of inspected.evidence) {
      evidence.push(item);
    }
  });
  return { marks, evidence };
}
