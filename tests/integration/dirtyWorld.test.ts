import { join } from 'node:path';
import { isJaegerV1, JaegerInstance, JaegerOptions, startJaeger } from '../backends/backends';
import { freePort, waitUntil } from '../backends/processes';
import { FetchJson, fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { compileConfig, EngineConfig, OrderIndex } from '../../src/engine';
import { loadOrderIndex } from '../../src/orders/loadOrderIndex';
import { loadStuckOrders, StuckOrdersResult } from '../../src/orders/loadStuckOrders';
import { lookUpOrder } from '../../src/orders/lookUpOrder';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { OrderTrackerSettings } from '../../src/settings/types';
import { DIRT_CLASSES } from '../../simulator/src/config';
import type { ReaderTruth } from '../../simulator/src/truth';
import { jaegerBuilds } from './env';
import { OrderTruth, readTruth, startSeededSimulator } from './seed';
import { SeededWorlds } from './worlds';

/**
 * Real-world telemetry in real Jaegers, read with the plugin's own code (order lookup, stuck-orders
 * load, index load): the simulator's dirty world (every class of dirt at 5 % of the orders) and
 * sampled worlds (tail sampling by Jaeger's own collector pipeline as the demo runs it; head
 * sampling by the simulator). Every order loads without throwing, and every result matches what
 * the ground truth says a correct reader concludes (`reader`): the statuses and current status the
 * stored traces show, stuck or not, and the warnings that must be given. Dirt never changes those.
 */

// Long enough for orders to close and to get stuck; small enough to seed four Jaegers at once.
const WORLD = { days: 8, ordersPerDay: 30, faultScale: 2 } as const;
const SEED = 20261210;
const DIRTY = ['--dirty', '0.05'];
/** Orders this close to their SLA at "now" are left out of the stuck comparison: a second decides them. */
const BORDER_MS = 60_000;
const FUTURE_TOLERANCE_US = 10 * 60 * 1_000_000;
/** Evidence that rests on a span being absent: with sampling, only ever a hint. */
const ABSENCE_KINDS = new Set(['unconsumed_message', 'status_disagreement', 'expected_status_missing']);
const CONCURRENCY = 8;

interface WorldSpec {
  key: string;
  title: string;
  build: { name: string; binary: string };
  settings: OrderTrackerSettings;
  jaegerConfig?: JaegerOptions['config'];
  simulatorArgs: string[];
  /** Look up every order (the required worlds), or only those with dirt (the extra ones, to keep the run short). */
  lookUp: 'every order' | 'dirty orders';
  history?: { days: number; ordersPerDay: number; faultScale: number };
}

interface World extends WorldSpec {
  jaeger: JaegerInstance;
  truth: OrderTruth[];
}

// Jaeger v2 builds: the sampled world needs the demo's tail-sampling configuration.
const available = jaegerBuilds().available.filter((build) => !isJaegerV1(build.name));
const newest = available[0];
// Only Jaeger's /api/traces answer carries a time past 2^63 ns as a value beyond a JavaScript Date.
const v1Build = available.find((build) => build.name !== 'main' && build.name !== newest?.name);
const sampledSettings: OrderTrackerSettings = { ...DEFAULT_SETTINGS, tracesSampled: true };
const SPECS: WorldSpec[] = newest
  ? [
      {
        key: 'dirty',
        title: `dirty world, Jaeger ${newest.name}`,
        build: newest,
        settings: DEFAULT_SETTINGS,
        simulatorArgs: DIRTY,
        lookUp: 'every order',
      },
      ...(v1Build
        ? [
            {
              key: 'dirty-v1',
              title: `dirty world, Jaeger ${v1Build.name} read through /api/traces`,
              build: v1Build,
              settings: { ...DEFAULT_SETTINGS, jaegerApi: 'v1' as const },
              simulatorArgs: DIRTY,
              lookUp: 'dirty orders' as const,
            },
          ]
        : []),
      {
        key: 'tail',
        title: `dirty world tail-sampled by Jaeger ${newest.name} (deploy/jaeger/config.sampling.yaml)`,
        build: newest,
        settings: sampledSettings,
        // Nothing of the rest is kept, so every stored trace must be one the policy has to keep.
        jaegerConfig: {
          file: 'config.sampling.yaml',
          env: { JAEGER_SAMPLING_PERCENTAGE: '0', JAEGER_SAMPLING_DECISION_WAIT: '1s' },
        },
        simulatorArgs: DIRTY,
        lookUp: 'every order',
      },
      {
        key: 'head',
        title: `dirty world head-sampled at 50 % by the simulator, Jaeger ${newest.name}`,
        build: newest,
        settings: sampledSettings,
        simulatorArgs: [...DIRTY, '--sampling', 'head:0.5'],
        lookUp: 'every order',
        // A smaller world: half of every order's traces are gone, so there is plenty to check.
        history: { ...WORLD, ordersPerDay: 15 },
      },
    ]
  : [];

const endTimeMs = Date.now();
const nowUs = (endTimeMs + 1000) * 1000;
const nowMs = nowUs / 1000;
const windowSeconds = (WORLD.days + 1) * 86_400;
const worlds = new SeededWorlds<World>('dirty');
const examinations = new Map<string, Examination>();

function readerOf(order: OrderTruth): ReaderTruth {
  if (!order.reader) {
    throw new Error(
      `${order.orderId}: the truth has no reader view (was the world seeded without --dirty or --sampling?)`
    );
  }
  return order.reader;
}

/** How far past its SLA the reader's current status is at "now" (undefined: it cannot be stuck). */
function overdueMs(order: OrderTruth, settings: OrderTrackerSettings): number | undefined {
  const reader = readerOf(order);
  const current = reader.statuses[reader.statuses.length - 1];
  const definition = settings.lifecycle.find((status) => status.name === current?.status);
  if (!current || !definition || definition.terminal || definition.slaSeconds === null) {
    return undefined;
  }
  return nowMs - current.enteredAtMs - definition.slaSeconds * 1000;
}

const plausible = (us: number | null) =>
  us === null ||
  (Number.isFinite(us) && us <= nowUs + FUTURE_TOLERANCE_US && us > nowUs - (windowSeconds + 2 * 86_400) * 1e6);

async function inPool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        await work(items[next++]);
      }
    })
  );
}

/**
 * The collector has accepted every span, but storing them takes a moment more (and Jaeger's tail
 * sampler stores a trace only once its decision wait is over): wait until every status is in.
 */
async function untilStored(world: World, fetchJson: FetchJson): Promise<void> {
  const expected = world.truth.reduce((sum, order) => sum + readerOf(order).statuses.length, 0);
  if (world.jaegerConfig) {
    // The decision wait and one decision tick.
    await new Promise((resolve) => setTimeout(resolve, 2500));
  }
  await waitUntil(
    `${world.title}: every status stored`,
    async () => {
      const index = await loadOrderIndex(world.settings, fetchJson, { nowUs, windowSeconds });
      return index.orders.reduce((sum, order) => sum + order.statusPath.length, 0) >= expected;
    },
    { timeoutMs: 20_000, intervalMs: 500 }
    // Not stored in time: the checks below say what is missing.
  ).catch(() => undefined);
}

beforeAll(async () => {
  const started = Date.now();
  await Promise.all(
    SPECS.map(async (spec) => {
      const jaeger = await startJaeger(worlds.folder, `jaeger-${spec.key}`, {
        version: spec.build.name,
        binary: spec.build.binary,
        config: spec.jaegerConfig,
      });
      const world: World = { ...spec, jaeger, truth: [] };
      worlds.add(world);
      const truthFile = join(worlds.folder, `truth-${spec.key}.jsonl`);
      const simulator = await startSeededSimulator({
        otlpHttpUrl: jaeger.otlpHttpUrl,
        metricsPort: await freePort(),
        truthFile,
        seed: SEED,
        history: spec.history ?? WORLD,
        endTimeMs,
        extraArgs: spec.simulatorArgs,
      });
      await simulator.stop();
      world.truth = readTruth(truthFile);
      await untilStored(world, fetchJsonFromBaseUrl(jaeger.queryUrl));
    })
  );
  const seeded = Date.now();
  // The worlds are read side by side: each page's load is what a user would run, one world each.
  await Promise.all(worlds.all().map(async (world) => examinations.set(world.key, await examine(world))));
  console.log(`dirty worlds: seeded in ${seeded - started} ms, read in ${Date.now() - seeded} ms`);
}, 150_000);

afterAll(() => worlds.stop());

/** What the dirt and the sampling gave the world, for the log and the checks that every class occurs. */
function figures(world: World): Record<string, number> {
  const counts: Record<string, number> = { orders: world.truth.length };
  for (const dirtClass of DIRT_CLASSES) {
    counts[dirtClass] = world.truth.filter((order) =>
      order.dirt?.some((dirt) => dirt.class === dirtClass && !dirt.sampledOut)
    ).length;
  }
  counts.ordersWithStatusesSampledOut = world.truth.filter(
    (order) => readerOf(order).statuses.length < order.statuses.length
  ).length;
  counts.ordersWithNoStatusLeft = world.truth.filter((order) => readerOf(order).statuses.length === 0).length;
  return counts;
}

interface LookupFindings {
  problems: string[];
  found: number;
  notFound: number;
  /** Lookups whose result said it was partial (a search failed or hit its limit). */
  partial: number;
  looked: number;
  warnings: Record<string, number>;
  /** Traces the lookups found, and those holding neither a status change nor an error. */
  traces: number;
  withoutStatusOrError: string[];
}

async function checkLookups(world: World, config: EngineConfig): Promise<LookupFindings> {
  const fetchJson = fetchJsonFromBaseUrl(world.jaeger.queryUrl);
  const problems: string[] = [];
  const warnings: Record<string, number> = {};
  const traceIds = new Set<string>();
  const withoutStatusOrError: string[] = [];
  let found = 0;
  let notFound = 0;
  const partial: string[] = [];
  const orders =
    world.lookUp === 'every order' ? world.truth : world.truth.filter((order) => (order.dirt?.length ?? 0) > 0);
  await inPool(orders, async (order) => {
    const reader = readerOf(order);
    const expectedStatuses = reader.statuses.map((status) => status.status);
    let result;
    try {
      result = await lookUpOrder({ orderId: order.orderId, settings: world.settings, fetchJson, nowUs, config });
    } catch (error) {
      problems.push(`${order.orderId}: the lookup threw ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (result.kind !== 'found') {
      notFound++;
      if (result.kind === 'unavailable' || expectedStatuses.length > 0) {
        problems.push(`${order.orderId}: ${result.kind}, the stored traces show ${expectedStatuses.join(' → ')}`);
      }
      return;
    }
    found++;
    const incomplete = result.outcomes.filter((outcome) => outcome.state !== 'ok' && outcome.state !== 'empty');
    if (incomplete.length > 0) {
      // The page says the result is partial: it cannot know, and is not held to the truth.
      partial.push(
        `${order.orderId}: ${incomplete.map((outcome) => `${outcome.state} ${outcome.message ?? ''}`).join('; ')}`
      );
      return;
    }
    const { timeline } = result;
    const codes = new Set(timeline.warnings.map((warning) => warning.code));
    codes.forEach((code) => (warnings[code] = (warnings[code] ?? 0) + 1));
    const statuses = timeline.statuses.map((status) => status.status);
    if (statuses.join() !== expectedStatuses.join()) {
      problems.push(
        `${order.orderId}: statuses ${statuses.join(' → ')}, the stored traces show ${expectedStatuses.join(' → ')}`
      );
    }
    if (timeline.currentStatus !== reader.currentStatus) {
      problems.push(
        `${order.orderId}: current status ${timeline.currentStatus}, the stored traces show ${reader.currentStatus}`
      );
    }
    const overdue = overdueMs(order, world.settings);
    if (overdue === undefined || Math.abs(overdue) > BORDER_MS) {
      const stuck = overdue !== undefined && overdue > 0;
      if ((timeline.verdict.state === 'stuck') !== stuck) {
        problems.push(
          `${order.orderId}: verdict ${timeline.verdict.state} ("${timeline.verdict.headline}"), the stored traces say ${stuck ? 'stuck' : 'not stuck'}`
        );
      }
    }
    const missing = reader.warnings.filter((code) => !codes.has(code));
    if (missing.length > 0) {
      problems.push(
        `${order.orderId}: no ${missing.join(', ')} warning (dirt: ${(order.dirt ?? []).map((dirt) => dirt.detail).join('; ')})`
      );
    }
    if (
      !plausible(timeline.firstSeenUs) ||
      !plausible(timeline.lastSeenUs) ||
      timeline.spans.some((span) => !plausible(span.startUs) || !plausible(span.startUs + span.durationUs))
    ) {
      problems.push(
        `${order.orderId}: the swimlane spans ${timeline.firstSeenUs} … ${timeline.lastSeenUs} µs, outside the plausible window`
      );
    }
    if (/NaN|Invalid Date|undefined/.test(timeline.verdict.headline)) {
      problems.push(`${order.orderId}: headline "${timeline.verdict.headline}"`);
    }
    const byTrace = new Map<string, typeof timeline.spans>();
    for (const span of timeline.spans) {
      byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
    }
    for (const [traceId, spans] of byTrace) {
      traceIds.add(traceId);
      if (!spans.some((span) => span.status === 'error' || typeof span.attributes['order.status'] === 'string')) {
        withoutStatusOrError.push(
          `${order.orderId}: trace ${traceId} (${spans.map((span) => span.operation).join(', ')})`
        );
      }
    }
    if (world.settings.tracesSampled) {
      const certain = timeline.evidence.filter(
        (item) => ABSENCE_KINDS.has(item.kind) && (item.severity !== 'info' || !/sampled out/.test(item.message))
      );
      if (certain.length > 0) {
        problems.push(`${order.orderId}: with sampling, "${certain[0].message}" is stated as certain`);
      }
    }
  });
  // A search that fails now and then under load is the page's business; many are this test's.
  if (partial.length > Math.max(2, orders.length * 0.02)) {
    problems.push(
      `${partial.length} of ${orders.length} lookups came back partial: ${partial.slice(0, 3).join(' | ')}`
    );
  }
  return {
    problems,
    found,
    notFound,
    partial: partial.length,
    looked: orders.length,
    warnings,
    traces: traceIds.size,
    withoutStatusOrError,
  };
}

function expectedStuck(world: World): { stuck: string[]; border: Set<string> } {
  const border = new Set(
    world.truth
      .filter((order) => Math.abs(overdueMs(order, world.settings) ?? Infinity) < BORDER_MS)
      .map((order) => order.orderId)
  );
  const stuck = world.truth
    .filter((order) => (overdueMs(order, world.settings) ?? -1) > 0 && !border.has(order.orderId))
    .map((order) => order.orderId)
    .sort();
  return { stuck, border };
}

function checkStuck(world: World, result: StuckOrdersResult): string[] {
  const problems: string[] = [];
  const { stuck, border } = expectedStuck(world);
  const listed = result.stuck
    .map((order) => order.orderId)
    .filter((id) => !border.has(id))
    .sort();
  const byId = new Map(world.truth.map((order) => [order.orderId, order]));
  for (const id of listed.filter((id) => !stuck.includes(id))) {
    const order = byId.get(id);
    problems.push(
      `${id} is listed as stuck, the stored traces say ${order ? readerOf(order).currentStatus : 'no such order'} (dirt: ${(order?.dirt ?? []).map((dirt) => dirt.class).join(', ') || 'none'})`
    );
  }
  for (const id of stuck.filter((id) => !listed.includes(id))) {
    problems.push(`${id} is stuck in ${byId.get(id)?.reader?.currentStatus} but not listed`);
  }
  if (result.budget.stoppedEarly) {
    problems.push(`the stuck list stopped early (${JSON.stringify(result.budget.use)})`);
  }
  for (const row of result.stuck) {
    const order = byId.get(row.orderId);
    if (row.check !== 'confirmed') {
      problems.push(`${row.orderId} is listed unconfirmed: ${row.doubts.join('; ')}`);
    }
    if (order && row.status !== readerOf(order).currentStatus) {
      problems.push(
        `${row.orderId} is listed in ${row.status}, the stored traces show ${readerOf(order).currentStatus}`
      );
    }
    if (!plausible(row.lastSeenUs) || !plausible(row.enteredAtUs)) {
      problems.push(`${row.orderId}: the row says last seen at ${row.lastSeenUs} µs, entered at ${row.enteredAtUs} µs`);
    }
  }
  return problems;
}

function checkIndex(world: World, index: OrderIndex): string[] {
  const problems: string[] = [];
  const byId = new Map(world.truth.map((order) => [order.orderId, order]));
  for (const entry of index.orders) {
    const order = byId.get(entry.orderId);
    if (!order) {
      problems.push(`the index lists ${JSON.stringify(entry.orderId.slice(0, 60))}, which is no order of the truth`);
      continue;
    }
    if (entry.currentStatus !== readerOf(order).currentStatus) {
      problems.push(
        `${entry.orderId}: the index says ${entry.currentStatus}, the stored traces show ${readerOf(order).currentStatus}`
      );
    }
    if (
      entry.statusPath.join() !==
      readerOf(order)
        .statuses.map((status) => status.status)
        .join()
    ) {
      problems.push(`${entry.orderId}: the index path ${entry.statusPath.join(' → ')}`);
    }
  }
  const listed = new Set(index.orders.map((entry) => entry.orderId));
  for (const order of world.truth) {
    if (readerOf(order).currentStatus !== null && !listed.has(order.orderId)) {
      problems.push(`${order.orderId} (${readerOf(order).currentStatus}) is missing from the index`);
    }
  }
  const codes = new Set(index.warnings.map((warning) => warning.code));
  const expected = new Set(world.truth.flatMap((order) => readerOf(order).indexWarnings));
  for (const code of expected) {
    if (!codes.has(code)) {
      problems.push(`the index gives no ${code} warning`);
    }
  }
  return problems;
}

interface Examination {
  counts: Record<string, number>;
  lookups: LookupFindings;
  problems: string[];
  summary: string;
}

/** Every page's data load over the whole world, and how each result compares with the truth. */
async function examine(world: World): Promise<Examination> {
  const config = compileConfig(world.settings);
  const fetchJson = fetchJsonFromBaseUrl(world.jaeger.queryUrl);
  const problems: string[] = [];
  const started = Date.now();
  const lookups = await checkLookups(world, config);
  const lookedUp = Date.now();
  // No Prometheus: the traces alone say which orders are stuck; the budget is the world's, not the page's.
  const stuck = await loadStuckOrders(
    world.settings,
    { jaeger: fetchJson },
    { nowUs, budget: { requests: 5000 } }
  ).catch((error: unknown) => {
    problems.push(`the stuck list threw ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  const listed = Date.now();
  const index = await loadOrderIndex(world.settings, fetchJson, { nowUs, windowSeconds }).catch((error: unknown) => {
    problems.push(`the index threw ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  problems.push(
    ...lookups.problems,
    ...(stuck ? checkStuck(world, stuck) : []),
    ...(index ? checkIndex(world, index) : [])
  );
  const counts = figures(world);
  const summary =
    `${world.title}: ${JSON.stringify(counts)}; lookups of ${lookups.looked} orders: ${lookups.found} found (${lookups.partial} partial), ${lookups.notFound} not found (${lookedUp - started} ms), ` +
    `warnings ${JSON.stringify(lookups.warnings)}; stuck listed ${stuck?.stuck.length} of ${expectedStuck(world).stuck.length} expected (${listed - lookedUp} ms); ` +
    `index ${index?.orders.length} orders, warnings ${JSON.stringify(index?.warnings.map((warning) => warning.code))} (${Date.now() - listed} ms); ` +
    `${problems.length} problems`;
  return { counts, lookups, problems, summary };
}

function examinationOf(key: string): Examination {
  const examination = examinations.get(key);
  if (!examination) {
    throw new Error(`world ${key} was not examined`);
  }
  return examination;
}

describe.each(SPECS.map((spec) => [spec.title, spec.key]))('%s', (_title, key) => {
  it('loads every order, the stuck list and the index without throwing, and each matches what the stored traces show', () => {
    const { problems, summary, counts } = examinationOf(key);
    console.log(problems.length > 0 ? `${summary}\n${problems.slice(0, 40).join('\n')}` : summary);
    expect(problems.slice(0, 15)).toEqual([]);
    expect(expectedStuck(worlds.get(key)).stuck.length).toBeGreaterThan(0);
    if (key !== 'head') {
      // Every class of dirt reached the reader, or this world proves nothing about it.
      expect(DIRT_CLASSES.filter((dirtClass) => counts[dirtClass] === 0)).toEqual([]);
    }
  });
});

describe('the sampled worlds', () => {
  it('tail sampling in Jaeger keeps every trace that changes a status or holds an error, and only those', () => {
    const { lookups } = examinationOf('tail');
    const clean = examinationOf('dirty').lookups;
    console.log(`tail-sampled world: ${lookups.traces} traces stored of the ${clean.traces} the unsampled world shows`);
    expect(lookups.withoutStatusOrError.slice(0, 10)).toEqual([]);
    expect(clean.withoutStatusOrError.length).toBeGreaterThan(0);
    expect(lookups.traces).toBe(clean.traces - clean.withoutStatusOrError.length);
  });

  it('head sampling hid statuses, and the reader says so', () => {
    const world = worlds.get('head');
    expect(figures(world).ordersWithStatusesSampledOut).toBeGreaterThan(0);
    expect(world.truth.some((order) => readerOf(order).warnings.includes('status_not_seen'))).toBe(true);
  });
});
