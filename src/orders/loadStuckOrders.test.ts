import { DEFAULT_SETTINGS } from '../settings/defaults';
import { OrderTrackerSettings } from '../settings/types';
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
