import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { testSpan } from '../../test/spanBuilders';
import { compileConfig } from '../config';
import { orderStatuses, statusClock } from './orderStatuses';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;
const SKEW = config.clockSkewToleranceUs;
const statusSpan = (status: string, startUs: number, extra: Partial<Parameters<typeof testSpan>[0]> = {}) =>
  testSpan({ startUs, attributes: { 'order.id': 'A', 'order.status': status }, ...extra });

describe('orderStatuses', () => {
  it('builds the intervals from the spans that report a status, the last one current', () => {
    const spans = [
      statusSpan('SUBMITTED', T0),
      testSpan({ startUs: T0 + MIN }),
      statusSpan('FILE_UPLOADED', T0 + 2 * MIN),
    ];
    const { intervals, current, warnings } = orderStatuses(spans, config, T0 + 3 * MIN);
    expect(intervals.map((interval) => [interval.status, interval.durationUs])).toEqual([
      ['SUBMITTED', 2 * MIN],
      ['FILE_UPLOADED', MIN],
    ]);
    expect(current).toBe(intervals[1]);
    expect(warnings).toEqual([]);
  });

  it('ignores a failed span’s status and says so when no status is left', () => {
    const { intervals, current, warnings } = orderStatuses(
      [statusSpan('SUBMITTED', T0, { status: 'error' })],
      config,
      T0
    );
    expect(intervals).toEqual([]);
    expect(current).toBeUndefined();
    expect(warnings).toEqual([
      { code: 'no_status', message: 'None of the order\'s spans carries "order.status": its status is unknown.' },
    ]);
  });

  it('does not complain about a missing status when there are no spans', () => {
    expect(orderStatuses([], config, T0).warnings).toEqual([]);
  });
});

describe('statusClock', () => {
  const { intervals } = orderStatuses(
    [
      statusSpan('SUBMITTED', T0),
      statusSpan('FILE_UPLOADED', T0 + 10 * MIN),
      statusSpan('PRICE_CALCULATED', T0 + 20 * MIN),
    ],
    config,
    T0 + 30 * MIN
  );
  const statusAt = statusClock(intervals, SKEW);

  it('answers the status entered last at or before the time', () => {
    expect(statusAt(T0)).toBe('SUBMITTED');
    expect(statusAt(T0 + 15 * MIN)).toBe('FILE_UPLOADED');
    expect(statusAt(T0 + 99 * MIN)).toBe('PRICE_CALCULATED');
  });

  it('counts a time up to the clock-skew tolerance before a change for the new status', () => {
    expect(statusAt(T0 + 10 * MIN - SKEW)).toBe('FILE_UPLOADED');
    expect(statusAt(T0 + 10 * MIN - SKEW - 1)).toBe('SUBMITTED');
  });

  it('counts anything before the first status for the first status, and knows none without statuses', () => {
    expect(statusAt(T0 - 60 * MIN)).toBe('SUBMITTED');
    expect(statusClock([], SKEW)(T0)).toBeNull();
  });
});
