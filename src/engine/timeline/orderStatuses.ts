import { EngineConfig } from '../config';
import { refOf } from '../evidence';
import { EngineWarning, OrderSpan, StatusInterval } from '../model';
import { buildStatusIntervals, StatusEvent, statusOf } from '../statuses';

export interface OrderStatuses {
  intervals: StatusInterval[];
  /** The last interval: the status the order is in now. */
  current: StatusInterval | undefined;
  warnings: EngineWarning[];
}

/** The order's status intervals from the status reports of its spans. */
export function orderStatuses(spans: OrderSpan[], config: EngineConfig, nowUs: number): OrderStatuses {
  const events: StatusEvent[] = [];
  for (const span of spans) {
    const status = statusOf(span, config);
    if (status !== undefined) {
      events.push({ status, timeUs: span.startUs, service: span.service, span: refOf(span) });
    }
  }
  const warnings: EngineWarning[] = [];
  const intervals = buildStatusIntervals(events, config, nowUs, warnings);
  if (spans.length > 0 && intervals.length === 0) {
    warnings.push({
      code: 'no_status',
      message: `None of the order's spans carries "${config.statusKey}": its status is unknown.`,
    });
  }
  return { intervals, current: intervals.length > 0 ? intervals[intervals.length - 1] : undefined, warnings };
}

/** The status the order was in at a time; null when it has no status at all. */
export type StatusAt = (timeUs: number) => string | null;

/**
 * A look-up of the status at any time. A span up to the clock-skew tolerance before a status
 * change already counts for the new status (the change and the span may come from clocks that
 * disagree); anything before the first status counts for the first status.
 */
export function statusClock(intervals: StatusInterval[], clockSkewToleranceUs: number): StatusAt {
  const enteredAt = intervals.map((interval) => interval.enteredAtUs);
  return (timeUs) => {
    let low = 0;
    let high = enteredAt.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (enteredAt[middle] <= timeUs + clockSkewToleranceUs) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found >= 0 ? intervals[found].status : intervals.length > 0 ? intervals[0].status : null;
  };
}
