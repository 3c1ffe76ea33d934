import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JaegerInstance, startJaeger } from '../backends/backends';
import { freePort } from '../backends/processes';
import { checkSetup } from '../../src/components/AppConfig/checkSetup';
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { detectJaegerDialect, dialectOf } from '../../src/datasource/jaegerDialect';
import { compileConfig } from '../../src/engine';
import { loadStuckOrders } from '../../src/orders/loadStuckOrders';
import { lookUpOrder } from '../../src/orders/lookUpOrder';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { jaegerBuilds } from './env';
import { OrderTruth, readTruth, startSeededSimulator } from './seed';

/**
 * The same small world, seeded into every Jaeger build this machine has (main: v3 only; v2.20.0:
 * both searches; v2.12.0 and the v1 all-in-one v1.75.0: /api/traces, their v3 gateway ignores
 * attribute filters), read through the
 * same plugin code: each Jaeger's API is detected, and the lookups, the stuck list and the search for
 * failed requests without an order id must come out the same everywhere, and true to the simulator.
 */
// Long enough for orders to close (manufacturing alone may take 5 days), small enough to seed thrice.
const WORLD = { days: 8, ordersPerDay: 20, faultScale: 4 } as const;
const SEED = 20261202;
const settings = DEFAULT_SETTINGS;
const config = compileConfig(settings);

interface VersionRun {
  name: string;
  jaeger: JaegerInstance;
  truth: OrderTruth[];
}

/** What one Jaeger lets the plugin conclude, in a form that compares across versions. */
interface Conclusions {
  api: string;
  statuses: Record<string, string[]>;
  verdicts: Record<string, string>;
  stuck: string[];
  causes: Record<string, string | undefined>;
  serviceErrorOrders: string[];
  requestsPerLookup: number;
}

const builds = jaegerBuilds().available;
const runs: VersionRun[] = [];
const endTimeMs = Date.now();
const nowUs = endTimeMs * 1000 + 1_000_000;

beforeAll(async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'ordertracker-versions-'));
  await Promise.all(
    builds.map(async (build) => {
      const jaeger = await startJaeger(workDir, `jaeger-${build.name}`, { version: build.name, binary: build.binary });
      const truthFile = join(workDir, `truth-${build.name}.jsonl`);
      const simulator = await startSeededSimulator({
        otlpHttpUrl: jaeger.otlpHttpUrl,
        metricsPort: await freePort(),
        truthFile,
        seed: SEED,
        history: WORLD,
        endTimeMs,
      });
      await simulator.stop();
      runs.push({ name: build.name, jaeger, truth: readTruth(truthFile) });
    })
  );
}, 300_000);

afterAll(async () => {
  await Promise.all(runs.map((run) => run.jaeger.stop()));
});

async function conclusionsOf(run: VersionRun, orderIds: string[]): Promise<Conclusions> {
  const fetchJson = fetchJsonFromBaseUrl(run.jaeger.queryUrl);
  const detected = await detectJaegerDialect(fetchJson);
  const statuses: Conclusions['statuses'] = {};
  const verdicts: Conclusions['verdicts'] = {};
  let requests = 0;
  const counting = fetchJsonFromBaseUrl(run.jaeger.queryUrl, (input, init) => {
    requests++;
    return fetch(input, init);
  });
  // The API is found out once per Jaeger; what a lookup costs is counted after that.
  await dialectOf(counting);
  requests = 0;
  for (const orderId of orderIds) {
    const result = await lookUpOrder({ orderId, settings, fetchJson: counting, nowUs, config });
    if (result.kind !== 'found') {
      throw new Error(`${run.name}: ${orderId} ${result.kind}`);
    }
    statuses[orderId] = result.timeline.statuses.map((status) => status.status);
    verdicts[orderId] = `${result.timeline.verdict.state} ${result.timeline.verdict.cause?.kind ?? ''}`;
  }
  // Trace-only (no Prometheus here): every status searched back to the look-back limit.
  const stuck = await loadStuckOrders(settings, { jaeger: fetchJson }, { nowUs });
  const causes = Object.fromEntries(stuck.stuck.map((order) => [order.orderId, order.causeEvidence?.kind]));
  return {
    api: `${detected.dialect.api}${detected.dialect.serviceless ? ' (one search for every service)' : ''}`,
    statuses,
    verdicts,
    stuck: stuck.stuck.map((order) => `${order.orderId} ${order.status}`).sort(),
    causes,
    serviceErrorOrders: stuck.stuck
      .filter((order) => order.causeEvidence?.kind === 'service_errors')
      .map((order) => order.orderId)
      .sort(),
    requestsPerLookup: Math.round((10 * requests) / orderIds.length) / 10,
  };
}

describe('every Jaeger build answers the same through the plugin', () => {
  it('detects each API, and looks up, lists stuck orders and names service errors the same way, true to the simulator', async () => {
    expect(runs.length).toBe(builds.length);
    const truth = runs[0].truth;
    // Orders with a story: a dead letter, the operator who never picks up, a normal finished one.
    const pick = (kind: string) => truth.find((order) => order.faults.some((fault) => fault.kind === kind))?.orderId;
    const furthest = [...truth]
      .filter((order) => order.faults.length === 0)
      .sort((a, b) => b.statuses.length - a.statuses.length)[0]?.orderId;
    const orderIds = [pick('dead_letter'), pick('operator_never_picks_up'), furthest].filter(
      (id): id is string => !!id
    );
    expect(orderIds.length).toBe(3);

    const table: string[] = [];
    const all: Array<[string, Conclusions]> = [];
    for (const run of [...runs].sort(
      (a, b) => builds.findIndex((x) => x.name === a.name) - builds.findIndex((x) => x.name === b.name)
    )) {
      expect(run.truth).toEqual(truth);
      const conclusions = await conclusionsOf(run, orderIds);
      all.push([run.name, conclusions]);
      for (const orderId of orderIds) {
        const expected = truth.find((order) => order.orderId === orderId)?.statuses.map((status) => status.status);
        expect(conclusions.statuses[orderId]).toEqual(expected);
      }
      const checks = await checkSetup(settings, { jaeger: fetchJsonFromBaseUrl(run.jaeger.queryUrl) });
      const apiCheck = checks.find((check) => check.id === 'jaeger-api');
      expect(apiCheck?.state).toBe('ok');
      table.push(
        `| ${run.name} | ${conclusions.api} | ${conclusions.requestsPerLookup} | ${conclusions.stuck.length} stuck, ` +
          `${conclusions.serviceErrorOrders.length} named by service errors | ${apiCheck?.message} |`
      );
    }
    console.log(
      [
        '| Jaeger | search | requests per lookup | stuck orders | check setup |',
        '|---|---|---|---|---|',
        ...table,
      ].join('\n')
    );
    const [first, ...others] = all;
    for (const [name, conclusions] of others) {
      expect({
        name,
        statuses: conclusions.statuses,
        verdicts: conclusions.verdicts,
        stuck: conclusions.stuck,
        causes: conclusions.causes,
      }).toEqual({
        name,
        statuses: first[1].statuses,
        verdicts: first[1].verdicts,
        stuck: first[1].stuck,
        causes: first[1].causes,
      });
    }
    expect(first[1].stuck.length).toBeGreaterThan(0);
    expect(first[1].serviceErrorOrders.length).toBeGreaterThan(0);
  }, 300_000);
});
