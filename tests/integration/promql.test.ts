/**
 * Every PromQL expression of the pages, the operations dashboard and the alert rules, run against
 * the real Prometheus scraping the seeded simulator, compared with what the ground truth predicts.
 */
import { readFileSync } from 'node:fs';
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { promqlCatalogue, provisioningDefaults, withFixedWindows } from '../../src/queries/catalogue';
import { VectorSample, byLabel, queryVector } from '../../src/datasource/prometheusClient';
import * as q from '../../src/queries/promql';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { integrationEnv } from './env';
import type { OrderTruth } from './seed';

const settings = DEFAULT_SETTINGS;
const lifecycle = settings.lifecycle;
const terminal = new Set(lifecycle.filter((status) => status.terminal).map((status) => status.name));

function readTruth(file: string): OrderTruth[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OrderTruth);
}

function tally<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  }
  return out;
}

/** Completed stays (status entered, then left) in seconds, per status. */
function completedStays(truth: OrderTruth[]): Map<string, number[]> {
  const stays = new Map<string, number[]>();
  for (const order of truth) {
    order.statuses.forEach((entry, index) => {
      const next = order.statuses[index + 1];
      if (next) {
        const list = stays.get(entry.status) ?? [];
        list.push((next.enteredAtMs - entry.enteredAtMs) / 1000);
        stays.set(entry.status, list);
      }
    });
  }
  return stays;
}

function oldestEnteredMs(truth: OrderTruth[]): Map<string, number> {
  const oldest = new Map<string, number>();
  for (const order of truth) {
    if (terminal.has(order.currentStatus)) {
      continue;
    }
    const entered = order.statuses[order.statuses.length - 1].enteredAtMs;
    const previous = oldest.get(order.currentStatus);
    if (previous === undefined || entered < previous) {
      oldest.set(order.currentStatus, entered);
    }
  }
  return oldest;
}

const asObject = (map: Map<string, number>) => Object.fromEntries([...map.entries()].sort());

/** What happened after the history's pause: status entries, completed stays and dead letters. */
function sincePause(truth: OrderTruth[], atPause: OrderTruth[]) {
  const paused = new Map(atPause.map((order) => [order.orderId, order]));
  const entries = new Map<string, number>();
  const stays = new Map<string, number[]>();
  const deadLetters = new Map<string, number>();
  for (const order of truth) {
    const before = paused.get(order.orderId);
    const enteredBefore = before?.statuses.length ?? 0;
    order.statuses.forEach((entry, index) => {
      if (index >= enteredBefore) {
        entries.set(entry.status, (entries.get(entry.status) ?? 0) + 1);
      }
      const next = order.statuses[index + 1];
      // A stay is observed when the next status is entered.
      if (next && index + 1 >= enteredBefore) {
        stays.set(entry.status, [...(stays.get(entry.status) ?? []), (next.enteredAtMs - entry.enteredAtMs) / 1000]);
      }
    });
    order.faults
      .filter((fault) => fault.kind === 'dead_letter')
      .slice(before?.faults.filter((fault) => fault.kind === 'dead_letter').length ?? 0)
      .forEach((fault) => {
        const queue = /on (\S+) was rejected/.exec(fault.detail ?? '')?.[1] ?? 'unknown';
        deadLetters.set(queue, (deadLetters.get(queue) ?? 0) + 1);
      });
  }
  return { entries, stays, deadLetters };
}

describe('PromQL against Prometheus scraping the seeded simulator', () => {
  let truth: OrderTruth[] = [];
  let prometheus: ReturnType<typeof fetchJsonFromBaseUrl>;
  const run = (expr: string): Promise<VectorSample[]> => queryVector(prometheus, withFixedWindows(expr, '1m', '1h'));

  beforeAll(() => {
    const env = integrationEnv();
    truth = readTruth(env.truthFile);
    prometheus = fetchJsonFromBaseUrl(env.prometheusUrl);
  });

  it('runs every expression of the catalogue without an error', async () => {
    const catalogue = promqlCatalogue(settings);
    const results = await Promise.all(
      catalogue.map(async (entry) => {
        try {
          const samples = await run(entry.expr);
          return { entry, samples, error: undefined };
        } catch (error) {
          return { entry, samples: [], error: error instanceof Error ? error.message : String(error) };
        }
      })
    );
    for (const result of results) {
      console.log(
        `${result.entry.name} [${result.entry.usedBy.join(',')}]: ${result.error ?? `${result.samples.length} series`}`
      );
    }
    expect(
      results.filter((result) => result.error !== undefined).map((result) => `${result.entry.name}: ${result.error}`)
    ).toEqual([]);
    expect(catalogue.length).toBeGreaterThan(20);
  });

  it('orders per status now equal the truth’s current statuses', async () => {
    const got = byLabel(await run(q.ordersInStatus()), 'status');
    const expected = tally(truth, (order) => order.currentStatus);
    for (const status of lifecycle) {
      expect([status.name, got.get(status.name) ?? 0]).toEqual([status.name, expected.get(status.name) ?? 0]);
    }
    const present = await run(q.orderMetricsPresent());
    expect(present[0].value).toBe(lifecycle.length);
  });

  it('status entries equal the truth’s entries per status; rates are valid and bounded by them', async () => {
    const expected = tally(
      truth.flatMap((order) => order.statuses),
      (entry) => entry.status
    );
    expect(asObject(byLabel(await run(q.statusEntriesTotal()), 'status'))).toEqual(
      asObject(new Map(lifecycle.map((status) => [status.name, expected.get(status.name) ?? 0])))
    );
    const rates = await run(q.statusEntriesRate());
    for (const sample of rates) {
      expect(lifecycle.map((status) => status.name)).toContain(sample.labels.status);
      expect(sample.value).toBeGreaterThanOrEqual(0);
    }
  });

  it('completed stays, their mean (lead-time breakdown) and heatmap buckets match the truth', async () => {
    const stays = completedStays(truth);
    const counts = byLabel(await run(q.completedStays()), 'status');
    const means = byLabel(await run(q.meanTimeInStatus(null)), 'status');
    for (const [status, list] of stays) {
      expect([status, counts.get(status)]).toEqual([status, list.length]);
      const mean = list.reduce((sum, value) => sum + value, 0) / list.length;
      expect(Math.abs((means.get(status) ?? NaN) - mean)).toBeLessThan(Math.max(0.01, mean * 1e-9));
    }
    for (const status of lifecycle.filter((definition) => !definition.terminal && definition.slaSeconds !== null)) {
      const list = stays.get(status.name) ?? [];
      const buckets = await run(q.timeInStatusBuckets(status.name));
      expect(buckets.length).toBeGreaterThan(1);
      for (const bucket of buckets) {
        const le = bucket.labels.le === '+Inf' ? Infinity : Number(bucket.labels.le);
        expect([status.name, bucket.labels.le, bucket.value]).toEqual([
          status.name,
          bucket.labels.le,
          list.filter((value) => value <= le).length,
        ]);
      }
      // The SLA is a bucket boundary, so the heatmap shows exactly which stays broke it.
      expect(buckets.map((bucket) => Number(bucket.labels.le))).toContain(status.slaSeconds);
      const heatmap = await run(q.timeInStatusHeatmap(status.name));
      heatmap.forEach((sample) => expect(sample.value).toBeGreaterThanOrEqual(0));
    }
  });

  it('oldest order per status, its age and the statuses past SLA match the truth', async () => {
    const oldest = oldestEnteredMs(truth);
    const gotOldest = byLabel(await run(q.oldestEntered()), 'status');
    expect([...gotOldest.keys()].sort()).toEqual([...oldest.keys()].sort());
    for (const [status, enteredMs] of oldest) {
      expect(Math.abs((gotOldest.get(status) ?? 0) * 1000 - enteredMs)).toBeLessThan(1);
    }
    const nowMs = Date.now();
    const ages = byLabel(await run(q.oldestAge()), 'status');
    for (const [status, enteredMs] of oldest) {
      expect(Math.abs((ages.get(status) ?? 0) - (nowMs - enteredMs) / 1000)).toBeLessThan(30);
    }
    const overdue = byLabel(await run(q.overdueBySla(lifecycle)), 'status');
    const expectedPast = new Map<string, number>();
    for (const status of lifecycle) {
      const enteredMs = oldest.get(status.name);
      if (enteredMs !== undefined && status.slaSeconds !== null && !status.terminal) {
        const over = (nowMs - enteredMs) / 1000 - status.slaSeconds;
        if (over > 0) {
          expectedPast.set(status.name, over);
        }
      }
    }
    console.log(`statuses past SLA: ${JSON.stringify(asObject(expectedPast))}`);
    expect([...overdue.keys()].sort()).toEqual([...expectedPast.keys()].sort());
    for (const [status, over] of expectedPast) {
      expect(Math.abs((overdue.get(status) ?? 0) - over)).toBeLessThan(30);
    }
    expect(expectedPast.size).toBeGreaterThan(0);
  });

  it('the share of open orders in the watched status matches the truth', async () => {
    const { queueStatus } = provisioningDefaults(settings);
    const open = truth.filter((order) => !terminal.has(order.currentStatus));
    const inStatus = open.filter((order) => order.currentStatus === queueStatus);
    const [share] = await run(q.shareOfOpenOrdersIn(queueStatus, lifecycle));
    expect(share.value).toBeCloseTo(inStatus.length / open.length, 9);
  });

  it('dead letters per queue equal the truth’s dead-letter faults', async () => {
    const faults = truth.flatMap((order) => order.faults).filter((fault) => fault.kind === 'dead_letter');
    const expected = tally(faults, (fault) => /on (\S+) was rejected/.exec(fault.detail ?? '')?.[1] ?? 'unknown');
    expect(faults.length).toBeGreaterThan(0);
    expect(asObject(byLabel(await run(q.deadLetteredTotal()), 'queue'))).toEqual(asObject(expected));
    for (const sample of await run(q.deadLetteredIncrease('1h'))) {
      expect(expected.has(sample.labels.queue)).toBe(true);
      expect(sample.value).toBeGreaterThanOrEqual(0);
    }
  });

  describe('rates over the window since the history resumed', () => {
    // The history paused a day before its end until Prometheus had scraped that state (globalSetup),
    // so a window that starts just before it resumed holds exactly the last day's movements.
    // increase() and rate() extrapolate from the first and last sample to the window's edges: with a
    // 1 s scrape interval a count comes out between the truth and truth × w / (w − 2.5 s); a ratio of
    // two such counts (a mean, a bucket share) is exact.
    let since: ReturnType<typeof sincePause>;
    let windowSeconds = 0;
    let window = '';
    const within = (got: number, expected: number) => {
      const factor = windowSeconds / (windowSeconds - 2.5);
      return got >= expected - 1e-9 && got <= expected * factor + 1e-9;
    };

    beforeAll(async () => {
      const env = integrationEnv();
      since = sincePause(truth, readTruth(env.truthAtPauseFile));
      const startMs = env.resumedAtMs - 2000;
      // A very short window would widen the extrapolation margin: give it at least 20 s.
      const waitMs = startMs + 20_000 - Date.now();
      if (waitMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
      windowSeconds = Math.floor((Date.now() - startMs) / 1000);
      window = `${windowSeconds}s`;
    }, 30_000);

    it('status entries per second equal the entries of the last day', async () => {
      const rates = byLabel(await run(q.statusEntriesRate(window)), 'status');
      const total = [...since.entries.values()].reduce((sum, count) => sum + count, 0);
      console.log(`since the pause: ${total} status entries, window ${window}`);
      expect(total).toBeGreaterThan(20);
      for (const status of lifecycle) {
        const expected = since.entries.get(status.name) ?? 0;
        const got = (rates.get(status.name) ?? 0) * windowSeconds;
        expect([status.name, expected, within(got, expected)]).toEqual([status.name, expected, true]);
      }
    });

    it('the mean time in status over the window equals the mean of the stays completed in it', async () => {
      const means = byLabel(await run(q.meanTimeInStatus(window)), 'status');
      expect(since.stays.size).toBeGreaterThan(3);
      for (const [status, list] of since.stays) {
        const mean = list.reduce((sum, value) => sum + value, 0) / list.length;
        expect([status, Math.abs((means.get(status) ?? NaN) - mean) <= mean * 1e-9 + 1e-6]).toEqual([status, true]);
      }
    });

    it('the heatmap rows split the stays completed in the window as the truth does', async () => {
      for (const status of lifecycle.filter((definition) => !definition.terminal && definition.slaSeconds !== null)) {
        const list = since.stays.get(status.name) ?? [];
        const buckets = await run(q.timeInStatusHeatmap(status.name, window));
        const all = buckets.find((bucket) => bucket.labels.le === '+Inf');
        if (list.length === 0) {
          expect([status.name, all?.value ?? 0]).toEqual([status.name, 0]);
          continue;
        }
        expect([status.name, within((all?.value ?? 0) * windowSeconds, list.length)]).toEqual([status.name, true]);
        for (const bucket of buckets) {
          const le = bucket.labels.le === '+Inf' ? Infinity : Number(bucket.labels.le);
          const share = list.filter((value) => value <= le).length / list.length;
          expect([status.name, bucket.labels.le, Math.abs(bucket.value / (all?.value ?? NaN) - share) < 1e-9]).toEqual([
            status.name,
            bucket.labels.le,
            true,
          ]);
        }
      }
    });

    it('dead letters per queue in the window, and the alert’s 10 min look-back, see the last day’s dead letters', async () => {
      const increase = byLabel(await run(q.deadLetteredIncrease(window)), 'queue');
      for (const [queue, expected] of since.deadLetters) {
        expect([queue, within(increase.get(queue) ?? 0, expected)]).toEqual([queue, true]);
      }
      for (const [queue, got] of increase) {
        expect([queue, within(got, since.deadLetters.get(queue) ?? 0)]).toEqual([queue, true]);
      }
      // The alert rule looks back 10 min: everything since the pause is inside it (and maybe more
      // of the paused history's own scrape), so it fires for every queue that dead-lettered.
      const alert = byLabel(await run(q.deadLetteredIncrease('10m')), 'queue');
      for (const [queue, expected] of since.deadLetters) {
        expect([queue, (alert.get(queue) ?? 0) >= expected]).toEqual([queue, true]);
      }
      console.log(`dead letters since the pause: ${JSON.stringify(asObject(since.deadLetters))}`);
    });
  });

  it('span metrics count every span the simulator emitted, and carry the API services watched', async () => {
    // Jaeger's spanmetrics connector flushes on its own interval: wait (bounded) until it caught up.
    const [emitted] = await run('sum(simulator_spans_emitted_total)');
    let counted = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const [calls] = await run(`sum(${q.METRICS.spanCalls})`);
      counted = calls?.value ?? 0;
      if (counted >= emitted.value) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(counted).toBe(emitted.value);
    const { apiServices, latencyService } = provisioningDefaults(settings);
    for (const service of apiServices) {
      const [calls] = await run(q.serverCallsTotal(service));
      console.log(`server spans of ${service} in span metrics: ${calls?.value ?? 'none'}`);
      expect([service, (calls?.value ?? 0) > 0]).toEqual([service, true]);
    }
    for (const expr of [q.serverLatencyP95(latencyService, '5m'), q.serverErrorRatio(latencyService, '5m')]) {
      for (const sample of await run(expr)) {
        expect(Number.isNaN(sample.value) || sample.value >= 0).toBe(true);
      }
    }
  }, 90_000);
});
