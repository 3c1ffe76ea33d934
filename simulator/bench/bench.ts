import { spawn } from 'node:child_process';
import { DEFAULT_CONFIG, SimulatorConfig } from '../src/config';
import { OrderMetrics } from '../src/metrics';
import { Simulator } from '../src/simulator';
import { Telemetry } from '../src/telemetry';

/**
 * Throughput and memory of a history run: orders/s, spans/s and the peak memory while exporting.
 * Spans go to a throw-away OTLP sink on 127.0.0.1 (its own process, so its memory is not counted),
 * or to a real collector when ORDERTRACKER_BENCH_OTLP_URL is set.
 * Size: BENCH_DAYS (default 30) × BENCH_ORDERS_PER_DAY (default 200).
 */

// Accepts OTLP/HTTP protobuf exports and answers with an empty ExportTraceServiceResponse.
const SINK_SOURCE = `
const http = require('node:http');
let bytes = 0, requests = 0;
const server = http.createServer((req, res) => {
  req.on('data', (chunk) => { bytes += chunk.length; });
  req.on('end', () => { requests++; res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }); res.end(); });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
process.on('SIGTERM', () => { process.stdout.write(JSON.stringify({ bytes, requests }) + '\\n'); process.exit(0); });
`;

interface Sink {
  url: string;
  stop(): Promise<{ bytes: number; requests: number }>;
}

function startSink(): Promise<Sink> {
  const child = spawn(process.execPath, ['-e', SINK_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let waiter: ((line: string) => void) | undefined;
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      if (waiter) {
        const resolve = waiter;
        waiter = undefined;
        resolve(line);
      } else {
        lines.push(line);
      }
    }
  });
  const nextLine = (timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const queued = lines.shift();
      if (queued !== undefined) {
        resolve(queued);
        return;
      }
      const timer = setTimeout(() => reject(new Error('the OTLP sink did not answer')), timeoutMs);
      waiter = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
    });
  return nextLine(10_000).then((line) => {
    const { port } = JSON.parse(line) as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      async stop() {
        child.kill('SIGTERM');
        const totals = JSON.parse(await nextLine(5_000)) as { bytes: number; requests: number };
        return totals;
      },
    };
  });
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const days = Number(process.env.BENCH_DAYS ?? 30);
  const ordersPerDay = Number(process.env.BENCH_ORDERS_PER_DAY ?? 200);
  const external = process.env.ORDERTRACKER_BENCH_OTLP_URL;
  const sink = external ? undefined : await startSink();
  const otlpUrl = external ?? sink?.url ?? '';
  const config: SimulatorConfig = {
    ...DEFAULT_CONFIG,
    mode: 'history',
    days,
    ordersPerDay,
    otlpUrl,
    metricsPort: 0,
    seed: 1234,
    quiet: true,
  };

  if (global.gc) {
    global.gc();
  }
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 20);

  const telemetry = new Telemetry({ otlpUrl, seed: config.seed, batchSize: config.exportBatchSize });
  let simulator: Simulator | undefined;
  const metrics = new OrderMetrics(() => simulator?.truths() ?? []);
  simulator = new Simulator(config, telemetry, metrics, () => undefined);
  const summary = await simulator.runHistory(Date.now());
  clearInterval(sampler);
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  const metricsText = await metrics.registry.metrics();
  await telemetry.shutdown();
  const totals = sink ? await sink.stop() : undefined;

  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `history: ${days} days × ${ordersPerDay} orders/day, export to ${external ? external : 'local OTLP sink (127.0.0.1)'}`,
    `orders:        ${summary.orders} in ${seconds.toFixed(2)} s = ${(summary.orders / seconds).toFixed(0)} orders/s`,
    `spans:         ${summary.spans} (${summary.accepted} accepted, ${summary.failed} failed) = ${(summary.spans / seconds).toFixed(0)} spans/s`,
    `memory:        peak RSS ${mb(peakRss)} (baseline ${mb(baseline.rss)}), peak heap ${mb(peakHeap)} (baseline ${mb(baseline.heapUsed)})`,
    totals ? `exported:      ${mb(totals.bytes)} in ${totals.requests} OTLP requests = ${(totals.bytes / Math.max(summary.spans, 1)).toFixed(0)} bytes/span` : undefined,
    `metrics page:  ${(metricsText.length / 1024).toFixed(1)} KiB`,
  ].filter((line): line is string => line !== undefined);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (summary.failed > 0 || summary.accepted !== summary.spans) {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
