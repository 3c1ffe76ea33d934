import { testSpan } from '../../test/spanBuilders';
import { mergeDuplicateSpans, spanKey } from './spanIndex';

describe('mergeDuplicateSpans', () => {
  it('keeps the first copy of each span and counts the repeats in one note', () => {
    const first = testSpan({ operation: 'first copy' });
    const again = { ...first, operation: 'second copy' };
    const other = testSpan({});
    const { byKey, warnings } = mergeDuplicateSpans([first, other, again, again]);
    expect([...byKey.keys()]).toEqual([spanKey(first.traceId, first.spanId), spanKey(other.traceId, other.spanId)]);
    expect(byKey.get(spanKey(first.traceId, first.spanId))).toBe(first);
    expect(warnings).toEqual([{ code: 'duplicate_span', message: '2 duplicate spans were merged.' }]);
  });

  it('says "was" for one repeat and nothing when there is none', () => {
    const span = testSpan({});
    expect(mergeDuplicateSpans([span, span]).warnings).toEqual([
      { code: 'duplicate_span', message: '1 duplicate span was merged.' },
    ]);
    expect(mergeDuplicateSpans([span, testSpan({})]).warnings).toEqual([]);
  });

  it('tells apart spans that share a span id across traces', () => {
    const a = testSpan({ traceId: 'a'.repeat(32), spanId: '1'.repeat(16) });
    const b = testSpan({ traceId: 'b'.repeat(32), spanId: '1'.repeat(16) });
    expect(mergeDuplicateSpans([a, b]).byKey.size).toBe(2);
  });
});
