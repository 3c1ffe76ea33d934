import type { FetchJson } from '../../datasource/grafanaProxy';
import { byLabel, PROMETHEUS_TIMEOUT_MS, queryVector } from '../../datasource/prometheusClient';
import { RequestPool, pooledFetch } from '../../datasource/requestPool';
import { ageBuckets, oldestEntered, orderMetricsPresent } from '../../queries/promql';
import { AgeBucket, readAgeBuckets } from './ageDistribution';

/** What Prometheus says about the orders now in each status, or why it says nothing. */
export type StuckMetrics =
  | {
      state: 'ok';
      /** Per status; empty when the services export no age distribution (`order_status_age_seconds`). */
      ages: Map<string, AgeBucket[]>;
      /** When the oldest order still in each status entered it. */
      oldestEnteredUs: Map<string, number>;
    }
  | { state: 'not_configured' }
  | { state: 'absent' }
  | { state: 'error'; message: string };

/**
 * The Prometheus side of the stuck orders: how many orders are past SLA per status (the age
 * distribution) and since when (the oldest-entered gauge). Three instant queries at once, through
 * the page's pool; a Prometheus that fails or hangs puts the page in trace-only mode, said why.
 */
export async function loadStuckMetrics(
  prometheus: FetchJson | undefined,
  options: { pool: RequestPool; signal?: AbortSignal; timeoutMs?: number }
): Promise<StuckMetrics> {
  if (!prometheus) {
    return { state: 'not_configured' };
  }
  const fetchJson = pooledFetch(prometheus, options.pool, options.timeoutMs ?? PROMETHEUS_TIMEOUT_MS);
  try {
    const [present, buckets, oldest] = await Promise.all([
      queryVector(fetchJson, orderMetricsPresent(), { signal: options.signal }),
      queryVector(fetchJson, ageBuckets(), { signal: options.signal }),
      queryVector(fetchJson, oldestEntered(), { signal: options.signal }),
    ]);
    const ages = readAgeBuckets(buckets);
    if (ages.size === 0 && !(present[0]?.value > 0)) {
      return { state: 'absent' };
    }
    const oldestEnteredUs = new Map<string, number>();
    for (const [status, seconds] of byLabel(oldest, 'status')) {
      oldestEnteredUs.set(status, seconds * 1e6);
    }
    return { state: 'ok', ages, oldestEnteredUs };
  } catch (error) {
    if (options.signal?.aborted) {
      throw error;
    }
    return { state: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
