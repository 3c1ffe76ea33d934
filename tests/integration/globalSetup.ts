import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableJaegers, Backends, JaegerInstance, startBackends, startJaeger } from '../backends/backends';
import { freePort, waitUntil } from '../backends/processes';
import { OrderTruth, SeededSimulator, startSeededSimulator } from './seed';

declare global {
  // Shared with globalTeardown, which runs in the same process.
  var orderTrackerBackends: Backends | undefined;
  var orderTrackerScratchJaeger: JaegerInstance | undefined;
  var orderTrackerSimulator: SeededSimulator | undefined;
}

/** The seed of the history every integration test reads; change it and every figure changes. */
export const INTEGRATION_SEED = 20261121;
/** The history pauses this long before its end, so the metrics move while Prometheus watches. */
const PAUSE_BEFORE_END_MS = 86_400_000;

function readTruthEntries(file: string): number {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .reduce((sum, line) => sum + (JSON.parse(line) as OrderTruth).statuses.length, 0);
}

/**
 * Starts a real Jaeger and Prometheus, runs the simulator's seeded history into them, waits until
 * Prometheus has scraped the simulator, and hands the URLs and the ground truth to every test.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const metricsPort = await freePort();
  // The seeded Jaeger is the newest build available (main, v2.20.0, v2.12.0: whatever
  // scripts/setup.sh could build here), unless JAEGER_BIN or ORDERTRACKER_JAEGER_VERSION says.
  const backends = await startBackends({ scrapeTargets: [{ job: 'simulator', target: `127.0.0.1:${metricsPort}` }] });
  globalThis.orderTrackerBackends = backends;
  process.env.ORDERTRACKER_JAEGER_URL = backends.jaeger.queryUrl;
  process.env.ORDERTRACKER_JAEGER_VERSION = backends.jaeger.version;
  // Every Jaeger build on this machine, newest first, for tests that start each one themselves.
  process.env.ORDERTRACKER_JAEGER_VERSIONS = JSON.stringify(availableJaegers());
  process.env.ORDERTRACKER_PROM_URL = backends.prometheus.url;
  // Tests that send spans of their own write to a second Jaeger, so the seeded one holds exactly
  // the simulator's history and every test reading it sees the same orders whatever runs beside it.
  const scratch = await startJaeger(backends.workDir, 'scratch-jaeger', {
    version: backends.jaeger.version,
    binary: backends.jaeger.binary,
  });
  globalThis.orderTrackerScratchJaeger = scratch;
  process.env.ORDERTRACKER_SCRATCH_JAEGER_URL = scratch.queryUrl;
  process.env.ORDERTRACKER_SCRATCH_OTLP_HTTP_URL = scratch.otlpHttpUrl;
  const backendsMs = Date.now() - started;

  const truthDir = mkdtempSync(join(tmpdir(), 'ordertracker-truth-'));
  const truthFile = join(truthDir, 'truth.jsonl');
  const truthAtPauseFile = join(truthDir, 'truth-at-pause.jsonl');
  // The metrics Prometheus holds for the history's last day must move while it watches, or every
  // rate() would be 0: the history pauses a day before its end until Prometheus has the state of
  // that moment, then the last day follows. Rates over the window then have a truth to meet.
  const scrapedEntries = async (): Promise<number | undefined> => {
    const query = new URLSearchParams({ query: 'sum(order_status_transitions_total{job="simulator"})' });
    const body = (await (await fetch(`${backends.prometheus.url}/api/v1/query?${query.toString()}`)).json()) as {
      data?: { result?: Array<{ value: [number, string] }> };
    };
    const value = body.data?.result?.[0]?.value[1];
    return value === undefined ? undefined : Number(value);
  };
  const waitForEntries = (file: string, what: string) => {
    const expected = readTruthEntries(file);
    return waitUntil(what, async () => (await scrapedEntries()) === expected, { timeoutMs: 30_000, intervalMs: 250 });
  };
  const simulator = await startSeededSimulator({
    otlpHttpUrl: backends.jaeger.otlpHttpUrl,
    metricsPort,
    truthFile,
    seed: INTEGRATION_SEED,
    pause: {
      atMs: Date.now() - PAUSE_BEFORE_END_MS,
      truthFile: truthAtPauseFile,
      whilePaused: async () => {
        await waitForEntries(truthAtPauseFile, 'Prometheus scraping the paused history');
        // A few more scrapes of the same state, so any window from here on starts on it.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        process.env.ORDERTRACKER_RESUMED_AT_MS = String(Date.now());
      },
    },
  });
  globalThis.orderTrackerSimulator = simulator;
  process.env.ORDERTRACKER_TRUTH_FILE = truthFile;
  process.env.ORDERTRACKER_TRUTH_AT_PAUSE_FILE = truthAtPauseFile;
  const seededMs = Date.now() - started;

  await waitForEntries(truthFile, 'Prometheus scraping the whole history');
  const jaegerRuns = backends.jaeger.version === 'JAEGER_BIN' ? backends.jaeger.binary : backends.jaeger.version;
  const jaegerBuilds = availableJaegers().map((jaeger) => jaeger.name);
  console.log(
    `\nintegration backends: Jaeger ${jaegerRuns} ${backends.jaeger.queryUrl} (scratch ${scratch.queryUrl}; builds here: ${jaegerBuilds.join(', ')}), ` +
      `Prometheus ${backends.prometheus.url} (ready in ${backendsMs} ms); ` +
      `simulator history: ${simulator.orders} orders, ${simulator.spans} spans (seeded in ${seededMs - backendsMs} ms); ` +
      `scraped after ${Date.now() - started} ms`
  );
}
