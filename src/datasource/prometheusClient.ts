import type { FetchJson } from './grafanaProxy';

/** One series of an instant vector: its labels and value. */
export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

export class PrometheusQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusQueryError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads Prometheus' `/api/v1/query` answer; a scalar comes back as one series without labels. */
export function readVector(payload: unknown): VectorSample[] {
  if (!isRecord(payload) || payload.status !== 'success' || !isRecord(payload.data)) {
    const error =
      isRecord(payload) && typeof payload.error === 'string' && payload.error.trim() !== ''
        ? payload.error
        : 'not a Prometheus answer';
    throw new PrometheusQueryError(error);
  }
  const { resultType, result } = payload.data;
  if (resultType === 'scalar' && Array.isArray(result)) {
    return [{ labels: {}, value: sampleValue(result[1]) }];
  }
  if (resultType !== 'vector') {
    throw new PrometheusQueryError(`expected an instant vector, got ${describeValue(resultType)}`);
  }
  if (!Array.isArray(result)) {
    throw new PrometheusQueryError(`an instant vector without its list of series (result: ${describeValue(result)})`);
  }
  return result.filter(isRecord).map((item) => {
    const labels: Record<string, string> = {};
    if (isRecord(item.metric)) {
      for (const [key, value] of Object.entries(item.metric)) {
        if (typeof value === 'string') {
          labels[key] = value;
        }
      }
    }
    const pair = Array.isArray(item.value) ? item.value : [];
    return { labels, value: sampleValue(pair[1]) };
  });
}

/**
 * A sample value as Prometheus writes it (a string: "3", "0.5", "+Inf", "-Inf", "NaN"); anything
 * else (an empty string, a list, null) is NaN, never 0 as JavaScript's Number() would make it.
 */
export function sampleValue(raw: unknown): number {
  if (typeof raw === 'number') {
    return raw;
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    return NaN;
  }
  if (raw === '+Inf' || raw === '-Inf') {
    return raw === '+Inf' ? Infinity : -Infinity;
  }
  return Number(raw);
}

/** A value of an answer, said briefly (a type name, or its JSON cut short): never "[object Object]". */
function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Prometheus answers an instant query well within this, or the page goes on without it. */
export const PROMETHEUS_TIMEOUT_MS = 10_000;

/** Runs an instant query through a Prometheus HTTP API (Grafana's datasource proxy, or directly). */
export async function queryVector(
  fetchJson: FetchJson,
  expr: string,
  options: { timeSeconds?: number; signal?: AbortSignal } = {}
): Promise<VectorSample[]> {
  const params = new URLSearchParams({ query: expr });
  if (options.timeSeconds !== undefined) {
    params.set('time', String(options.timeSeconds));
  }
  return readVector(await fetchJson(`/api/v1/query?${params.toString()}`, options.signal));
}

/** The samples keyed by one label (e.g. `status`); series without it are left out. */
export function byLabel(samples: VectorSample[], label: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const sample of samples) {
    const key = sample.labels[label];
    if (key !== undefined && Number.isFinite(sample.value)) {
      out.set(key, sample.value);
    }
  }
  return out;
}
