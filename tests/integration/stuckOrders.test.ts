/**
 * The stuck-orders page's data path (Prometheus' age distribution, status searches in time slices,
 * each order's own lookup, the cause) against the real Jaeger and Prometheus holding the seeded
 * simulator run, compared with the ground truth.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { EvidenceKind } from '../../src/engine';
import { leadTimeFromIndex } from '../../src/orders/leadTime';
import { loadOrderIndex } from '../../src/orders/loadOrderIndex';
import { StuckOrdersResult, loadStuckOrders } from '../../src/orders/loadStuckOrders';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { integrationEnv } from './env';
import { OrderTruth, readTruth } from './seed';
import { stuckTruth } from './stuckTruth';

const settings = DEFAULT_SETTINGS;

/** The likely cause the table must name for an order stuck by this fault (undefined: none). */
const CAUSE_OF: Record<string, EvidenceKind[]> = {
  dead_letter: ['dead_letter'],
  lost_message: ['unconsumed_message'],
  missing_file: ['invalid_file'],
  corrupt_file: ['invalid_file'],
  // The lost event is the MES status message nobody consumed, or the services' disagreement.
  status_event_lost: ['status_disagreement', 'unconsumed_message'],
  // The timed-out dashboard queries carry no order id: related to the order by time only.
  operator_never_picks_up: ['service_errors', 'error'],
};

describe('stuck orders for the seeded run', () => {
  const nowMs = Date.now();
  let truth: OrderTruth[] = [];
  let result: StuckOrdersResult;

  beforeAll(async () => {
    const env = integrationEnv();
    truth = readTruth(env.truthFile);
    result = await loadStuckOrders(
      settings,
      { jaeger: fetchJsonFromBaseUrl(env.jaegerUrl), prometheus: fetchJsonFromBaseUrl(env.prometheusUrl) },
      { nowUs: nowMs * 1000 }
    );
  }, 300_000);

  it('lists exactly the orders the ground truth says are stuck, each with its true status, all confirmed', () => {
    const { stuck, border } = stuckTruth(truth, settings.lifecycle, nowMs);
    const listed = new Map(
      result.stuck.filter((row) => !border.has(row.orderId)).map((row) => [row.orderId, `${row.status} ${row.check}`])
    );
    const expected = new Map([...stuck].map(([orderId, status]) => [orderId, `${status} confirmed`]));
    console.log(
      `stuck: truth ${expected.size}, listed ${listed.size}, at the border ${border.size}, of ${truth.length} orders; ` +
        `${result.budget.use.requests} requests, ${(result.budget.use.bytes / 1048576).toFixed(1)} MiB`
    );
    expect(new Map([...listed].sort())).toEqual(new Map([...expected].sort()));
    expect(expected.size).toBeGreaterThan(0);
    expect(result.budget.stoppedEarly).toBe(false);
  });

  it('says per status how many Prometheus counts past the SLA, and that none is left out', () => {
    const { stuck, border } = stuckTruth(truth, settings.lifecycle, nowMs);
    expect(result.metrics.state).toBe('ok');
    for (const status of result.statuses) {
      const expected = [...stuck.values()].filter((value) => value === status.status).length;
      const nearBorder = [...border].filter(
        (orderId) => truth.find((order) => order.orderId === orderId)?.currentStatus === status.status
      );
      const past = status.pastSla;
      // An order within a minute of its SLA may be counted on either side of it by a scrape.
      expect([status.status, past !== undefined && past.min === past.max]).toEqual([status.status, true]);
      expect([status.status, Math.abs((past?.min ?? -1) - expected) <= nearBorder.length]).toEqual([
        status.status,
        true,
      ]);
      expect([
        status.status,
        (status.notListed?.max ?? -1) <= nearBorder.length,
        status.unconfirmed,
        status.unchecked,
      ]).toEqual([status.status, true, 0, 0]);
    }
  });

  it('names the right likely cause for each stuck order', () => {
    const byId = new Map(truth.map((order) => [order.orderId, order]));
    const wrong: string[] = [];
    const counts = new Map<string, number>();
    for (const row of result.stuck) {
      const order = byId.get(row.orderId);
      const fatal = order?.faults.find((fault) => CAUSE_OF[fault.kind] !== undefined && fault.status === row.status);
      const expectedKinds = fatal ? CAUSE_OF[fatal.kind] : undefined;
      const got = row.causeEvidence?.kind;
      const key = `${fatal?.kind ?? 'no fault'} → ${got ?? 'unexplained'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const ok = expectedKinds
        ? got !== undefined && expectedKinds.includes(got)
        : got === undefined ||
          !['dead_letter', 'invalid_file', 'status_disagreement', 'unconsumed_message'].includes(got);
      if (!ok) {
        wrong.push(
          `${row.orderId} in ${row.status}: fault ${fatal?.kind ?? 'none'}, cause ${got ?? 'none'}: ${row.likelyCause}`
        );
      }
    }
    console.log(`causes: ${JSON.stringify(Object.fromEntries([...counts.entries()].sort()))}`);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('records the page for the screenshots when asked (ORDERTRACKER_RECORD=1)', async () => {
    if (process.env.ORDERTRACKER_RECORD !== '1') {
      return;
    }
    const env = integrationEnv();
    // The lead-time screenshot shows the overview's trace-only breakdown of the same run.
    const index = await loadOrderIndex(settings, fetchJsonFromBaseUrl(env.jaegerUrl), { nowUs: nowMs * 1000 });
    const recorded = {
      nowUs: nowMs * 1000,
      indexedOrders: index.orders.length,
      stuck: result.stuck,
      statuses: result.statuses,
      budget: result.budget,
      leadTime: leadTimeFromIndex(index, settings.lifecycle),
    };
    writeFileSync(resolve(__dirname, '../fixtures/recorded/seeded-run.json'), `${JSON.stringify(recorded, null, 1)}\n`);
  });
});
