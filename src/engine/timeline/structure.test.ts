import { OrderSpan } from '../model';
import { testSpan } from '../../test/spanBuilders';
import { mergeDuplicateSpans } from './spanIndex';
import { checkStructure } from './structure';

const T0 = 1_700_000_000_000_000;
const SKEW = 2_000_000;
const TRACE = 'a'.repeat(32);
const id = (digit: string) => digit.repeat(16);
const span = (spanId: string, parentSpanId: string | undefined, startUs = T0) =>
  testSpan({ traceId: TRACE, spanId: id(spanId), parentSpanId: parentSpanId && id(parentSpanId), startUs });
const check = (spans: OrderSpan[], all: OrderSpan[] = spans) =>
  checkStructure(spans, mergeDuplicateSpans(all).byKey, SKEW);

describe('checkStructure', () => {
  it('has nothing to say about a well-formed tree', () => {
    expect(check([span('1', undefined), span('2', '1', T0 + 1), span('3', '2', T0 + 2)])).toEqual([]);
  });

  it('counts spans whose parent was not read at all', () => {
    expect(check([span('1', '9'), span('2', '8')])).toEqual([
      {
        code: 'missing_parent',
        message: '2 spans have a parent that was not found (an incomplete trace); they are shown on their own.',
      },
    ]);
  });

  it('finds a parent among all spans read, not only the order’s', () => {
    const parent = span('1', undefined);
    expect(check([span('2', '1', T0 + 1)], [parent, span('2', '1', T0 + 1)])).toEqual([]);
  });

  it('names children that start before their parent by more than the clock-skew tolerance', () => {
    const early = span('2', '1', T0 - SKEW - 1);
    const warnings = check([span('1', undefined), early, span('3', '1', T0 - SKEW)]);
    expect(warnings).toEqual([
      {
        code: 'clock_skew',
        message:
          "1 span starts before its parent: the services' clocks disagree, so times across services are approximate.",
        spans: [{ traceId: TRACE, spanId: early.spanId }],
      },
    ]);
  });

  it('counts each parent cycle once, however many spans hang off it', () => {
    const spans = [
      span('1', '2'),
      span('2', '1'),
      span('3', '3'),
      // Children of a cycle are not cycles themselves.
      span('4', '1'),
      span('5', '4'),
    ];
    expect(check(spans).find((warning) => warning.code === 'reference_cycle')?.message).toBe(
      'The parent references of 2 trace parts form cycles; the data is corrupt and their nesting is ignored.'
    );
  });
});
