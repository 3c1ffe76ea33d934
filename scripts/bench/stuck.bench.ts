/**
 * The stuck-orders page at 300, 1 500, 5 000 and 20 000 orders, against real backends:
 *   npm run bench:stuck                      (BENCH_TIERS=300,1500 for fewer, BENCH_DAYS=7)
 * Each tier seeds a fresh Jaeger (the newest build, in-memory) and Prometheus with a simulator
 * history of that many orders over BENCH_DAYS days, then loads the page before (one index wave over
 * the page's 30-day range) and after (status searches in time slices, each order looked up, within
 * the default budget), and compares both with the simulator's ground truth: truly stuck, listed,
 * missed, wrong status, not stuck but listed, stated as missing, requests, bytes, seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchJson, fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { StuckOrder } from '../../src/engine';
import { loadStuckOrders } from '../../src/orders/loadStuckOrders';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { startBackends } from '../../tests/backends/backends';
import { freePort, waitUntil } from '../../tests/backends/processes';
import { readTruth, startSeededSimulator } from '../../tests/integration/seed';
import { overdueMs, stuckTruth } from '../../tests/integration/stuckTruth';
import { previousStuckLoad } from './stuckBefore';

const TIERS = (process.env.BENCH_TIERS ?? '300,1500,5000,20000').split(',').map(Number);
const DAYS = Number(process.env.BENCH_DAYS ?? 7);
const SEED = 20261203;
const settings = DEFAULT_SETTINGS;

interface Row {
  tier: number;
  load: 'before' | 'after';
  truth: number;
  listed: number;
  unconfirmed: number;
  missed: number;
  wrong: number;
  notStuck: number;
  stated: string;
  requests: number;
  bytes: number;
  seconds: number;
  notes: string;
}

/** Requests and bytes a load sends through this transport. */
function counted(baseUrl: string): { fetchJson: FetchJson; tally: { requests: number; bytes: number } } {
  const tally = { requests: 0, bytes: 0 };
  const fetchJson = fetchJsonFromBaseUrl(baseUrl, async (input, init) => {
    tally.requests++;
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    tally.bytes += body.byteLength;
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
  return { fetchJson, tally };
}

async function tier(orders: number): Promise<Row[]> {
  // The in-memory store keeps this many traces (deploy/jaeger/config.yaml); a 20 000-order history has ~450 000.
  process.env.JAEGER_MAX_TRACES ??= '3000000';
  const metricsPort = await freePort();
  const backends = await startBackends({ scrapeTargets: [{ job: 'simulator', target: `127.0.0.1:${metricsPort}` }] });
  const dir = mkdtempSync(join(tmpdir(), 'ordertracker-bench-'));
  const truthFile = join(dir, 'truth.jsonl');
  try {
    const seeding = Date.now();
    const simulator = await startSeededSimulator({
      otlpHttpUrl: backends.jaeger.otlpHttpUrl,
      metricsPort,
      truthFile,
      seed: SEED,
      history: { days: DAYS, ordersPerDay: orders / DAYS, faultScale: 1 },
      endTimeMs: Date.now(),
      historyTimeoutMs: 900_000,
    });
    const truth = readTruth(truthFile);
    const seededSeconds = (Date.now() - seeding) / 1000;
    const scraped = async () => {
      const query = new URLSearchParams({ query: 'sum(order_status_age_seconds_count)' });
      const body = (await (await fetch(`${backends.prometheus.url}/api/v1/query?${query.toString()}`)).json()) as {
        data?: { result?: Array<{ value: [number, string] }> };
      };
      return Number(body.data?.result?.[0]?.value[1]) === truth.length;
    };
    await waitUntil('Prometheus scraping the history', scraped, { timeoutMs: 60_000, intervalMs: 250 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    console.error(
      `tier ${orders}: ${truth.length} orders, ${simulator.spans} spans seeded in ${seededSeconds.toFixed(0)} s ` +
        `(${(truth.length / seededSeconds).toFixed(0)} orders/s) into Jaeger ${backends.jaeger.version}`
    );
    const rows: Row[] = [];

    const before = counted(backends.jaeger.queryUrl);
    let nowMs = Date.now();
    let started = Date.now();
    const old = await previousStuckLoad(settings, before.fetchJson, { nowUs: nowMs * 1000, windowSeconds: 30 * 86400 });
    rows.push(
      compare(
        orders,
        'before',
        truth,
        nowMs,
        old.stuck,
        0,
        '—',
        before.tally,
        started,
        `${old.warnings} generic warnings`
      )
    );

    const after = counted(backends.jaeger.queryUrl);
    nowMs = Date.now();
    started = Date.now();
    const result = await loadStuckOrders(
      settings,
      { jaeger: after.fetchJson, prometheus: fetchJsonFromBaseUrl(backends.prometheus.url) },
      { nowUs: nowMs * 1000 }
    );
    const confirmed = result.stuck.filter((row) => row.check === 'confirmed');
    // What Prometheus counted at the load's start, without leaving out orders at the border.
    const stuck = pastSlaAt(truth, nowMs);
    const listedIds = new Set(confirmed.map((row) => row.orderId));
    const shownIds = new Set(result.stuck.map((row) => row.orderId));
    // Stated as missing per status, against the truth's count of what is missing there.
    const perStatus = result.statuses
      .filter((status) => (status.notListed?.max ?? 0) > 0 || status.notes.length > 0)
      .map((status) => {
        const truthMissing = [...stuck].filter(([id, value]) => value === status.status && !listedIds.has(id)).length;
        return `${status.status} ${status.notListed ? formatCount(status.notListed) : '?'}/${truthMissing}`;
      });
    const statedTotal = result.statuses.reduce((sum, status) => sum + (status.notListed?.max ?? 0), 0);
    const exact = result.statuses.every((status) => {
      const truthMissing = [...stuck].filter(([id, value]) => value === status.status && !listedIds.has(id)).length;
      return (
        status.notListed !== undefined &&
        status.notListed.min === status.notListed.max &&
        status.notListed.max === truthMissing
      );
    });
    const notes = [
      exact ? 'stated = truth per status' : `stated ≠ truth: ${perStatus.join(', ')}`,
      mostOverdueFirst(truth, nowMs, shownIds, result.budget.completeAboveOverdueUs),
      result.budget.stoppedEarly ? `budget spent (${result.budget.use.exhausted ?? 'walk'})` : 'complete',
    ].filter(Boolean);
    const unconfirmed = result.stuck.length - confirmed.length;
    rows.push(
      compare(
        orders,
        'after',
        truth,
        nowMs,
        confirmed,
        unconfirmed,
        String(statedTotal),
        after.tally,
        started,
        notes.join('; ')
      )
    );
    await simulator.stop();
    return rows;
  } finally {
    await backends.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every order past its SLA at `nowMs` by the truth, border included (as Prometheus counts it). */
function pastSlaAt(truth: ReturnType<typeof readTruth>, nowMs: number): Map<string, string> {
  const past = new Map<string, string>();
  for (const order of truth) {
    if ((overdueMs(order, settings.lifecycle, nowMs) ?? 0) > 0) {
      past.set(order.orderId, order.currentStatus);
    }
  }
  return past;
}

function formatCount(count: { min: number; max: number }): string {
  return count.min === count.max ? String(count.min) : `${count.min}–${count.max}`;
}

/**
 * Most overdue first: every truly stuck order more overdue than the point the page says it is
 * complete above is shown. Says how many of the most overdue are listed in one unbroken run, and
 * how many less overdue ones were found on the way.
 */
function mostOverdueFirst(
  truth: ReturnType<typeof readTruth>,
  nowMs: number,
  shown: Set<string>,
  completeAboveUs: number | undefined
): string {
  const { stuck } = stuckTruth(truth, settings.lifecycle, nowMs);
  const byId = new Map(truth.map((order) => [order.orderId, order]));
  const overdue = (orderId: string) => {
    const order = byId.get(orderId);
    return order ? (overdueMs(order, settings.lifecycle, nowMs) ?? 0) : 0;
  };
  const ranked = [...stuck.keys()].sort((a, b) => overdue(b) - overdue(a));
  const gap = ranked.findIndex((id) => !shown.has(id));
  const run = gap < 0 ? ranked.length : gap;
  const aboveMs = (completeAboveUs ?? 0) / 1000 + 60_000;
  const missedAbove = ranked.filter((id) => overdue(id) > aboveMs && !shown.has(id));
  const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
  const bonus = [...shown].filter((id) => stuck.has(id)).length - run;
  const verdict =
    missedAbove.length === 0 ? 'most overdue first' : `NOT most overdue first (${missedAbove.length} above)`;
  return completeAboveUs === undefined
    ? verdict
    : `${verdict}: the ${run} most overdue (all over ${hours(completeAboveUs / 1000)}) listed${bonus > 0 ? `, and ${bonus} less overdue found on the way` : ''}`;
}

function compare(
  tierSize: number,
  load: Row['load'],
  truth: ReturnType<typeof readTruth>,
  nowMs: number,
  rows: StuckOrder[],
  unconfirmed: number,
  stated: string,
  tally: { requests: number; bytes: number },
  startedMs: number,
  notes: string
): Row {
  const { stuck, border } = stuckTruth(truth, settings.lifecycle, nowMs);
  const listed = rows.filter((row) => !border.has(row.orderId));
  return {
    tier: tierSize,
    load,
    truth: stuck.size,
    listed: listed.length,
    unconfirmed,
    missed: [...stuck.keys()].filter((id) => !listed.some((row) => row.orderId === id)).length,
    wrong: listed.filter((row) => stuck.has(row.orderId) && stuck.get(row.orderId) !== row.status).length,
    notStuck: listed.filter((row) => !stuck.has(row.orderId)).length,
    stated,
    requests: tally.requests,
    bytes: tally.bytes,
    seconds: (Date.now() - startedMs) / 1000,
    notes,
  };
}

async function main() {
  const rows: Row[] = [];
  for (const orders of TIERS) {
    rows.push(...(await tier(orders)));
  }
  const budget = `${settings.stuckRequestBudget} requests, ${settings.stuckMegabyteBudget} MiB`;
  console.log(
    `\nStuck orders, ${DAYS}-day histories, default budget (${budget}); Jaeger in-memory, one 2-core machine`
  );
  console.log(
    '| orders | load | truly stuck | listed | unconfirmed | missed | wrong status | not stuck, listed | stated as missing | requests | MiB | seconds | notes |'
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.tier} | ${row.load} | ${row.truth} | ${row.listed} | ${row.unconfirmed} | ${row.missed} | ${row.wrong} | ${row.notStuck} | ${row.stated} | ` +
        `${row.requests} | ${(row.bytes / 1048576).toFixed(1)} | ${row.seconds.toFixed(1)} | ${row.notes} |`
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
