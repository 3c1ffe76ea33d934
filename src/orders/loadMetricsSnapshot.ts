import type { FetchJson } from '../datasource/grafanaProxy';
import { byLabel, queryVector } from '../datasource/prometheusClient';
import { oldestEntered, orderMetricsPresent, ordersInStatus } from '../queries/promql';
import { MetricsSnapshot } from './crossCheck';

export type MetricsAvailability =
  | { state: 'ok'; snapshot: MetricsSnapshot }
  | { state: 'not_configured' }
  | { state: 'absent' }
  | { state: 'error'; message: string };

/** The Prometheus side of the cross-check, or why there is none (trace-only mode). */
export async function loadMetricsSnapshot(
  prometheus: FetchJson | undefined,
  signal?: AbortSignal
): Promise<MetricsAvailability> {
  if (!prometheus) {
    return { state: 'not_configured' };
  }
  try {
    const present = await queryVector(prometheus, orderMetricsPresent(), { signal });
    if (present.length === 0 || !(present[0].value > 0)) {
      return { state: 'absent' };
    }
    const [inStatus, oldest] = await Promise.all([
      queryVector(prometheus, ordersInStatus(), { signal }),
      queryVector(prometheus, oldestEntered(), { signal }),
    ]);
    return {
      state: 'ok',
      snapshot: { inStatus: byLabel(inStatus, 'status'), oldestEnteredSeconds: byLabel(oldest, 'status') },
    };
  } catch (error) {
    return { state: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
