import { VectorSample } from '../../datasource/prometheusClient';
import { Interval } from './intervals';

/** One cumulative bucket of a status's age distribution: orders in the status for at most `le` s. */
export interface AgeBucket {
  le: number;
  orders: number;
}

/** How many orders are past a bound: exact when the distribution has a bucket at it. */
export interface OrderCount {
  min: number;
  max: number;
}

/**
 * Reads `sum by (status, le) (order_status_age_seconds_bucket)` into sorted cumulative buckets per
 * status. `le` is read as a number, so `600`, `600.0` and `6e+02` are the same bound.
 */
export function readAgeBuckets(samples: VectorSample[]): Map<string, AgeBucket[]> {
  const byStatus = new Map<string, Map<number, number>>();
  for (const sample of samples) {
    const status = sample.labels.status;
    const raw = sample.labels.le;
    const le = raw === '+Inf' ? Infinity : Number(raw);
    if (status === undefined || raw === undefined || Number.isNaN(le) || !Number.isFinite(sample.value)) {
      continue;
    }
    const buckets = byStatus.get(status) ?? new Map<number, number>();
    buckets.set(le, (buckets.get(le) ?? 0) + sample.value);
    byStatus.set(status, buckets);
  }
  const out = new Map<string, AgeBucket[]>();
  for (const [status, buckets] of byStatus) {
    out.set(
      status,
      [...buckets.entries()].map(([le, orders]) => ({ le, orders })).sort((a, b) => a.le - b.le)
    );
  }
  return out;
}

/**
 * Why a status's cumulative buckets cannot be a count of orders (a count that is not a whole
 * number, or one that falls as the bound grows), or undefined when they can.
 */
export function bucketProblem(buckets: AgeBucket[]): string | undefined {
  let previous = 0;
  for (const bucket of buckets) {
    const bound = bucket.le === Infinity ? '+Inf' : `${bucket.le} s`;
    if (!Number.isInteger(bucket.orders) || bucket.orders < 0) {
      return `the bucket up to ${bound} holds ${bucket.orders} orders`;
    }
    if (bucket.orders < previous) {
      return `the count falls from ${previous} to ${bucket.orders} at ${bound}`;
    }
    previous = bucket.orders;
  }
  return undefined;
}

/** Orders in the status (the `+Inf` bucket), or undefined when the distribution has none. */
export function ordersInDistribution(buckets: AgeBucket[]): number | undefined {
  const last = buckets[buckets.length - 1];
  return last && last.le === Infinity ? last.orders : undefined;
}

/**
 * Orders in the status for longer than `seconds`: exact when a bucket's bound is `seconds`, else the
 * range the neighbouring buckets allow (undefined without a `+Inf` bucket).
 */
export function ordersOlderThan(buckets: AgeBucket[], seconds: number): OrderCount | undefined {
  const total = ordersInDistribution(buckets);
  if (total === undefined) {
    return undefined;
  }
  const exact = buckets.find((bucket) => bucket.le === seconds);
  if (exact) {
    return { min: total - exact.orders, max: total - exact.orders };
  }
  const below = [...buckets].reverse().find((bucket) => bucket.le < seconds);
  const above = buckets.find((bucket) => bucket.le > seconds);
  return { min: total - (above?.orders ?? total), max: total - (below?.orders ?? 0) };
}

/**
 * Entry times at which no order of the status is now, past `minAgeSeconds`: an age range between
 * two bounds whose buckets hold the same count holds nobody. Ages are converted at `nowUs`, and each
 * range is narrowed by `marginUs` on both sides so an order near a bound (the scrape is a few
 * seconds old, clocks differ) is still searched.
 */
export function emptyEntryRanges(
  buckets: AgeBucket[],
  minAgeSeconds: number,
  nowUs: number,
  marginUs: number
): Interval[] {
  const empty: Interval[] = [];
  let previous: AgeBucket = { le: 0, orders: 0 };
  for (const bucket of buckets) {
    if (bucket.orders === previous.orders && bucket.le > minAgeSeconds) {
      const youngest = Math.max(previous.le, minAgeSeconds);
      const startUs = bucket.le === Infinity ? -Infinity : nowUs - bucket.le * 1e6 + marginUs;
      const endUs = nowUs - youngest * 1e6 - marginUs;
      if (endUs > startUs) {
        empty.push({ startUs, endUs });
      }
    }
    previous = bucket;
  }
  return empty;
}
