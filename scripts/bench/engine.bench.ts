/**
 * `npm run bench`: the engine's processing time against JSON.parse of the same payload, measured
 * in the same run. Payloads are generated here, deterministically (seeded), in Jaeger's
 * `/api/traces` shape, and converted to the OTLP JSON that Jaeger's v3 search answers with (the
 * product's primary path); the recorded lookups in tests/fixtures are converted the same way.
 * Target: every ratio ≤ 1.0 (processing no slower than parsing).
 */
import { compileConfig, findStuckOrders, indexOrders, OrderTimeline, reconstructOrder } from '../../src/engine';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { loadRecorded, RECORDED } from '../../tests/fixtures/recorded';
import { JaegerAnswer, JaegerSpan, JaegerTrace, random, Tag, toOtlpAnswer } from '../../tests/fixtures/otlpAnswer';

const config = compileConfig(DEFAULT_SETTINGS);
const NOW_US = Date.UTC(2026, 0, 31) * 1000;
const STATUSES = DEFAULT_SETTINGS.lifecycle.map((status) => status.name);
const SERVICES = ['shop-api', 'crm-api', 'mes-api'];

const hex = (next: () => number, length: number) => {
  let out = '';
  while (out.length < length) {
    out += Math.floor(next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return out.slice(0, length);
};

/** Jaeger traces for `orders` orders, `tracesPerOrder` traces each, `spansPerTrace` spans per trace. */
function generate(seed: number, orders: number, tracesPerOrder: number, spansPerTrace: number): string {
  return JSON.stringify(generateAnswer(seed, orders, tracesPerOrder, spansPerTrace));
}

function generateAnswer(seed: number, orders: number, tracesPerOrder: number, spansPerTrace: number): JaegerAnswer {
  const next = random(seed);
  const traces: JaegerTrace[] = [];
  for (let order = 0; order < orders; order++) {
    const orderId = `ALX-2026-${String(order).padStart(6, '0')}`;
    let time = NOW_US - 30 * 86400e6 + Math.floor(next() * 20 * 86400e6);
    let previousPublish: { traceID: string; spanID: string } | undefined;
    for (let trace = 0; trace < tracesPerOrder; trace++) {
      const traceID = hex(next, 32);
      const service = SERVICES[trace % SERVICES.length];
      const spans: JaegerSpan[] = [];
      const rootId = hex(next, 16);
      const statusIndex = Math.min(trace, STATUSES.length - 3);
      for (let index = 0; index < spansPerTrace; index++) {
        const spanID = index === 0 ? rootId : hex(next, 16);
        const tags: Tag[] = [
          { key: 'order.id', type: 'string', value: orderId },
          { key: 'span.kind', type: 'string', value: index === 0 ? 'server' : 'client' },
          { key: 'otel.scope.name', type: 'string', value: 'io.opentelemetry.http' },
          { key: 'http.request.method', type: 'string', value: 'POST' },
          { key: 'http.response.status_code', type: 'int64', value: 200 },
          { key: 'customer.email', type: 'string', value: `someone${order}@example.test` },
        ];
        const references: JaegerSpan['references'] =
          index === 0 ? [] : [{ refType: 'CHILD_OF', traceID, spanID: rootId }];
        if (index === 0 && trace < STATUSES.length - 2) {
          tags.push({ key: 'order.status', type: 'string', value: STATUSES[statusIndex] });
        }
        if (index === 0 && previousPublish) {
          references.push({ refType: 'FOLLOWS_FROM', ...previousPublish });
        }
        if (index === spansPerTrace - 1) {
          tags.push(
            { key: 'messaging.system', type: 'string', value: 'rabbitmq' },
            { key: 'messaging.operation.type', type: 'string', value: 'send' },
            { key: 'messaging.destination.name', type: 'string', value: next() < 0.01 ? 'orders.dlq' : 'orders.events' }
          );
          previousPublish = { traceID, spanID };
        }
        const failed = next() < 0.02;
        if (failed) {
          tags.push(
            { key: 'otel.status_code', type: 'string', value: 'ERROR' },
            { key: 'error', type: 'bool', value: true }
          );
        }
        spans.push({
          traceID,
          spanID,
          operationName: index === 0 ? `POST /orders/{id}/step${trace}` : `SELECT orders ${index}`,
          references,
          startTime: time + index * 1000,
          duration: 500 + Math.floor(next() * 5000),
          tags,
          logs: failed
            ? [
                {
                  timestamp: time + index * 1000 + 10,
                  fields: [
                    { key: 'event', type: 'string', value: 'exception' },
                    { key: 'exception.message', type: 'string', value: 'timeout' },
                  ],
                },
              ]
            : [],
          processID: 'p1',
          warnings: null,
        });
      }
      traces.push({ traceID, spans, processes: { p1: { serviceName: service, tags: [] } }, warnings: null });
      time += Math.floor(next() * 3 * 3600e6) + 60e6;
    }
  }
  return { data: traces, total: 0, limit: 0, offset: 0, errors: null };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

let peakRss = 0;
function sampleMemory(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

function time(runs: number, work: () => unknown): number {
  // Warm up first (both the parse and the engine get the same treatment), then take the median.
  for (let run = 0; run < Math.max(3, runs); run++) {
    work();
  }
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    sampleMemory();
  }
  return median(samples);
}

/**
 * Medians of two pieces of work measured in alternation, so drift on a shared machine (other
 * processes, GC left over from the previous run) falls on both alike.
 */
function timePair(runs: number, parse: () => unknown, work: () => unknown): { parseMs: number; workMs: number } {
  for (let run = 0; run < 3; run++) {
    parse();
    work();
  }
  const parseSamples: number[] = [];
  const workSamples: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const [fn, samples] of [
      [parse, parseSamples],
      [work, workSamples],
    ] as const) {
      const started = process.hrtime.bigint();
      fn();
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      sampleMemory();
    }
  }
  return { parseMs: median(parseSamples), workMs: median(workSamples) };
}

interface Row {
  name: string;
  parseMs: number;
  workMs: number;
}

const rows: Row[] = [];
const failures: string[] = [];

function report(name: string, parseMs: number, workMs: number): void {
  rows.push({ name, parseMs, workMs });
}

/** The v3 answer must tell the same story as /api/traces, or the v3 figures measure something else. */
function sameStory(name: string, fromV1: OrderTimeline, fromV3: OrderTimeline): void {
  const story = (timeline: OrderTimeline) =>
    JSON.stringify({
      spans: timeline.spans.length,
      traces: timeline.traceIds.length,
      statuses: timeline.statuses.map((interval) => interval.status),
      lanes: timeline.lanes.map((lane) => `${lane.id} ${lane.spans.length}`),
      waits: timeline.waits.length,
      evidence: timeline.evidence.map((item) => item.kind),
      verdict: timeline.verdict.headline,
    });
  if (story(fromV1) !== story(fromV3)) {
    failures.push(
      `${name}: the v3 answer tells another story than /api/traces:\n  ${story(fromV1)}\n  ${story(fromV3)}`
    );
  }
}

// 1. One order from 50 traces / 2 000 spans.
{
  const answer = generateAnswer(1, 1, 50, 40);
  const text = JSON.stringify(answer);
  const parsed: unknown = JSON.parse(text);
  const { parseMs, workMs } = timePair(
    60,
    () => JSON.parse(text),
    () => reconstructOrder('ALX-2026-000000', [parsed], config, { nowUs: NOW_US })
  );
  const timeline = reconstructOrder('ALX-2026-000000', [parsed], config, { nowUs: NOW_US });
  if (timeline.spans.length !== 2000 || timeline.traceIds.length !== 50) {
    failures.push(
      `one order: expected 2000 spans in 50 traces, got ${timeline.spans.length} in ${timeline.traceIds.length}`
    );
  }
  report(`reconstruct 1 order (50 traces, 2 000 spans, ${(text.length / 1e6).toFixed(1)} MB)`, parseMs, workMs);

  // 1b. The same traces as Jaeger's v3 search answers them (OTLP JSON).
  const v3Text = toOtlpAnswer(answer);
  const v3Parsed: unknown = JSON.parse(v3Text);
  const v3 = timePair(
    60,
    () => JSON.parse(v3Text),
    () => reconstructOrder('ALX-2026-000000', [v3Parsed], config, { nowUs: NOW_US })
  );
  sameStory('one order', timeline, reconstructOrder('ALX-2026-000000', [v3Parsed], config, { nowUs: NOW_US }));
  report(`reconstruct 1 order from v3 (same traces, ${(v3Text.length / 1e6).toFixed(1)} MB)`, v3.parseMs, v3.workMs);
}

// 1d. What masking personal data costs: the same v3 answer read with every mask off (no deny-list,
// no patterns), in the same run. On this clean world masking must change nothing.
{
  const unmasked = compileConfig({ ...DEFAULT_SETTINGS, personalDataKeys: [], maskPersonalPatterns: false });
  const answer = generateAnswer(1, 1, 50, 40);
  const v3Text = toOtlpAnswer(answer);
  const v3Parsed: unknown = JSON.parse(v3Text);
  const masked = reconstructOrder('ALX-2026-000000', [v3Parsed], config, { nowUs: NOW_US });
  const plain = reconstructOrder('ALX-2026-000000', [JSON.parse(v3Text)], unmasked, { nowUs: NOW_US });
  // Apart from the deny-listed attribute itself (customer.email), not one string may differ.
  const expected = plain.spans.map((span) => ({ ...span, attributes: config.mask.attributes(span.attributes) }));
  if (JSON.stringify(masked.spans) !== JSON.stringify(expected)) {
    failures.push('masking changed strings of a clean answer beyond its deny-listed attribute');
  }
  const off = timePair(
    60,
    () => JSON.parse(v3Text),
    () => reconstructOrder('ALX-2026-000000', [v3Parsed], unmasked, { nowUs: NOW_US })
  );
  report('reconstruct 1 order from v3, masking off (compare the row above)', off.parseMs, off.workMs);
}

// 1c. The recorded lookups, each order read from its own searches' v3 answers, one order at a time.
{
  const lookups = Object.values(RECORDED).map((orderId) => {
    const recorded = loadRecorded(orderId);
    // Only the order's own searches: a second wave (failed requests without an order id) is read
    // by serviceErrorsFor, not by reconstructOrder.
    const answers = recorded.requests
      .filter((request) => request.path.includes(encodeURIComponent(orderId)))
      .map((request) => request.response as JaegerAnswer);
    return { orderId, nowUs: recorded.nowMs * 1000, answers, texts: answers.map(toOtlpAnswer) };
  });
  const parsed = lookups.map((lookup) => lookup.texts.map((text): unknown => JSON.parse(text)));
  const reconstructAll = () =>
    lookups.map((lookup, index) => reconstructOrder(lookup.orderId, parsed[index], config, { nowUs: lookup.nowUs }));
  const { parseMs, workMs } = timePair(
    300,
    () => lookups.map((lookup) => lookup.texts.map((text): unknown => JSON.parse(text))),
    reconstructAll
  );
  const timelines = reconstructAll();
  let spans = 0;
  lookups.forEach((lookup, index) => {
    spans += timelines[index].spans.length;
    sameStory(
      lookup.orderId,
      reconstructOrder(lookup.orderId, lookup.answers, config, { nowUs: lookup.nowUs }),
      timelines[index]
    );
  });
  const kb = lookups.reduce((sum, lookup) => sum + lookup.texts.reduce((size, text) => size + text.length, 0), 0) / 1e3;
  report(
    `reconstruct 1 order from v3, recorded (${lookups.length} lookups, ${spans} spans, ${kb.toFixed(0)} kB)`,
    parseMs,
    workMs
  );
}

// 2. Index of 10 000 orders / 100 000 spans, then 3. stuck detection on it.
{
  const text = generate(2, 10_000, 5, 2);
  const parsed: unknown = JSON.parse(text);
  const window = { startUs: NOW_US - 30 * 86400e6, endUs: NOW_US, nowUs: NOW_US };
  const { parseMs, workMs } = timePair(
    7,
    () => JSON.parse(text),
    () => indexOrders([parsed], config, window)
  );
  const index = indexOrders([parsed], config, window);
  if (index.orders.length !== 10_000) {
    failures.push(`index: expected 10 000 orders, got ${index.orders.length}`);
  }
  report(`index 10 000 orders (100 000 spans, ${(text.length / 1e6).toFixed(1)} MB)`, parseMs, workMs);
  const stuckMs = time(7, () => findStuckOrders(index, config, NOW_US));
  const stuck = findStuckOrders(index, config, NOW_US);
  report(`stuck detection on that index (${stuck.length} stuck)`, parseMs, stuckMs);
  report('index + stuck detection together', parseMs, workMs + stuckMs);
}

console.log('\nOrder Tracker engine benchmark (median of runs; ratio = processing / JSON.parse of the same payload)\n');
for (const row of rows) {
  const ratio = row.workMs / row.parseMs;
  console.log(
    `${row.name.padEnd(62)} parse ${row.parseMs.toFixed(1).padStart(7)} ms   engine ${row.workMs.toFixed(1).padStart(7)} ms   ratio ${ratio.toFixed(2)}${
      ratio <= 1 ? '' : '  > 1.0 (over target)'
    }`
  );
  if (ratio > 1) {
    failures.push(`${row.name}: ratio ${ratio.toFixed(2)} > 1.0`);
  }
}
console.log(
  `\npeak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB, heap used now ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`
);
if (failures.length > 0) {
  console.log(`\nFAILED:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
