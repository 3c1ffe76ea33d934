import { createHash } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { DEFAULT_PERSONAL_DATA_KEYS } from '../../src/settings/defaults';
import { DEFAULT_CONFIG, DIRT_CLASSES, DirtRates, NO_DIRT, Sampling, SimulatorConfig } from '../src/config';
import { OrderMetrics } from '../src/metrics';
import { Simulator } from '../src/simulator';
import { Telemetry } from '../src/telemetry';
import { LeakKind } from '../src/leaks';
import { OrderTruth } from '../src/truth';

const END_MS = Date.UTC(2026, 5, 1);

/**
 * Same seed and end time → the same spans (ids, names, times, attributes, links), the same truth
 * and the same metrics, also when the history pauses on the way; another seed → something else.
 * Exports to memory, no network.
 */
async function fingerprint(
  seed: number,
  pauseAtMs?: number,
  world: Partial<Pick<SimulatorConfig, 'dirt' | 'sampling' | 'leaky'>> = {}
): Promise<{ hash: string; spans: number; exported: ReadableSpan[]; truths: OrderTruth[] }> {
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
  simulator = new Simulator({ ...DEFAULT_CONFIG, mode: 'history', days: 3, ordersPerDay: 50, seed, metricsPort: 0, ...world }, telemetry, metrics, () => undefined);
  await simulator.runHistory(END_MS, pauseAtMs === undefined ? undefined : { atMs: pauseAtMs, wait: async () => undefined });
  const hash = createHash('sha256');
  // A pause changes the order spans are exported in, not the spans.
  const records: string[] = [];
  const exported = exporters.flatMap((exporter) => exporter.getFinishedSpans());
  for (const span of exported) {
    const { traceId, spanId } = span.spanContext();
    records.push(JSON.stringify([traceId, spanId, span.name, span.startTime, span.endTime, span.attributes, span.links.map((link) => link.context.spanId)]));
  }
  for (const record of records.sort()) {
    hash.update(record);
  }
  hash.update(JSON.stringify([...simulator.truths()]));
  // A pause also changes the order the histogram sums add up in: compare them to 6 decimals. An
  // exemplar's timestamp is the wall clock when it was observed; its trace, order and value count.
  const exposition = (await metrics.registry.metrics()).replace(/^(.* # \{.*\} \S+) \S+$/gm, '$1');
  hash.update(exposition.replace(/(\d+\.\d{6})\d*/g, '$1'));
  await telemetry.shutdown();
  return { hash: hash.digest('hex'), spans: simulator.spansEmitted, exported, truths: [...simulator.truths()] };
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
  await checkRealWorld(first.exported);
  await checkLeakyWorld(first.exported);
  process.stdout.write('deterministic: ok\n');
}

const ALL_DIRT: DirtRates = { ...NO_DIRT };
for (const dirtClass of DIRT_CLASSES) {
  ALL_DIRT[dirtClass] = 0.2;
}
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

/**
 * The dirty and the sampled world are reproducible too, and draw nothing from the clean world's
 * generators: with sampling, what is exported is exactly the clean run's spans of the kept traces;
 * tail sampling keeps every trace that changes a status or holds an error.
 */
async function checkRealWorld(clean: ReadableSpan[]): Promise<void> {
  const tail: Sampling = { policy: 'tail', ratio: 0.1 };
  const dirty = await fingerprint(7, undefined, { dirt: ALL_DIRT, sampling: tail });
  const dirtyAgain = await fingerprint(7, undefined, { dirt: ALL_DIRT, sampling: tail });
  if (dirty.hash !== dirtyAgain.hash) {
    throw new Error('the same seed gave a different dirty, sampled world');
  }
  const byTrace = new Map<string, ReadableSpan[]>();
  for (const span of clean) {
    byTrace.set(traceOf(span), [...(byTrace.get(traceOf(span)) ?? []), span]);
  }
  const sampled = await fingerprint(7, undefined, { sampling: tail });
  const kept = new Set(sampled.exported.map(traceOf));
  const mustKeep = [...byTrace].filter(([, spans]) => spans.some((span) => typeof span.attributes['order.status'] === 'string' || span.status.code === SpanStatusCode.ERROR));
  const lost = mustKeep.filter(([traceId]) => !kept.has(traceId));
  const others = byTrace.size - mustKeep.length;
  const keptOthers = kept.size - mustKeep.length;
  const keptSpans = [...kept].reduce((sum, traceId) => sum + (byTrace.get(traceId)?.length ?? 0), 0);
  process.stdout.write(
    `tail:0.1 kept ${mustKeep.length} status/error traces and ${keptOthers} of ${others} others (${sampled.exported.length} spans); ` +
      `dirty world at 0.2 a class: ${dirty.hash.slice(0, 16)}\n`
  );
  if (lost.length > 0 || keptSpans !== sampled.exported.length || [...kept].some((traceId) => !byTrace.has(traceId))) {
    throw new Error(`tail sampling lost ${lost.length} status/error traces or exported spans the clean run does not have`);
  }
  if (keptOthers < others * 0.05 || keptOthers > others * 0.15) {
    throw new Error(`tail:0.1 kept ${keptOthers} of ${others} traces without a status or an error`);
  }
  const head = await fingerprint(7, undefined, { sampling: { policy: 'head', ratio: 0.5 } });
  const headTraces = new Set(head.exported.map(traceOf));
  if (headTraces.size < byTrace.size * 0.4 || headTraces.size > byTrace.size * 0.6 || [...headTraces].some((traceId) => !byTrace.has(traceId))) {
    throw new Error(`head:0.5 kept ${headTraces.size} of ${byTrace.size} traces`);
  }
}

const PLANTED_KINDS: LeakKind[] = ['denied_key', 'email', 'phone', 'card', 'person_name'];
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const spanKey = (span: ReadableSpan) => `${span.spanContext().traceId}/${span.spanContext().spanId}/${span.name}/${span.startTime.join('.')}`;

/**
 * The clean world is the reference instrumentation: span names are route templates (never an
 * order id or an address), no deny-listed key, no e-mail address anywhere. The leaky world
 * (`--leaky`) is reproducible, keeps every clean span's ids, names and times (it adds personal
 * data and spans of its own), and its truth lists what it planted.
 */
async function checkLeakyWorld(clean: ReadableSpan[]): Promise<void> {
  const denied = DEFAULT_PERSONAL_DATA_KEYS.map((key) => key.toLowerCase());
  const isDenied = (key: string) => denied.some((deniedKey) => key.toLowerCase() === deniedKey || key.toLowerCase().startsWith(`${deniedKey}.`));
  for (const span of clean) {
    const orderId = span.attributes['order.id'];
    if ((typeof orderId === 'string' && orderId !== '' && span.name.includes(orderId)) || EMAIL.test(span.name)) {
      throw new Error(`the clean world names a span by a value: "${span.name}"`);
    }
    const strings = [...Object.entries(span.attributes), ...span.events.flatMap((event) => Object.entries(event.attributes ?? {}))];
    const leak = strings.find(([key, value]) => isDenied(key) || (typeof value === 'string' && EMAIL.test(value)));
    if (leak) {
      throw new Error(`the clean world leaks personal data: ${leak[0]} on "${span.name}"`);
    }
  }
  const leaky = await fingerprint(7, undefined, { leaky: true });
  const leakyAgain = await fingerprint(7, undefined, { leaky: true });
  if (leaky.hash !== leakyAgain.hash) {
    throw new Error('the same seed gave a different leaky world');
  }
  const leakyKeys = new Set(leaky.exported.map(spanKey));
  const moved = clean.filter((span) => !leakyKeys.has(spanKey(span)));
  if (moved.length > 0) {
    throw new Error(`the leaky world changed the ids, names or times of ${moved.length} clean spans`);
  }
  const valueNamed = leaky.exported.filter((span) => EMAIL.test(span.name));
  const created = leaky.truths.filter((truth) => truth.statuses.length > 0);
  const kinds = new Set(leaky.truths.flatMap((truth) => (truth.leaks ?? []).map((leak) => leak.kind)));
  const withoutLeaks = created.filter((truth) => !truth.leaks || truth.leaks.length === 0);
  process.stdout.write(
    `leaky world: ${leaky.exported.length - clean.length} spans added, ${valueNamed.length} named with an e-mail address, ` +
      `leak kinds in the truth: ${[...kinds].sort().join(', ')}; ${leaky.hash.slice(0, 16)}\n`
  );
  if (valueNamed.length === 0 || withoutLeaks.length > 0 || !PLANTED_KINDS.every((kind) => kinds.has(kind))) {
    throw new Error(`the leaky world planted too little: ${withoutLeaks.length} orders without leaks, kinds ${[...kinds].join(', ')}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`determinism: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
