import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { testSpan } from '../../test/spanBuilders';
import { compileConfig } from '../config';
import { deepestSlowSpans, inspectOrderSpans } from './spanFindings';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;
const TRACE = 'c'.repeat(32);
const id = (digit: string) => digit.repeat(16);

describe('deepestSlowSpans', () => {
  it('calls only the deepest slow span of a chain slow', () => {
    const spans = [
      testSpan({ traceId: TRACE, spanId: id('1'), startUs: T0, durationUs: 30 * MIN }),
      testSpan({ traceId: TRACE, spanId: id('2'), parentSpanId: id('1'), startUs: T0, durationUs: 20 * MIN }),
      testSpan({ traceId: TRACE, spanId: id('3'), parentSpanId: id('2'), startUs: T0, durationUs: 1000 }),
    ];
    expect(deepestSlowSpans(spans, [null, null, null], config)).toEqual([false, true, false]);
  });

  it('judges a span by the SLA of the status the order was in', () => {
    // A quarter of SUBMITTED's 10 min SLA is 2.5 min; without a status only the 10 min floor applies.
    const span = testSpan({ durationUs: 3 * MIN });
    expect(deepestSlowSpans([span], ['SUBMITTED'], config)).toEqual([true]);
    expect(deepestSlowSpans([span], [null], config)).toEqual([false]);
  });

  it('keeps a slow parent whose child in another trace happens to share its id', () => {
    const parent = testSpan({ traceId: TRACE, spanId: id('1'), durationUs: 30 * MIN });
    const elsewhere = testSpan({
      traceId: 'd'.repeat(32),
      spanId: id('2'),
      parentSpanId: id('1'),
      durationUs: 30 * MIN,
    });
    expect(deepestSlowSpans([parent, elsewhere], [null, null], config)).toEqual([true, true]);
  });
});

describe('inspectOrderSpans', () => {
  it('gives each span its marks by position and collects the evidence in span order', () => {
    const failed = testSpan({ startUs: T0 + MIN, status: 'error', statusMessage: 'boom' });
    const plain = testSpan({ startUs: T0 });
    const slow = testSpan({ startUs: T0 + 2 * MIN, durationUs: 11 * MIN });
    const { marks, evidence } = inspectOrderSpans(
      [failed, plain, slow],
      [null, null, null],
      [false, false, true],
      config,
      T0
    );
    expect(marks).toEqual([['error'], [], ['slow']]);
    expect(evidence.map((item) => [item.kind, item.spans[0].spanId])).toEqual([
      ['error', failed.spanId],
      ['slow_operation', slow.spanId],
    ]);
  });
});
