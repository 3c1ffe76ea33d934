import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { testSpan } from '../../test/spanBuilders';
import { compileConfig } from '../config';
import { MessagingInfo, OrderSpan } from '../model';
import { orderStatuses, statusClock } from './orderStatuses';
import { mergeDuplicateSpans } from './spanIndex';
import { queueWaits, traceGaps } from './waits';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;
const messaging = (operation: MessagingInfo['operation'], destination = 'orders.submitted', deadLetter = false) => ({
  system: 'rabbitmq',
  operation,
  destination,
  deadLetter,
});

function waitsOf(spans: OrderSpan[], nowUs: number) {
  const statuses = orderStatuses(spans, config, nowUs);
  return queueWaits(spans, mergeDuplicateSpans(spans).byKey, {
    config,
    nowUs,
    statusAt: statusClock(statuses.intervals, config.clockSkewToleranceUs),
    current: statuses.current,
  });
}

describe('queueWaits', () => {
  const submitted = testSpan({ startUs: T0, attributes: { 'order.status': 'SUBMITTED' } });
  const publish = testSpan({
    service: 'shop-api',
    startUs: T0 + MIN,
    kind: 'producer',
    messaging: messaging('publish'),
  });

  it('measures publish → process when the consumer links to the publish', () => {
    const process = testSpan({
      service: 'crm-api',
      startUs: T0 + 3 * MIN,
      kind: 'consumer',
      links: [{ traceId: publish.traceId, spanId: publish.spanId, type: 'follows_from' }],
    });
    const { waits, evidence } = waitsOf([submitted, publish, process], T0 + 60 * MIN);
    expect(waits).toEqual([
      {
        kind: 'queue',
        queue: 'orders.submitted',
        from: { traceId: publish.traceId, spanId: publish.spanId },
        to: { traceId: process.traceId, spanId: process.spanId },
        startUs: T0 + MIN,
        endUs: T0 + 3 * MIN,
        durationUs: 2 * MIN,
      },
    ]);
    expect(evidence).toEqual([]);
  });

  it('also finds the publish through the consumer’s parent, and names the consumer’s queue when the publish has none', () => {
    const bare = testSpan({ startUs: T0 + MIN, kind: 'producer' });
    const process = testSpan({
      traceId: bare.traceId,
      parentSpanId: bare.spanId,
      startUs: T0 + 2 * MIN,
      messaging: messaging('process', 'mes.orders'),
    });
    expect(waitsOf([bare, process], T0 + 3 * MIN).waits).toMatchObject([{ queue: 'mes.orders', endUs: T0 + 2 * MIN }]);
  });

  it('leaves a message that was dead-lettered without a wait, and one nobody processed open until now', () => {
    const dead = testSpan({
      startUs: T0 + 2 * MIN,
      messaging: messaging('publish', 'orders.submitted.dlq', true),
      links: [{ traceId: publish.traceId, spanId: publish.spanId, type: 'follows_from' }],
    });
    expect(waitsOf([submitted, publish, dead], T0 + 60 * MIN).waits).toEqual([]);
    expect(waitsOf([submitted, publish], T0 + 4 * MIN).waits).toEqual([
      {
        kind: 'queue',
        queue: 'orders.submitted',
        from: { traceId: publish.traceId, spanId: publish.spanId },
        startUs: T0 + MIN,
        endUs: null,
        durationUs: 3 * MIN,
      },
    ]);
  });

  it('calls an unprocessed message lost only once it is overdue and the order has not moved on', () => {
    expect(waitsOf([submitted, publish], T0 + 10 * MIN).evidence).toEqual([]);
    const { evidence } = waitsOf([submitted, publish], T0 + 11 * MIN);
    expect(evidence).toEqual([
      {
        kind: 'unconsumed_message',
        severity: 'critical',
        atUs: T0 + MIN,
        status: 'SUBMITTED',
        service: 'shop-api',
        message: 'shop-api published a message to orders.submitted at 22:14 UTC; nothing has processed it in 10 min.',
        spans: [{ traceId: publish.traceId, spanId: publish.spanId }],
      },
    ]);
    const movedOn = testSpan({ startUs: T0 + 5 * MIN, attributes: { 'order.status': 'FILE_UPLOADED' } });
    expect(waitsOf([submitted, publish, movedOn], T0 + 60 * MIN).evidence).toEqual([]);
    const closed = testSpan({ startUs: T0 + 1, service: 'crm-api', attributes: { 'order.status': 'CLOSED' } });
    expect(waitsOf([closed, publish], T0 + 60 * MIN).evidence).toEqual([]);
  });
});

describe('traceGaps', () => {
  it('reports a pause of more than a second between traces, measured from the latest end so far', () => {
    const long = testSpan({ traceId: '1'.repeat(32), startUs: T0, durationUs: 5_000_000 });
    const short = testSpan({ traceId: '1'.repeat(32), startUs: T0 + 1, durationUs: 1 });
    const sameTrace = testSpan({ traceId: '1'.repeat(32), startUs: T0 + 9_000_000 });
    const next = testSpan({ traceId: '2'.repeat(32), startUs: T0 + 20_000_000 });
    expect(traceGaps([long, short, sameTrace, next])).toEqual([
      {
        kind: 'gap',
        from: { traceId: sameTrace.traceId, spanId: sameTrace.spanId },
        to: { traceId: next.traceId, spanId: next.spanId },
        startUs: T0 + 9_001_000,
        endUs: T0 + 20_000_000,
        durationUs: 10_999_000,
      },
    ]);
  });

  it('ignores a pause of a second or less, and overlapping traces', () => {
    const first = testSpan({ traceId: '1'.repeat(32), startUs: T0, durationUs: 10_000_000 });
    const inside = testSpan({ traceId: '2'.repeat(32), startUs: T0 + 2_000_000 });
    const soon = testSpan({ traceId: '3'.repeat(32), startUs: T0 + 11_000_000 });
    expect(traceGaps([first, inside, soon])).toEqual([]);
  });
});
