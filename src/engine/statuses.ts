import { EngineConfig, slaFor, statusDefinition } from './config';
import { EngineWarning, OrderSpan, SlaVerdict, SpanRef, StatusInterval } from './model';

/** One report of a status change by one service. */
export interface StatusEvent {
  status: string;
  timeUs: number;
  service: string;
  span: SpanRef;
}

/** The status a span reports, if it changed the status (a failed span changed nothing). */
export function statusOf(span: OrderSpan, config: EngineConfig): string | undefined {
  if (span.status === 'error') {
    return undefined;
  }
  const value = span.attributes[config.statusKey];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const MAX_REORDER_STEPS = 32;
/** How far ahead of "now" a span may start before its clock is not believed (clocks drift a little). */
export const FUTURE_TOLERANCE_US = 10 * 60 * 1_000_000;

/**
 * Whether a span time can be believed: not after now (plus a tolerance), not before the window the
 * search covered, and inside what a Date can show. A status dated a century ahead must not become
 * the current status, nor a stray span stretch the swimlane to a century.
 */
export function plausibleTime(timeUs: number, nowUs: number, notBeforeUs = -Infinity): boolean {
  return Number.isFinite(timeUs) && timeUs <= nowUs + FUTURE_TOLERANCE_US && timeUs >= notBeforeUs && Math.abs(timeUs) < 8.64e18;
}

/** Where status reports may fall: before `notBeforeUs` (the search window's start) is set aside. */
export interface StatusWindow {
  notBeforeUs?: number;
}

/**
 * Turns status reports from many services into the order's status intervals.
 * - Reports are ordered by time; reports closer than the clock-skew tolerance are ordered by
 *   lifecycle position instead (and a warning says the clocks disagree).
 * - A status is entered once: a later report of the same status (the CRM recording an MES status
 *   event, a retry) adds its service to `reportedBy` and changes nothing else.
 */
export function buildStatusIntervals(
  allEvents: StatusEvent[],
  config: EngineConfig,
  nowUs: number,
  warnings: EngineWarning[],
  window: StatusWindow = {}
): StatusInterval[] {
  const rank = (event: StatusEvent) => config.statusIndex.get(event.status) ?? -1;
  const events = saneEvents(allEvents, config, nowUs, window, warnings);
  events.sort((a, b) => a.timeUs - b.timeUs || rank(a) - rank(b));
  reportContradictions(events, warnings);
  let skewed: SpanRef[] | undefined;
  for (let index = 1; index < events.length; index++) {
    let position = index;
    let steps = 0;
    while (position > 0 && steps < MAX_REORDER_STEPS) {
      const previous = events[position - 1];
      const current = events[position];
      const previousRank = rank(previous);
      const currentRank = rank(current);
      if (
        current.timeUs - previous.timeUs < config.clockSkewToleranceUs &&
        previous.service !== current.service &&
        currentRank >= 0 &&
        previousRank > currentRank &&
        !isTerminal(config, previous.status)
      ) {
        events[position - 1] = current;
        events[position] = previous;
        (skewed ??= []).push(current.span, previous.span);
        position--;
        steps++;
      } else {
        break;
      }
    }
  }
  if (skewed) {
    warnings.push({
      code: 'clock_skew',
      message:
        'Some status changes were reported by different services within the clock-skew tolerance in an order the lifecycle does not allow; they are shown in lifecycle order (the services\u2019 clocks may disagree).',
      spans: skewed.slice(0, 10),
    });
  }

  const intervals: StatusInterval[] = [];
  const byStatus = new Map<string, StatusInterval>();
  const unknown = new Set<string>();
  const afterTerminal: StatusEvent[] = [];
  for (const event of events) {
    const last = intervals[intervals.length - 1];
    if (last?.terminal && event.status !== last.status) {
      // A finished order is not reopened by a late or stray report: it is said, not obeyed.
      afterTerminal.push(event);
      continue;
    }
    const existing = byStatus.get(event.status);
    if (existing) {
      if (!existing.reportedBy.includes(event.service)) {
        existing.reportedBy.push(event.service);
      }
      continue;
    }
    const lifecycleIndex = config.statusIndex.get(event.status) ?? -1;
    if (lifecycleIndex < 0) {
      unknown.add(event.status);
    }
    if (last && lifecycleIndex >= 0 && last.lifecycleIndex > lifecycleIndex && !last.terminal) {
      warnings.push({
        code: 'status_out_of_order',
        message: `${event.service} reported ${event.status} after ${last.status}, which comes later in the lifecycle.`,
        spans: [event.span, last.span],
      });
    }
    const definition = statusDefinition(config, event.status);
    const interval: StatusInterval = {
      status: event.status,
      lifecycleIndex,
      enteredAtUs: event.timeUs,
      leftAtUs: null,
      durationUs: 0,
      slaSeconds: slaFor(config, event.status),
      verdict: 'none',
      terminal: definition?.terminal ?? false,
      service: event.service,
      reportedBy: [event.service],
      span: event.span,
    };
    byStatus.set(event.status, interval);
    intervals.push(interval);
  }
  for (let index = 0; index < intervals.length; index++) {
    const interval = intervals[index];
    const next = intervals[index + 1];
    interval.leftAtUs = next ? next.enteredAtUs : null;
    const end = next ? next.enteredAtUs : Math.max(nowUs, interval.enteredAtUs);
    interval.durationUs = Math.max(0, end - interval.enteredAtUs);
    interval.verdict = interval.terminal ? 'none' : slaVerdict(interval.durationUs, interval.slaSeconds);
  }
  if (unknown.size > 0) {
    warnings.push({
      code: 'unknown_status',
      message: `Status${unknown.size > 1 ? 'es' : ''} not in the configured lifecycle: ${[...unknown].slice(0, 5).join(', ')}.`,
    });
  }
  if (afterTerminal.length > 0) {
    const final = intervals.find((interval) => interval.terminal);
    warnings.push({
      code: 'after_terminal',
      message: `${afterTerminal
        .slice(0, 3)
        .map((event) => `${event.service} reported ${event.status}`)
        .join(', ')} after the order was ${final?.status ?? 'finished'}; the order stays ${final?.status ?? 'finished'} (the lifecycle does not reopen it).`,
      spans: afterTerminal.slice(0, 10).map((event) => event.span),
    });
  }
  return intervals;
}

/**
 * The reports that can be believed. Set aside, with a warning that names them: reports dated
 * outside the plausible window, and reports of statuses outside the lifecycle while the order has
 * lifecycle statuses (they are shown as a warning and never become the current status, so an
 * unknown status cannot take an overdue order off the stuck list).
 */
function saneEvents(
  events: StatusEvent[],
  config: EngineConfig,
  nowUs: number,
  window: StatusWindow,
  warnings: EngineWarning[]
): StatusEvent[] {
  const timed = events.filter((event) => plausibleTime(event.timeUs, nowUs, window.notBeforeUs));
  if (timed.length < events.length) {
    const outside = events.filter((event) => !timed.includes(event));
    warnings.push({
      code: 'implausible_time',
      message: `${outside.length} status report${outside.length === 1 ? ' is' : 's are'} dated outside the searched window or in the future (${outside
        .slice(0, 3)
        .map((event) => `${event.status} by ${event.service}`)
        .join(', ')}): set aside, the service's clock may be wrong.`,
      spans: outside.slice(0, 10).map((event) => event.span),
    });
  }
  const known = timed.filter((event) => config.statusIndex.has(event.status));
  if (known.length === 0 || known.length === timed.length) {
    return timed;
  }
  const unknown = timed.filter((event) => !config.statusIndex.has(event.status));
  warnings.push({
    code: 'unknown_status',
    message: `${unknown
      .slice(0, 3)
      .map((event) => `${event.service} reported ${event.status}`)
      .join(', ')}, which the configured lifecycle does not know; the order's status is taken from the lifecycle statuses it reported.`,
    spans: unknown.slice(0, 10).map((event) => event.span),
  });
  return known;
}

/** Two services reporting different statuses at the very same moment: said, not silently resolved. */
function reportContradictions(sorted: StatusEvent[], warnings: EngineWarning[]): void {
  for (let index = 1; index < sorted.length; index++) {
    const [a, b] = [sorted[index - 1], sorted[index]];
    if (a.timeUs === b.timeUs && a.status !== b.status && a.service !== b.service) {
      warnings.push({
        code: 'contradictory_status',
        message: `${a.service} reported ${a.status} and ${b.service} reported ${b.status} at the same moment; they are shown in lifecycle order.`,
        spans: [a.span, b.span],
      });
      return;
    }
  }
}

export function slaVerdict(durationUs: number, slaSeconds: number | null): SlaVerdict {
  if (slaSeconds === null) {
    return 'none';
  }
  const slaUs = slaSeconds * 1_000_000;
  if (durationUs > slaUs) {
    return 'breached';
  }
  return durationUs >= 0.8 * slaUs ? 'warning' : 'ok';
}

function isTerminal(config: EngineConfig, status: string): boolean {
  return statusDefinition(config, status)?.terminal ?? false;
}
