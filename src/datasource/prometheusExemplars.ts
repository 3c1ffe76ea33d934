import type { FetchJson } from './grafanaProxy';
import { PrometheusQueryError, sampleValue } from './prometheusClient';

/** One exemplar: the series it belongs to, its own labels (`trace_id`, …), value and time. */
export interface Exemplar {
  seriesLabels: Record<string, string>;
  labels: Record<string, string>;
  value: number;
  timestampMs: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringLabels(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (isRecord(value)) {
    for (const [key, label] of Object.entries(value)) {
      if (typeof label === 'string') {
        labels[key] = label;
      }
    }
  }
  return labels;
}

/** Reads Prometheus' `/api/v1/query_exemplars` answer (one entry per series, its exemplars inside). */
export function readExemplars(payload: unknown): Exemplar[] {
  if (!isRecord(payload) || payload.status !== 'success' || !Array.isArray(payload.data)) {
    const error =
      isRecord(payload) && typeof payload.error === 'string' ? payload.error : 'not a Prometheus exemplar answer';
    throw new PrometheusQueryError(error);
  }
  return payload.data.filter(isRecord).flatMap((series) => {
    const seriesLabels = stringLabels(series.seriesLabels);
    const exemplars = Array.isArray(series.exemplars) ? series.exemplars.filter(isRecord) : [];
    return exemplars
      .map((exemplar) => ({
        seriesLabels,
        labels: stringLabels(exemplar.labels),
        value: sampleValue(exemplar.value),
        timestampMs: sampleValue(exemplar.timestamp) * 1000,
      }))
      .filter((exemplar) => Number.isFinite(exemplar.value) && Number.isFinite(exemplar.timestampMs));
  });
}

/**
 * The exemplars of the series a selector matches, stored between two times (epoch seconds); a
 * Prometheus without exemplar storage answers with none.
 */
export async function queryExemplars(
  fetchJson: FetchJson,
  selector: string,
  window: { startSeconds: number; endSeconds: number; signal?: AbortSignal }
): Promise<Exemplar[]> {
  const params = new URLSearchParams({
    query: selector,
    start: String(Math.floor(window.startSeconds)),
    end: String(Math.ceil(window.endSeconds)),
  });
  return readExemplars(await fetchJson(`/api/v1/query_exemplars?${params.toString()}`, window.signal));
}
