import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backends, JaegerInstance, startBackends, startJaeger } from '../backends/backends';
import { freePort, waitUntil } from '../backends/processes';
import { SeededSimulator, startSeededSimulator } from './seed';

declare global {
  // Shared with globalTeardown, which runs in the same process.
  var orderTrackerBackends: Backends | undefined;
  var orderTrackerScratchJaeger: JaegerInstance | undefined;
  var orderTrackerSimulator: SeededSimulator | undefined;
}

/** The seed of the history every integration test reads; change it and every figure changes. */
export const INTEGRATION_SEED = 20261121;

/**
 * Starts a real Jaeger and Prometheus, runs the simulator's seeded history into them, waits until
 * Prometheus has scraped the simulator, and hands the URLs and the ground truth to every test.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const metricsPort = await freePort();
  const backends = await startBackends({ scrapeTargets: [{ job: 'simulator', target: `127.0.0.1:${metricsPort}` }] });
  globalThis.orderTrackerBackends = backends;
  process.env.ORDERTRACKER_JAEGER_URL = backends.jaeger.queryUrl;
  process.env.ORDERTRACKER_PROM_URL = backends.prometheus.url;
  // Tests that send spans of their own write to a second Jaeger, so the seeded one holds exactly
  // the simulator's history and every test reading it sees the same orders whatever runs beside it.
  const scratch = await startJaeger(backends.workDir, 'scratch-jaeger');
  globalThis.orderTrackerScratchJaeger = scratch;
  process.env.ORDERTRACKER_SCRATCH_JAEGER_URL = scratch.queryUrl;
  process.env.ORDERTRACKER_SCRATCH_OTLP_HTTP_URL = scratch.otlpHttpUrl;
  const backendsMs = Date.now() - started;

  const truthFile = join(mkdtempSync(join(tmpdir(), 'ordertracker-truth-')), 'truth.jsonl');
  const simulator = await startSeededSimulator({
    otlpHttpUrl: backends.jaeger.otlpHttpUrl,
    metricsPort,
    truthFile,
    seed: INTEGRATION_SEED,
  });
  globalThis.orderTrackerSimulator = simulator;
  process.env.ORDERTRACKER_TRUTH_FILE = truthFile;
  const seededMs = Date.now() - started;

  const query = new URLSearchParams({ query: 'count(order_status_transitions_total{job="simulator"})' });
  await waitUntil(
    'Prometheus scraping the simulator',
    async () => {
      const body = (await (await fetch(`${backends.prometheus.url}/api/v1/query?${query.toString()}`)).json()) as {
        data?: { result?: unknown[] };
      };
      return (body.data?.result?.length ?? 0) > 0;
    },
    { timeoutMs: 30_000, intervalMs: 250 }
  );
  console.log(
    `\nintegration backends: Jaeger ${backends.jaeger.queryUrl} (scratch ${scratch.queryUrl}), Prometheus ${backends.prometheus.url} (ready in ${backendsMs} ms); ` +
      `simulator history: ${simulator.orders} orders, ${simulator.spans} spans (seeded in ${seededMs - backendsMs} ms); ` +
      `scraped after ${Date.now() - started} ms`
  );
}
