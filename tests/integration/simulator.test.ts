import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { executePlan, fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { dialectOf } from '../../src/datasource/jaegerDialect';
import { compileConfig, planOrderLookup, readSpans } from '../../src/engine';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { integrationEnv } from './env';
import { OrderTruth, readTruth, SIMULATOR_DIR, tsxLoader } from './seed';

/**
 * The seeded simulator history (started by globalSetup) against the real backends: every order of
 * the ground truth is in Jaeger under its `order.id`, its status spans say what the truth says, and
 * the order metrics in Prometheus agree with the truth.
 */

interface FoundSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  startMs: number;
  durationMs: number;
  tags: Map<string, unknown>;
  links: number;
}
interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

const SERVICES = ['shop-api', 'crm-api', 'mes-api'];
// Nothing masked: this test compares what Jaeger stored with what the simulator sent.
const readConfig = compileConfig({ ...DEFAULT_SETTINGS, personalDataKeys: [] });
const CONCURRENCY = 8;

function truthFile(): string {
  const file = process.env.ORDERTRACKER_TRUTH_FILE;
  if (!file) {
    throw new Error('ORDERTRACKER_TRUTH_FILE is not set: globalSetup seeds the simulator and exports it.');
  }
  return file;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${response.status} ${response.statusText} from ${url}: ${(await response.text()).slice(0, 300)}`);
  }
  return (await response.json()) as T;
}

/**
 * All spans of all traces that Jaeger finds for the order, in every service, deduplicated: searched
 * and read as the plugin does (the API this Jaeger speaks), with kind and status written back as
 * the tags Jaeger's /api/traces answer shows, so the checks below read one shape.
 */
async function spansOfOrder(jaegerUrl: string, order: OrderTruth, endMs: number): Promise<FoundSpan[]> {
  const fetchJson = fetchJsonFromBaseUrl(jaegerUrl);
  const { dialect } = await dialectOf(fetchJson);
  const settings = { ...DEFAULT_SETTINGS, services: SERVICES, lookbackSeconds: (endMs - order.createdAtMs) / 1000 + 120 };
  const plan = planOrderLookup(order.orderId, settings, { nowUs: (endMs + 60_000) * 1000, dialect });
  const result = await executePlan(plan, fetchJson, { timeoutMs: 30_000 });
  const failed = result.outcomes.filter((outcome) => outcome.state !== 'ok' && outcome.state !== 'empty');
  if (failed.length > 0) {
    throw new Error(`${order.orderId}: ${failed.map((outcome) => `${outcome.state} ${outcome.message ?? ''}`).join('; ')}`);
  }
  const found = new Map<string, FoundSpan>();
  for (const span of readSpans(result.payloads, readConfig).spans) {
    if (span.attributes['order.id'] !== order.orderId) {
      continue;
    }
    const tags = new Map<string, unknown>(Object.entries(span.attributes));
    tags.set('span.kind', span.kind);
    if (span.status === 'error') {
      tags.set('otel.status_code', 'ERROR');
      tags.set('error', true);
    }
    found.set(`${span.traceId}/${span.spanId}`, {
      service: span.service,
      name: span.operation,
      traceId: span.traceId,
      spanId: span.spanId,
      startMs: span.startUs / 1000,
      durationMs: span.durationUs / 1000,
      tags,
      links: span.links.filter((link) => link.type === 'follows_from').length,
    });
  }
  return [...found.values()].sort((a, b) => a.startMs - b.startMs);
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    })
  );
  return results;
}

async function promQuery(prometheusUrl: string, expr: string): Promise<PromSample[]> {
  const body = await getJson<{ status: string; data: { result: PromSample[] } }>(
    `${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`
  );
  return body.data.result;
}

function byStatus(samples: PromSample[], label = 'status'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sample of samples) {
    out[sample.metric[label] ?? ''] = Number(sample.value[1]);
  }
  return out;
}

function count<T>(items: T[], key: (item: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) {
      out[k] = (out[k] ?? 0) + 1;
    }
  }
  return out;
}

function withoutZeros(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== 0));
}

describe('the seeded simulator history in real Jaeger and Prometheus', () => {
  const truth = readTruth(truthFile());
  const endMs = Date.now();

  it('has a few hundred orders and every failure mode several times', () => {
    const faults = count(truth.flatMap((order) => order.faults), (fault) => fault.kind);
    console.log(
      `truth: ${truth.length} orders; current status ${JSON.stringify(count(truth, (order) => order.currentStatus))}; faults ${JSON.stringify(faults)}`
    );
    expect(truth.length).toBeGreaterThanOrEqual(200);
    for (const kind of [
      'lost_message',
      'dead_letter',
      'slow_price_calculation',
      'missing_file',
      'corrupt_file',
      'operator_never_picks_up',
      'status_event_lost',
      'api_error',
    ]) {
      expect([kind, faults[kind] ?? 0]).toEqual([kind, expect.any(Number)]);
      expect(faults[kind] ?? 0).toBeGreaterThanOrEqual(3);
    }
  });

  it('finds every order in Jaeger by order.id, with status spans matching the truth', async () => {
    const { jaegerUrl } = integrationEnv();
    const started = Date.now();
    const problems: string[] = [];
    let spanTotal = 0;
    let statusSpanTotal = 0;
    const faultEvidence: Record<string, number> = {};
    await mapLimited(truth, CONCURRENCY, async (order) => {
      const spans = await spansOfOrder(jaegerUrl, order, endMs);
      spanTotal += spans.length;
      if (spans.length === 0) {
        problems.push(`${order.orderId}: no spans in Jaeger`);
        return;
      }
      const statusSpans = spans.filter((span) => typeof span.tags.get('order.status') === 'string');
      statusSpanTotal += statusSpans.length;
      // The first span of each status, in time order, is the truth's sequence of statuses entered.
      const firstOf = new Map<string, FoundSpan>();
      for (const span of statusSpans) {
        const status = String(span.tags.get('order.status'));
        if (!firstOf.has(status)) {
          firstOf.set(status, span);
        }
      }
      const sequence = [...firstOf.keys()];
      const expected = order.statuses.map((entry) => entry.status);
      if (JSON.stringify(sequence) !== JSON.stringify(expected)) {
        problems.push(`${order.orderId}: Jaeger statuses ${sequence.join('>')} but truth ${expected.join('>')}`);
        return;
      }
      for (const entry of order.statuses) {
        const span = firstOf.get(entry.status);
        if (!span || Math.abs(span.startMs - entry.enteredAtMs) > 1 || span.service !== entry.service) {
          problems.push(
            `${order.orderId}: ${entry.status} entered at ${entry.enteredAtMs} by ${entry.service}, Jaeger has ${span ? `${span.startMs} by ${span.service}` : 'nothing'}`
          );
        }
      }
      if (expected[expected.length - 1] !== order.currentStatus) {
        problems.push(`${order.orderId}: truth currentStatus ${order.currentStatus} is not its last status`);
      }
      for (const fault of order.faults) {
        if (hasEvidence(fault.kind, spans)) {
          faultEvidence[fault.kind] = (faultEvidence[fault.kind] ?? 0) + 1;
        } else {
          problems.push(`${order.orderId}: no span shows its ${fault.kind} fault`);
        }
      }
    });
    console.log(
      `Jaeger: ${truth.length} orders looked up in ${SERVICES.length} services (${truth.length * SERVICES.length} searches) in ${Date.now() - started} ms; ` +
        `${spanTotal} order spans, ${statusSpanTotal} status spans; faults with evidence ${JSON.stringify(faultEvidence)}; problems ${problems.length}`
    );
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('has Prometheus order metrics that agree with the truth', async () => {
    const { prometheusUrl } = integrationEnv();
    const transitions = count(truth.flatMap((order) => order.statuses), (entry) => entry.status);
    const inStatus = count(truth, (order) => order.currentStatus);
    const stays = count(
      truth.flatMap((order) => order.statuses.slice(0, -1)),
      (entry) => entry.status
    );
    const deadLetters = truth.flatMap((order) => order.faults).filter((fault) => fault.kind === 'dead_letter').length;
    const oldest: Record<string, number> = {};
    for (const order of truth) {
      const last = order.statuses[order.statuses.length - 1];
      if (last && order.currentStatus !== 'CLOSED' && order.currentStatus !== 'CANCELLED') {
        oldest[last.status] = Math.min(oldest[last.status] ?? Infinity, last.enteredAtMs / 1000);
      }
    }

    // Prometheus scrapes every second; wait (bounded) for a scrape of the finished history.
    let observed: Record<string, Record<string, number>> = {};
    const deadline = Date.now() + 30_000;
    for (;;) {
      observed = {
        transitions: withoutZeros(byStatus(await promQuery(prometheusUrl, 'sum by (status) (order_status_transitions_total)'))),
        inStatus: withoutZeros(byStatus(await promQuery(prometheusUrl, 'sum by (status) (orders_in_status)'))),
        stays: withoutZeros(byStatus(await promQuery(prometheusUrl, 'sum by (status) (order_status_duration_seconds_count)'))),
        oldest: byStatus(await promQuery(prometheusUrl, 'min by (status) (order_status_oldest_entered_timestamp_seconds)')),
        deadLetters: { all: (await promQuery(prometheusUrl, 'sum(rabbitmq_dead_lettered_messages_total)')).reduce((sum, s) => sum + Number(s.value[1]), 0) },
      };
      if (sameCounts(observed.transitions, transitions) || Date.now() > deadline) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(`Prometheus: transitions ${JSON.stringify(observed.transitions)}; in status ${JSON.stringify(observed.inStatus)}; dead letters ${observed.deadLetters.all}`);
    expect(observed.transitions).toEqual(transitions);
    expect(observed.inStatus).toEqual(inStatus);
    expect(observed.stays).toEqual(stays);
    expect(observed.deadLetters.all).toBe(deadLetters);
    expect(Object.keys(observed.oldest).sort()).toEqual(Object.keys(oldest).sort());
    for (const [status, seconds] of Object.entries(oldest)) {
      expect([status, Math.abs((observed.oldest[status] ?? 0) - seconds) < 0.002]).toEqual([status, true]);
    }
  });
});

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** What each injected fault looks like in the order's own spans. */
function hasEvidence(kind: string, spans: FoundSpan[]): boolean {
  const error = (span: FoundSpan) => span.tags.get('otel.status_code') === 'ERROR' || span.tags.get('error') === true;
  const destination = (span: FoundSpan) => String(span.tags.get('messaging.destination.name') ?? span.tags.get('messaging.destination') ?? '');
  switch (kind) {
    case 'dead_letter':
      return spans.some((span) => /\.(dlx|dlq)$/.test(destination(span)));
    case 'missing_file':
      return spans.some((span) => span.tags.has('aws.s3.key') && error(span) && span.tags.get('http.response.status_code') === 404);
    case 'corrupt_file':
      return spans.some((span) => span.tags.get('order.file.valid') === false);
    case 'api_error':
      return spans.some((span) => Number(span.tags.get('http.request.resend_count') ?? 0) > 0) && spans.some(error);
    case 'slow_price_calculation':
      return spans.some((span) => span.name === 'CalculatePrice' && Number(span.tags.get('model.polygon_count')) >= 4_000_000);
    case 'status_event_lost': {
      // mes-api set a status that crm-api never recorded.
      const crm = new Set(spans.filter((span) => span.service === 'crm-api').map((span) => span.tags.get('order.status')));
      return spans.some((span) => span.service === 'mes-api' && span.tags.has('order.status') && !crm.has(span.tags.get('order.status')));
    }
    case 'lost_message': {
      // A publish that no consumer span links back to.
      const producers = spans.filter((span) => span.tags.get('span.kind') === 'producer' && !/\.(dlx|dlq)$/.test(destination(span)));
      const consumers = spans.filter((span) => span.links > 0).length;
      return producers.length > consumers;
    }
    case 'operator_never_picks_up':
      // The dashboard spans carry no order id; the order's last span is its approval hand-off.
      return spans.some((span) => span.tags.get('order.status') === 'MANUFACTURING_APPROVED');
    default:
      return false;
  }
}

describe('the simulator is deterministic', () => {
  it('gives the same spans, truth and metrics for the same seed, also when the history pauses; another seed differs', () => {
    const run = spawnSync(process.execPath, ['--import', tsxLoader(), join(SIMULATOR_DIR, 'test', 'determinism.ts')], {
      cwd: SIMULATOR_DIR,
      encoding: 'utf8',
      timeout: 90_000,
    });
    console.log(run.stdout.trim());
    expect([run.status, run.stderr.trim()]).toEqual([0, '']);
    expect(run.stdout).toContain('deterministic: ok');
  }, 100_000);
});
