import { createHash } from 'node:crypto';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { DEFAULT_CONFIG } from '../src/config';
import { OrderMetrics } from '../src/metrics';
import { Simulator } from '../src/simulator';
import { Telemetry } from '../src/telemetry';

const END_MS = Date.UTC(2026, 5, 1);

/**
 * Same seed and end time → the same spans (ids, names, times, attributes, links), the same truth
 * and the same metrics, also when the history pauses on the way; another seed → something else.
 * Exports to memory, no network.
 */
async function fingerprint(seed: number, pauseAtMs?: number): Promise<{ hash: string; spans: number }> {
  const exporters: InMemorySpanExporter[] = [];
  const telemetry = new Telemetry({
    otlpUrl: 'http://127.0.0.1:9',
    seed,
    batchSize: 512,
    exporter: () => {
      const exporter = new InMemorySpanExporter();
      exporters.push(exporter);
      return exporter;
    },
  });
  let simulator: Simulator | undefined;
  const metrics = new OrderMetrics(() => simulator?.truths() ?? []);
  simulator = new Simulator({ ...DEFAULT_CONFIG, mode: 'history', days: 3, ordersPerDay: 50, seed, metricsPort: 0 }, telemetry, metrics, () => undefined);
  await simulator.runHistory(END_MS, pauseAtMs === undefined ? undefined : { atMs: pauseAtMs, wait: async () => undefined });
  const hash = createHash('sha256');
  // A pause changes the order spans are exported in, not the spans.
  const records: string[] = [];
  for (const exporter of exporters) {
    for (const span of exporter.getFinishedSpans()) {
      const { traceId, spanId } = span.spanContext();
      records.push(JSON.stringify([traceId, spanId, span.name, span.startTime, span.endTime, span.attributes, span.links.map((link) => link.context.spanId)]));
    }
  }
  for (const record of records.sort()) {
    hash.update(record);
  }
  hash.update(JSON.stringify([...simulator.truths()]));
  // A pause also changes the order the histogram sums add up in: compare them to 6 decimals.
  hash.update((await metrics.registry.metrics()).replace(/(\d+\.\d{6})\d*/g, '$1'));
  await telemetry.shutdown();
  return { hash: hash.digest('hex'), spans: simulator.spansEmitted };
}

async function main(): Promise<void> {
  const first = await fingerprint(7);
  const again = await fingerprint(7);
  const paused = await fingerprint(7, END_MS - 86_400_000);
  const other = await fingerprint(8);
  process.stdout.write(
    `seed 7: ${first.hash.slice(0, 16)} (${first.spans} spans); again: ${again.hash.slice(0, 16)}; paused a day before the end: ${paused.hash.slice(0, 16)}; seed 8: ${other.hash.slice(0, 16)}\n`
  );
  if (first.hash !== again.hash || first.spans === 0) {
    throw new Error('the same seed gave different telemetry');
  }
  if (paused.hash !== first.hash) {
    throw new Error('pausing the history changed its telemetry');
  }
  if (first.hash === other.hash) {
    throw new Error('different seeds gave the same telemetry');
  }
  process.stdout.write('deterministic: ok\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`determinism: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
