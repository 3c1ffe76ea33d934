import { OrderSpan } from '../model';
import { testSpan } from '../../test/spanBuilders';
import { seenRange, selectOrderSpans } from './orderSpans';
import { mergeDuplicateSpans } from './spanIndex';

const T0 = 1_700_000_000_000_000;
const KEY = 'order.id';
const trace = (digit: string) => digit.repeat(32);
const select = (orderId: string, spans: OrderSpan[]) =>
  selectOrderSpans(orderId, mergeDuplicateSpans(spans).byKey, KEY).map((span) => span.operation);

describe('selectOrderSpans', () => {
  it('follows links from and to the order’s traces, transitively', () => {
    const spans = [
      testSpan({ traceId: trace('1'), operation: 'order', startUs: T0, attributes: { [KEY]: 'A' } }),
      // Trace 2 links to the order's trace; trace 3 is linked from trace 2 only.
      testSpan({
        traceId: trace('2'),
        operation: 'links to the order',
        startUs: T0 + 1,
        links: [{ traceId: trace('1'), spanId: 'f'.repeat(16), type: 'follows_from' }],
      }),
      testSpan({
        traceId: trace('2'),
        operation: 'links onwards',
        startUs: T0 + 2,
        links: [{ traceId: trace('3'), spanId: 'f'.repeat(16), type: 'follows_from' }],
      }),
      testSpan({ traceId: trace('3'), operation: 'two links away', startUs: T0 + 3 }),
      testSpan({ traceId: trace('4'), operation: 'unrelated', startUs: T0 + 4 }),
    ];
    expect(select('A', spans)).toEqual(['order', 'links to the order', 'links onwards', 'two links away']);
  });

  it('leaves out spans of other orders in a shared trace, and reads numeric ids as text', () => {
    const shared = trace('5');
    const spans = [
      testSpan({ traceId: shared, operation: 'mine', startUs: T0, attributes: { [KEY]: 42 } }),
      testSpan({ traceId: shared, operation: 'other order', startUs: T0 + 1, attributes: { [KEY]: '43' } }),
      testSpan({ traceId: shared, operation: 'no id', startUs: T0 + 2 }),
    ];
    expect(select('42', spans)).toEqual(['mine', 'no id']);
    expect(select('43', spans)).toEqual(['other order', 'no id']);
  });

  it('sorts by start time, then trace id, then span id, whatever order the input came in', () => {
    const spans = [
      testSpan({
        traceId: trace('2'),
        spanId: '1'.repeat(16),
        operation: 'b1',
        startUs: T0,
        attributes: { [KEY]: 'A' },
      }),
      testSpan({
        traceId: trace('1'),
        spanId: '2'.repeat(16),
        operation: 'a2',
        startUs: T0,
        attributes: { [KEY]: 'A' },
      }),
      testSpan({
        traceId: trace('1'),
        spanId: '1'.repeat(16),
        operation: 'a1',
        startUs: T0,
        attributes: { [KEY]: 'A' },
      }),
      testSpan({ traceId: trace('3'), operation: 'earliest', startUs: T0 - 1, attributes: { [KEY]: 'A' } }),
    ];
    expect(select('A', spans)).toEqual(['earliest', 'a1', 'a2', 'b1']);
    expect(select('A', [...spans].reverse())).toEqual(['earliest', 'a1', 'a2', 'b1']);
  });

  it('finds nothing for an order no span names', () => {
    expect(select('A', [testSpan({ attributes: { [KEY]: 'B' } }), testSpan({})])).toEqual([]);
  });
});

describe('seenRange', () => {
  it('runs from the first start to the latest end, which need not be the last span’s', () => {
    const spans = [testSpan({ startUs: 100, durationUs: 50 }), testSpan({ startUs: 110, durationUs: 5 })];
    expect(seenRange(spans)).toEqual({ firstSeenUs: 100, lastSeenUs: 150 });
    expect(seenRange([])).toEqual({ firstSeenUs: null, lastSeenUs: null });
  });
});
