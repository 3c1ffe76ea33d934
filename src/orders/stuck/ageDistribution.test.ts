import { emptyEntryRanges, ordersInDistribution, ordersOlderThan, readAgeBuckets } from './ageDistribution';

const sample = (status: string, le: string, value: number) => ({ labels: { status, le }, value });

describe('the age distribution of the orders in a status', () => {
  const buckets = readAgeBuckets([
    sample('SUBMITTED', '+Inf', 10),
    sample('SUBMITTED', '600.0', 7),
    sample('SUBMITTED', '480', 6),
    sample('SUBMITTED', '3600', 7),
    sample('SUBMITTED', '86400', 9),
    sample('SHIPPED', '+Inf', 0),
  ]).get('SUBMITTED');

  it('reads bounds as numbers whatever their spelling, sorted', () => {
    expect(buckets?.map((bucket) => bucket.le)).toEqual([480, 600, 3600, 86400, Infinity]);
    expect(ordersInDistribution(buckets ?? [])).toBe(10);
  });

  it('counts the orders past a bound exactly when there is a bucket at it, else brackets it', () => {
    expect(ordersOlderThan(buckets ?? [], 600)).toEqual({ min: 3, max: 3 });
    expect(ordersOlderThan(buckets ?? [], 1800)).toEqual({ min: 3, max: 3 });
    expect(ordersOlderThan(buckets ?? [], 7200)).toEqual({ min: 1, max: 3 });
    expect(ordersOlderThan([{ le: 600, orders: 1 }], 600)).toBeUndefined();
  });

  it('finds the entry times nobody in the status has, narrowed by a margin', () => {
    const nowUs = 1_000_000_000_000_000;
    const ranges = emptyEntryRanges(buckets ?? [], 600, nowUs, 1_000_000);
    // Ages (600, 3600] hold nobody: entries between now-3600 s and now-600 s, less a second each side.
    expect(ranges).toEqual([{ startUs: nowUs - 3600e6 + 1e6, endUs: nowUs - 600e6 - 1e6 }]);
    const allOld = emptyEntryRanges(
      [
        { le: 600, orders: 2 },
        { le: Infinity, orders: 2 },
      ],
      600,
      nowUs,
      0
    );
    expect(allOld).toEqual([{ startUs: -Infinity, endUs: nowUs - 600e6 }]);
  });
});
