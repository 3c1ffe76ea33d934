import { DEFAULT_SETTINGS } from '../settings/defaults';
import { OrderTrackerSettings } from '../settings/types';
import { FetchJson } from '../datasource/jaegerClient';
import { ageBuckets, oldestEntered } from '../queries/promql';
import { fakeJaeger, fakePrometheus, orderWorld, stuckIn } from '../test/fakeOrderWorld';
import { loadStuckOrders } from './loadStuckOrders';

const NOW_US = 1_800_000_000_000_000;
const settings: OrderTrackerSettings = { ...DEFAULT_SETTINGS, jaegerApi: 'v1', lookbackSeconds: 14 * 86400 };
const world = orderWorld(120, NOW_US);
const truth = stuckIn(world, NOW_US);

const rowsOf = (result: Awaited<ReturnType<typeof loadStuckOrders>>) =>
  new Map(result.stuck.filter((row) => row.check === 'confirmed').map((row) => [row.orderId, row.status]));

describe('loadStuckOrders', () => {
  it('lists every order past its SLA with its true status, and nothing else', async () => {
    const result = await loadStuckOrders(
      settings,
      { jaeger: fakeJaeger(world), prometheus: fakePrometheus(world, NOW_US) },
      { nowUs: NOW_US }
    );
    expect(truth.size).toBeGreaterThan(20);
    expect(rowsOf(result)).toEqual(truth);
    expect(result.stuck.every((row) => row.check === 'confirmed')).toBe(true);
    for (const status of result.statuses) {
      const expected = [...truth.values()].filter((value) => value === status.status).length;
      expect([status.status, status.pastSla, status.listed, status.notListed]).toEqual([
        status.status,
        { min: expected, max: expected },
        expected,
        { min: 0, max: 0 },
      ]);
    }
    expect(result.budget.stoppedEarly).toBe(false);
  });

  it('cuts a search that comes back full into finer slices instead of trusting it', async () => {
    const requests: string[] = [];
    const result = await loadStuckOrders(
      { ...settings, indexTraceLimit: 4 },
      { jaeger: fakeJaeger(world, { requests }), prometheus: fakePrometheus(world, NOW_US) },
      { nowUs: NOW_US }
    );
    expect(rowsOf(result)).toEqual(truth);
    expect(requests.some((path) => path.includes('limit=4'))).toBe(true);
  });

  it('finds them without Prometheus too (trace-only: from the look-back limit), saying it cannot count them', async () => {
    const result = await loadStuckOrders(settings, { jaeger: fakeJaeger(world) }, { nowUs: NOW_US });
    expect(rowsOf(result)).toEqual(truth);
    expect(result.metrics.state).toBe('not_configured');
    expect(result.statuses.every((status) => status.pastSla === undefined && status.notListed === undefined)).toBe(
      true
    );
  });

  it('within a small budget lists the most overdue first and says exactly how many it left out', async () => {
    const result = await loadStuckOrders(
      settings,
      { jaeger: fakeJaeger(world), prometheus: fakePrometheus(world, NOW_US) },
      { nowUs: NOW_US, budget: { requests: 40 } }
    );
    const listed = rowsOf(result);
    expect(listed.size).toBeGreaterThan(0);
    expect(listed.size).toBeLessThan(truth.size);
    expect(result.budget.stoppedEarly).toBe(true);
    expect(result.budget.use.requests).toBeLessThanOrEqual(40);
    // Listed rows are true, and no unlisted stuck order is more overdue than a listed one.
    for (const [orderId, status] of listed) {
      expect(truth.get(orderId)).toBe(status);
    }
    const overdue = (orderId: string) => {
      const order = world.find((candidate) => candidate.orderId === orderId);
      const last = order?.statuses[order.statuses.length - 1];
      const sla = settings.lifecycle.find((definition) => definition.name === last?.status)?.slaSeconds ?? 0;
      return NOW_US - (last?.atUs ?? 0) - sla * 1e6;
    };
    const above = result.budget.completeAboveOverdueUs ?? Infinity;
    expect([...truth.keys()].filter((id) => overdue(id) > above && !listed.has(id))).toEqual([]);
    const leastListed = Math.min(...[...listed.keys()].map(overdue));
    const mostUnlisted = Math.max(...[...truth.keys()].filter((id) => !listed.has(id)).map(overdue));
    expect(leastListed).toBeGreaterThan(mostUnlisted);
    for (const status of result.statuses) {
      const expected = [...truth.entries()].filter(([id, value]) => value === status.status && !listed.has(id)).length;
      expect([status.status, status.notListed]).toEqual([status.status, { min: expected, max: expected }]);
    }
  });

  describe('Prometheus counts that cannot be right are not trusted: every stuck order is still listed, and the page says why', () => {
    type Series = { metric: Record<string, string>; value: [number, string] };
    /** The fake Prometheus with one query's series rewritten. */
    const garbled = (expr: string, change: (series: Series[]) => Series[]): FetchJson => {
      const real = fakePrometheus(world, NOW_US);
      return async (path, signal) => {
        const answer = (await real(path, signal)) as { data: { result: Series[] } };
        if (new URLSearchParams(path.split('?')[1]).get('query') === expr) {
          answer.data.result = change(answer.data.result);
        }
        return answer;
      };
    };
    const load = (prometheus: FetchJson) =>
      loadStuckOrders(settings, { jaeger: fakeJaeger(world), prometheus }, { nowUs: NOW_US });
    const busiest = [...truth.values()].sort(
      (a, b) => [...truth.values()].filter((v) => v === b).length - [...truth.values()].filter((v) => v === a).length
    )[0];

    it('oldest entry times in the future', async () => {
      const result = await load(
        garbled(oldestEntered(), (series) =>
          series.map((item) => ({ ...item, value: [item.value[0], String(NOW_US / 1e6 + 10 * 365 * 86400)] }))
        )
      );
      expect(rowsOf(result)).toEqual(truth);
      expect(result.statuses.find((status) => status.status === busiest)?.notes.join(' ')).toMatch(
        /in the future: searched from the look-back limit instead/
      );
    });

    it('an age distribution whose count falls as the bound grows', async () => {
      const result = await load(
        garbled(ageBuckets(), (series) =>
          series.map((item) =>
            item.metric.status === busiest && item.metric.le === '+Inf'
              ? { ...item, value: [item.value[0], '0'] }
              : item
          )
        )
      );
      expect(rowsOf(result)).toEqual(truth);
      const status = result.statuses.find((candidate) => candidate.status === busiest);
      expect(status?.pastSla).toBeUndefined();
      expect(status?.notes.join(' ')).toMatch(
        /age distribution of this status cannot be right \(the count falls from \d+ to 0 at \+Inf\)/
      );
    });

    it('no oldest entry for a status the distribution says has orders past SLA', async () => {
      const result = await load(
        garbled(oldestEntered(), (series) => series.filter((item) => item.metric.status !== busiest))
      );
      expect(rowsOf(result)).toEqual(truth);
    });
  });

  it('never lists a confident row when a service fails: its orders are unconfirmed and the failure is named', async () => {
    const result = await loadStuckOrders(
      settings,
      {
        jaeger: fakeJaeger(world, { fails: (service) => service === 'crm-api' }),
        prometheus: fakePrometheus(world, NOW_US),
      },
      { nowUs: NOW_US }
    );
    for (const row of result.stuck) {
      if (row.check === 'confirmed') {
        expect([row.orderId, truth.get(row.orderId)]).toEqual([row.orderId, row.status]);
      } else {
        expect(row.likelyCause).toMatch(/^Current status unknown: the search of crm-api failed/);
        expect(row.causeEvidence).toBeUndefined();
      }
    }
    expect(result.stuck.some((row) => row.check === 'unconfirmed')).toBe(true);
    const priceCalculated = result.statuses.find((status) => status.status === 'PRICE_CALCULATED');
    expect(priceCalculated?.notes.join(' ')).toMatch(
      /could not be searched: the search of crm-api \(PRICE_CALCULATED\) failed/
    );
  });
});
