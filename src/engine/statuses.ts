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

/**
 * Turns status reports from many services into the order's status intervals.
 * - Reports are ordered by time; reports closer than the clock-skew tolerance are ordered by
 *   lifecycle position instead (and a warning says the clocks disagree).
 * - A status is entered once: a later report of the same status (the CRM recording an MES status
 *   event, a retry) adds its service to `reportedBy` and changes nothing else.
 */
export function buildStatusIntervals(
  events: StatusEvent[],
  config: EngineConfig,
  nowUs: number,
  warnings: EngineWarning[]
): StatusInterval[] {
  const rank = (event: StatusEvent) => config.statusIndex.get(event.status) ?? -1;
  events.sort((a, b) => a.timeUs - b.timeUs || rank(a) - rank(b));
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
  for (const event of events) {
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
    const last = intervals[intervals.length - 1];
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
  return intervals;
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
