import { StatusDefinition } from '../settings/types';

/**
 * PromQL builders for the pages. Every value that comes from a person (status names, service
 * names, patterns) is written as an escaped double-quoted string; label names and metric names
 * are fixed by the telemetry contract.
 */

/** A PromQL double-quoted string literal: backslash, quote and line breaks escaped. */
export function promString(value: string): string {
  let out = '"';
  for (const char of value) {
    switch (char) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += char;
    }
  }
  return `${out}"`;
}

const RANGE = /^(\$__rate_interval|\$__interval|\$__range|\d+(ms|s|m|h|d|w|y))$/;

function range(value: string | undefined): string {
  const text = value ?? '$__rate_interval';
  if (!RANGE.test(text)) {
    throw new Error(`"${text.slice(0, 40)}" is not a PromQL range such as 5m or $__rate_interval`);
  }
  return text;
}

function seconds(value: number): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error('An SLA must be a positive number of seconds');
  }
  return String(value);
}

function matchers(labels: Record<string, string | undefined>): string {
  const parts = Object.entries(labels)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${promString(value)}`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/** Orders currently in each status (gauge). */
export function ordersPerStatusQuery(): string {
  return 'sum by (status) (orders_in_status)';
}

export function ordersInStatusQuery(status: string): string {
  return `sum(orders_in_status${matchers({ status })})`;
}

/** Entries into each status per second. */
export function transitionsRateQuery(status?: string, rateInterval?: string): string {
  return `sum by (status) (rate(order_status_transitions_total${matchers({ status })}[${range(rateInterval)}]))`;
}

/** Time-in-status histogram for a heatmap (`format: 'heatmap'`). */
export function timeInStatusHeatmapQuery(status: string, rateInterval?: string): string {
  return `sum by (le) (rate(order_status_duration_seconds_bucket${matchers({ status })}[${range(rateInterval)}]))`;
}

/** Quantile of completed stays in a status (lead-time breakdown). */
export function timeInStatusQuantileQuery(status: string, quantile = 0.95, rateInterval?: string): string {
  if (!(quantile > 0 && quantile < 1)) {
    throw new Error('A quantile is between 0 and 1');
  }
  return `histogram_quantile(${quantile}, ${timeInStatusHeatmapQuery(status, rateInterval)})`;
}

/** Age of the oldest order in a status when it is past the SLA (no sample when nothing is stuck). */
export function oldestOverdueQuery(status: string, slaSeconds: number): string {
  return `time() - order_status_oldest_entered_timestamp_seconds${matchers({ status })} > ${seconds(slaSeconds)}`;
}

/** One series per status whose oldest order is past its SLA, for every status with an SLA. */
export function stuckStatusesQuery(lifecycle: StatusDefinition[]): string | undefined {
  const parts = lifecycle
    .filter((status) => !status.terminal && status.slaSeconds !== null)
    .map((status) => `(${oldestOverdueQuery(status.name, status.slaSeconds as number)})`);
  return parts.length > 0 ? parts.join(' or ') : undefined;
}

/** p95 latency (ms) of a service's spans by span name, from the spanmetrics connector. */
export function spanLatencyP95Query(service: string, spanName?: string, rateInterval?: string): string {
  return `histogram_quantile(0.95, sum by (le, span_name) (rate(traces_span_metrics_duration_milliseconds_bucket${matchers(
    {
      service_name: service,
      span_name: spanName,
    }
  )}[${range(rateInterval)}])))`;
}

/** Error spans per second by span name. */
export function spanErrorRateQuery(service: string, rateInterval?: string): string {
  return `sum by (span_name) (rate(traces_span_metrics_calls_total${matchers({
    service_name: service,
    status_code: 'STATUS_CODE_ERROR',
  })}[${range(rateInterval)}]))`;
}

/**
 * Dead-letter spans per second: span names matching the dead-letter pattern anywhere (PromQL
 * regexes are anchored, so the pattern is wrapped in `.*(?:…).*`; RE2 has no look-arounds).
 */
export function deadLetterRateQuery(deadLetterPattern: string, rateInterval?: string): string {
  return `sum by (service_name, span_name) (rate(traces_span_metrics_calls_total{span_name=~${promString(
    `.*(?:${deadLetterPattern}).*`
  )}}[${range(rateInterval)}]))`;
}
