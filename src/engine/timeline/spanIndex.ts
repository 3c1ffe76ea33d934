import { EngineWarning, OrderSpan } from '../model';

/** Every span read, by `spanKey`: parents and link targets are looked up here, not only the order's spans. */
export type SpanIndex = Map<string, OrderSpan>;

export const spanKey = (traceId: string, spanId: string): string => `${traceId}:${spanId}`;

export interface MergedSpans {
  byKey: SpanIndex;
  warnings: EngineWarning[];
}

/** The same span comes back from several per-service searches: keep the first copy of each. */
export function mergeDuplicateSpans(input: OrderSpan[]): MergedSpans {
  const byKey: SpanIndex = new Map();
  for (const span of input) {
    const key = spanKey(span.traceId, span.spanId);
    if (!byKey.has(key)) {
      byKey.set(key, span);
    }
  }
  const duplicates = input.length - byKey.size;
  const warnings: EngineWarning[] = [];
  if (duplicates > 0) {
    // Repeats are normal (several services' searches return the same trace): only say so in a quiet note.
    warnings.push({
      code: 'duplicate_span',
      message: `${duplicates} duplicate span${duplicates > 1 ? 's were' : ' was'} merged.`,
    });
  }
  return { byKey, warnings };
}
