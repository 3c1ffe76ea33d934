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

const config = compileConfig(DEFAULT_SETTINGS);
const NOW_US = Date.UTC(2026, 0, 31) * 1000;
const STATUSES = DEFAULT_SETTINGS.lifecycle.map((status) => status.name);
const SERVICES = ['shop-api', 'crm-api', 'mes-api'];

/** Small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (next: () => number, length: number) => {
  let out = '';
  while (out.length < length) {
    out += Math.floor(next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return out.slice(0, length);
};

interface Tag {
  key: string;
  type: string;
  value: string | number | boolean;
}

/** Jaeger `/api/traces` as far as the converter reads it (the bench's own data, so trusted). */
interface JaegerAnswer {
  data: JaegerTrace[] | null;
  total?: number;
  limit?: number;
  offset?: number;
  errors?: unknown;
}

interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: Tag[] }>;
  warnings?: string[] | null;
}

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  startTime: number;
  duration: number;
  tags: Tag[];
  logs: Array<{ timestamp: number; fields: Tag[] }>;
  processID: string;
  warnings?: string[] | null;
}

type OtlpValue = { stringValue: string } | { intValue: string } | { boolValue: boolean } | { doubleValue: number };

interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}

interface OtlpScopeSpans {
  scope: { name: string; version?: string };
  spans: unknown[];
}

const OTLP_KIND: Record<string, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
// Jaeger's translator turns these tags into OTLP fields (kind, status, scope) instead of attributes.
const TAGS_AS_FIELDS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'error',
  'otel.scope.name',
  'otel.scope.version',
]);

function otlpValue(tag: Tag): OtlpValue {
  switch (tag.type) {
    case 'bool':
      return { boolValue: tag.value === true || tag.value === 'true' };
    case 'int64':
      // OTLP JSON writes 64-bit integers as strings.
      return { intValue: String(tag.value) };
    case 'float64':
      return { doubleValue: Number(tag.value) };
    default:
      return { stringValue: String(tag.value) };
  }
}

const otlpAttributes = (tags: Tag[]): OtlpKeyValue[] =>
  tags.filter((tag) => !TAGS_AS_FIELDS.has(tag.key)).map((tag) => ({ key: tag.key, value: otlpValue(tag) }));

const nanos = (micros: number): string => `${micros}000`;

// OTLP JSON leaves out empty lists, so the answer is no larger than Jaeger's.
const nonEmpty = (key: string, list: unknown[]): Record<string, unknown[]> => (list.length > 0 ? { [key]: list } : {});

/**
 * A Jaeger `/api/traces` answer as Jaeger v2's `/api/v3/traces` gives the same traces: one resource
 * per process (service.name plus the process tags), one scope per instrumentation library, kind as
 * a number, status from the error tags, logs as events named by their `event` field, the first
 * same-trace CHILD_OF as parent and every other reference as a link.
 */
function toOtlpAnswer(answer: JaegerAnswer): string {
  const resourceSpans: unknown[] = [];
  for (const trace of answer.data ?? []) {
    const byProcess = new Map<string, Map<string, OtlpScopeSpans>>();
    for (const span of trace.spans) {
      const tag = (key: string) => span.tags.find((candidate) => candidate.key === key)?.value;
      const scopeName = String(tag('otel.scope.name') ?? '');
      const scopes = byProcess.get(span.processID) ?? new Map<string, OtlpScopeSpans>();
      byProcess.set(span.processID, scopes);
      let scope = scopes.get(scopeName);
      if (!scope) {
        const version = tag('otel.scope.version');
        scope = {
          scope: version === undefined ? { name: scopeName } : { name: scopeName, version: String(version) },
          spans: [],
        };
        scopes.set(scopeName, scope);
      }
      const parent = span.references.find(
        (reference) => reference.refType === 'CHILD_OF' && reference.traceID === span.traceID
      );
      const failed = tag('error') === true || tag('error') === 'true' || tag('otel.status_code') === 'ERROR';
      const description = tag('otel.status_description');
      scope.spans.push({
        traceId: span.traceID,
        spanId: span.spanID,
        ...(parent ? { parentSpanId: parent.spanID } : {}),
        name: span.operationName,
        kind: OTLP_KIND[String(tag('span.kind'))] ?? 1,
        startTimeUnixNano: nanos(span.startTime),
        endTimeUnixNano: nanos(span.startTime + span.duration),
        attributes: otlpAttributes(span.tags),
        ...nonEmpty(
          'events',
          span.logs.map((log) => ({
            timeUnixNano: nanos(log.timestamp),
            name: String(log.fields.find((field) => field.key === 'event')?.value ?? 'log'),
            attributes: otlpAttributes(log.fields.filter((field) => field.key !== 'event')),
          }))
        ),
        ...nonEmpty(
          'links',
          span.references
            .filter((reference) => reference !== parent)
            .map((reference) => ({
              traceId: reference.traceID,
              spanId: reference.spanID,
              attributes: [
                {
                  key: 'opentracing.ref_type',
                  value: { stringValue: reference.refType === 'CHILD_OF' ? 'child_of' : 'follows_from' },
                },
              ],
            }))
        ),
        status: failed
          ? { code: 2, ...(description === undefined ? {} : { message: String(description) }) }
          : tag('otel.status_code') === 'OK'
            ? { code: 1 }
            : {},
      });
    }
    for (const [processID, scopes] of byProcess) {
      const process = trace.processes[processID];
      resourceSpans.push({
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: process.serviceName } },
            ...otlpAttributes(process.tags),
          ],
        },
        scopeSpans: [...scopes.values()],
      });
    }
  }
  return JSON.stringify({ result: { resourceSpans } });
}

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
