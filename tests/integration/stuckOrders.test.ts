/**
 * The stuck-orders page's data path (index wave, stuck detection, cause wave, Prometheus
 * cross-check) against the real Jaeger and Prometheus holding the seeded simulator run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { EvidenceKind } from '../../src/engine';
import { leadTimeFromIndex } from '../../src/orders/leadTime';
import { crossCheck } from '../../src/orders/crossCheck';
import { loadMetricsSnapshot } from '../../src/orders/loadMetricsSnapshot';
import { StuckOrdersResult, loadStuckOrders } from '../../src/orders/loadStuckOrders';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { integrationEnv } from './env';
import type { OrderTruth } from './seed';

const settings = DEFAULT_SETTINGS;
/** Orders this close to their SLA at "now" are left out of both sides: a second decides them. */
const BORDER_MS = 60_000;

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

function readTruth(file: string): OrderTruth[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OrderTruth);
}

function overdueMs(order: OrderTruth, nowMs: number): number | undefined {
  const definition = settings.lifecycle.find((status) => status.name === order.currentStatus);
  if (!definition || definition.terminal || definition.slaSeconds === null) {
    return undefined;
  }
  return nowMs - order.statuses[order.statuses.length - 1].enteredAtMs - definition.slaSeconds * 1000;
}

describe('stuck orders for the seeded run', () => {
  const nowMs = Date.now();
  let truth: OrderTruth[] = [];
  let result: StuckOrdersResult;

  beforeAll(async () => {
    const env = integrationEnv();
    truth = readTruth(env.truthFile);
    result = await loadStuckOrders(settings, fetchJsonFromBaseUrl(env.jaegerUrl), {
      nowUs: nowMs * 1000,
      causeLimit: 1000,
    });
  }, 300_000);

  it('lists exactly the orders the ground truth says are stuck', () => {
    const border = new Set(
      truth.filter((order) => Math.abs(overdueMs(order, nowMs) ?? Infinity) < BORDER_MS).map((order) => order.orderId)
    );
    const expected = truth
      .filter((order) => (overdueMs(order, nowMs) ?? -1) > 0 && !border.has(order.orderId))
      .map((order) => order.orderId)
      .sort();
    const listed = result.stuck
      .map((order) => order.orderId)
      .filter((id) => !border.has(id))
      .sort();
    console.log(
      `stuck: truth ${expected.length}, listed ${listed.length}, at the border ${border.size}, of ${truth.length} orders`
    );
    expect(listed).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
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

  it('agrees with Prometheus per status (cross-check without mismatches)', async () => {
    const env = integrationEnv();
    const metrics = await loadMetricsSnapshot(fetchJsonFromBaseUrl(env.prometheusUrl));
    expect(metrics.state).toBe('ok');
    if (metrics.state !== 'ok') {
      return;
    }
    const checks = crossCheck(settings.lifecycle, result.index, result.stuck, metrics.snapshot, nowMs * 1000);
    const mismatches = checks.flatMap((check) => check.mismatches);
    console.log(
      `cross-check: ${checks.map((check) => `${check.status} ${check.traceInStatus}/${check.metricsInStatus} stuck ${check.traceStuck}`).join('; ')}`
    );
    expect(mismatches).toEqual([]);
    if (process.env.ORDERTRACKER_RECORD === '1') {
      // Recorded data for the screenshots in docs/ (scripts/render/entries/stuckOrders.tsx).
      const recorded = {
        nowUs: nowMs * 1000,
        indexedOrders: result.index.orders.length,
        stuck: result.stuck,
        checks: checks.map((check) => ({ ...check })),
        leadTime: leadTimeFromIndex(result.index, settings.lifecycle),
      };
      writeFileSync(
        resolve(__dirname, '../fixtures/recorded/seeded-run.json'),
        `${JSON.stringify(recorded, null, 1)}\n`
      );
    }
  });
});
