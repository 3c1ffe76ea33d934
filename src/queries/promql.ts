import { promString } from '../engine';
import { StatusDefinition } from '../settings/types';

/**
 * Every PromQL expression Order Tracker runs: the overview and stuck-orders pages, the operations
 * dashboard and the alert rules all take their queries from here, so one integration test can run
 * them all against a real Prometheus. Pure functions; status names come from the settings and are
 * escaped, never pasted.
 */

export const METRICS = {
  transitions: 'order_status_transitions_total',
  inStatus: 'orders_in_status',
  durationBucket: 'order_status_duration_seconds_bucket',
  durationSum: 'order_status_duration_seconds_sum',
  durationCount: 'order_status_duration_seconds_count',
  oldestEntered: 'order_status_oldest_entered_timestamp_seconds',
  spanDurationBucket: 'traces_span_metrics_duration_milliseconds_bucket',
  spanCalls: 'traces_span_metrics_calls_total',
  deadLettered: 'rabbitmq_dead_lettered_messages_total',
  ageBucket: 'order_status_age_seconds_bucket',
  ageCount: 'order_status_age_seconds_count',
} as const;

/** Grafana's range variables; the integration test replaces them with fixed windows. */
export const RATE_INTERVAL = '$__rate_interval';
export const RANGE = '$__range';

/** A regular expression (RE2, anchored by Prometheus) matching exactly one of `values`. */
export function anyOfRegex(values: string[]): string {
  return values.map((value) => value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')).join('|');
}

/** A label matcher such as `{status="SUBMITTED"}`; empty when no matcher is wanted. */
function statusMatcher(status?: string): string {
  return status === undefined ? '' : `{status=${promString(status)}}`;
}

function checkWindow(window: string): string {
  if (window !== RATE_INTERVAL && window !== RANGE && !/^[0-9]+(ms|s|m|h|d|w|y)$/.test(window)) {
    throw new Error(`not a PromQL range: ${window}`);
  }
  return window;
}

/** Orders currently in each status (now, or over time as a range query). */
export function ordersInStatus(): string {
  return `sum by (status) (${METRICS.inStatus})`;
}

/** Are the order metrics there at all? No series means trace-only mode. */
export function orderMetricsPresent(): string {
  return `count(${METRICS.inStatus})`;
}

/** Entries into each status per second. */
export function statusEntriesRate(window: string = RATE_INTERVAL): string {
  return `sum by (status) (rate(${METRICS.transitions}[${checkWindow(window)}]))`;
}

/** Entries into each status since the services started (counter totals). */
export function statusEntriesTotal(): string {
  return `sum by (status) (${METRICS.transitions})`;
}

/** Time-in-status heatmap of one status: completed stays per bucket per second (`format: heatmap`). */
export function timeInStatusHeatmap(status: string, window: string = RATE_INTERVAL): string {
  return `sum by (le) (rate(${METRICS.durationBucket}${statusMatcher(status)}[${checkWindow(window)}]))`;
}

/**
 * The series whose exemplars name one order's stay each (trace that ended it, order id): every
 * status, or one. For `/api/v1/query_exemplars`; the heatmap queries ask for the same exemplars.
 */
export function stayExemplars(status?: string): string {
  return `${METRICS.durationBucket}${statusMatcher(status)}`;
}

/** Completed stays per bucket of one status since the services started (cumulative buckets). */
export function timeInStatusBuckets(status: string): string {
  return `sum by (le) (${METRICS.durationBucket}${statusMatcher(status)})`;
}

/**
 * Mean completed stay per status in seconds: the lead-time breakdown. With a window, stays that
 * ended in that window; with `null`, every stay since the services started.
 */
export function meanTimeInStatus(window: string | null = RANGE): string {
  if (window === null) {
    return `sum by (status) (${METRICS.durationSum}) / sum by (status) (${METRICS.durationCount})`;
  }
  const w = checkWindow(window);
  return `sum by (status) (increase(${METRICS.durationSum}[${w}])) / sum by (status) (increase(${METRICS.durationCount}[${w}]))`;
}

/** Completed stays per status (the count behind the mean), since the services started. */
export function completedStays(): string {
  return `sum by (status) (${METRICS.durationCount})`;
}

/** When the oldest order still in each status entered it (epoch seconds); 0 or absent when none. */
export function oldestEntered(): string {
  return `min by (status) (${METRICS.oldestEntered} > 0)`;
}

/** How long the oldest order still in each status has been there, in seconds. */
export function oldestAge(): string {
  return `time() - ${oldestEntered()}`;
}

/**
 * How far past its SLA the oldest order of each status is, in seconds; only statuses past their
 * SLA return a series (one alert instance per status). Terminal statuses and statuses without SLA
 * are left out.
 */
export function overdueBySla(lifecycle: StatusDefinition[]): string {
  const clauses = lifecycle
    .filter((status) => !status.terminal && status.slaSeconds !== null)
    .map(
      (status) =>
        `(time() - min by (status) (${METRICS.oldestEntered}${statusMatcher(status.name)} > 0) - ${status.slaSeconds} > 0)`
    );
  return clauses.length > 0 ? clauses.join(' or ') : 'vector(0) < 0';
}

/** Share (0–1) of the open orders that are in `status`. */
export function shareOfOpenOrdersIn(status: string, lifecycle: StatusDefinition[]): string {
  const terminal = lifecycle.filter((definition) => definition.terminal).map((definition) => definition.name);
  const open = terminal.length > 0 ? `{status!~${promString(anyOfRegex(terminal))}}` : '';
  return `sum(${METRICS.inStatus}${statusMatcher(status)}) / sum(${METRICS.inStatus}${open})`;
}

/** p95 latency in milliseconds of a service's server spans (spanmetrics). */
export function serverLatencyP95(service: string, window: string = RATE_INTERVAL): string {
  return `histogram_quantile(0.95, sum by (le) (rate(${METRICS.spanDurationBucket}{service_name=${promString(service)}, span_kind="SPAN_KIND_SERVER"}[${checkWindow(window)}])))`;
}

/** Server spans of a service since Jaeger started (count behind the latency quantile). */
export function serverCallsTotal(service: string): string {
  return `sum(${METRICS.spanCalls}{service_name=${promString(service)}, span_kind="SPAN_KIND_SERVER"})`;
}

/** Error ratio (0–1) of a service's server spans. */
export function serverErrorRatio(service: string, window: string = RATE_INTERVAL): string {
  const w = checkWindow(window);
  const sel = `service_name=${promString(service)}, span_kind="SPAN_KIND_SERVER"`;
  return `sum(rate(${METRICS.spanCalls}{${sel}, status_code="STATUS_CODE_ERROR"}[${w}])) / sum(rate(${METRICS.spanCalls}{${sel}}[${w}]))`;
}

/** Messages dead-lettered per queue in the window. */
export function deadLetteredIncrease(window: string = RATE_INTERVAL): string {
  return `sum by (queue) (increase(${METRICS.deadLettered}[${checkWindow(window)}]))`;
}

/** Messages dead-lettered per queue since RabbitMQ (the simulator) started. */
export function deadLetteredTotal(): string {
  return `sum by (queue) (${METRICS.deadLettered})`;
}

/**
 * Every spelling an exporter may give the bucket bound `seconds`: JavaScript's (`600`), Prometheus
 * 3's normalised one (`600.0`) and Go's shortest `%g` (`2.592e+06`), as one RE2 alternation.
 */
export function leSpellings(seconds: number): string {
  const plain = String(seconds);
  const spellings = new Set([plain, Number.isInteger(seconds) ? `${plain}.0` : plain, goFloat(seconds)]);
  return anyOfRegex([...spellings]);
}

/** Go's `strconv.FormatFloat(value, 'g', -1, 64)`: the exponent form from 1e6 on and below 1e-4. */
function goFloat(value: number): string {
  if (value === 0 || !Number.isFinite(value)) {
    return String(value);
  }
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, power] = value.toExponential().split('e');
    const sign = power.startsWith('-') ? '-' : '+';
    const digits = power.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

/** Ages of the orders now in each status: cumulative buckets per status (`le` in seconds). */
export function ageBuckets(): string {
  return `sum by (status, le) (${METRICS.ageBucket})`;
}

/** Orders now in each status, as the age distribution counts them. */
export function ageCount(): string {
  return `sum by (status) (${METRICS.ageCount})`;
}

/** Orders in `status` that have been there longer than `seconds` (needs a bucket at `seconds`). */
export function olderThan(status: string, seconds: number): string {
  const matcher = statusMatcher(status);
  const bucket = `${METRICS.ageBucket}{status=${promString(status)}, le=~${promString(leSpellings(seconds))}}`;
  return `(sum by (status) (${METRICS.ageCount}${matcher}) - sum by (status) (${bucket}))`;
}

/**
 * Orders past their status SLA, per status with an SLA (one series each, 0 included), from the age
 * distribution: exactly how many, where the oldest-entered gauge only says whether any.
 */
export function pastSlaByStatus(lifecycle: StatusDefinition[]): string {
  const clauses = lifecycle
    .filter((status) => !status.terminal && status.slaSeconds !== null)
    .map((status) => olderThan(status.name, status.slaSeconds ?? 0));
  return clauses.length > 0 ? clauses.join(' or ') : 'vector(0) < 0';
}

/**
 * Share (0–1) of the orders now in `status` that have been there longer than `seconds`; no series
 * while nobody is in the status.
 */
export function shareOlderThan(status: string, seconds: number): string {
  return `${olderThan(status, seconds)} / (sum by (status) (${METRICS.ageCount}${statusMatcher(status)}) > 0)`;
}
