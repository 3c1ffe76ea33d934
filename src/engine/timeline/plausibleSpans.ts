import { EngineWarning, OrderSpan } from '../model';
import { plausibleTime } from '../statuses';
import { refOf } from '../evidence';

/**
 * The spans whose times can be believed, and a warning naming the others: a span dated a century
 * ahead (or before the searched window, or beyond what a Date can show) is set aside, so it never
 * becomes the current status nor stretches the swimlane.
 */
export function plausibleSpans(
  spans: OrderSpan[],
  nowUs: number,
  notBeforeUs?: number
): { spans: OrderSpan[]; warnings: EngineWarning[] } {
  const kept = spans.filter((span) => plausibleTime(span.startUs, nowUs, notBeforeUs) && plausibleTime(span.startUs + span.durationUs, nowUs));
  if (kept.length === spans.length) {
    return { spans, warnings: [] };
  }
  const outside = spans.filter((span) => !kept.includes(span));
  return {
    spans: kept,
    warnings: [
      {
        code: 'implausible_time',
        message: `${outside.length} span${outside.length === 1 ? ' is' : 's are'} dated outside the searched window or in the future (${outside
          .slice(0, 3)
          .map((span) => `${span.operation} in ${span.service}`)
          .join(', ')}): set aside, the service's clock may be wrong.`,
        spans: outside.slice(0, 10).map(refOf),
      },
    ],
  };
}
