/**
 * The reconstruction engine against a real Jaeger: the simulator's ground truth (when the run has
 * one) and a small order of our own sent as OTLP/JSON. Orders are looked up exactly as the order
 * page does (its one wave, and the second one for a stuck order nothing of its own explains).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { executePlan, fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { detectJaegerDialect } from '../../src/datasource/jaegerDialect';
import {
  compileConfig,
  EvidenceKind,
  findStuckOrders,
  indexOrders,
  OrderTimeline,
  planIndex,
  planOrderLookup,
  reconstructOrder,
} from '../../src/engine';
import { lookUpOrder } from '../../src/orders/lookUpOrder';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { OrderTrackerSettings } from '../../src/settings/types';
import { integrationEnv, scratchJaeger } from './env';

interface TruthFault {
  kind: string;
  status: string;
  atMs: number;
  detail?: string;
}

interface TruthOrder {
  orderId: string;
  createdAtMs: number;
  statuses: Array<{ status: string; enteredAtMs: number; service: string }>;
  currentStatus: string;
  faults: TruthFault[];
}

const settings: OrderTrackerSettings = { ...DEFAULT_SETTINGS };
const config = compileConfig(settings);
const MINUTE_MS = 60_000;

function readTruth(file: string): TruthOrder[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TruthOrder);
}

async function lookUp(orderId: string, nowMs: number, jaegerUrl = integrationEnv().jaegerUrl): Promise<OrderTimeline> {
  const nowUs = nowMs * 1000;
  const result = await lookUpOrder({ orderId, settings, config, fetchJson: fetchJsonFromBaseUrl(jaegerUrl), nowUs, timeoutMs: 20_000 });
  return result.kind === 'found' ? result.timeline : reconstructOrder(orderId, [], config, { nowUs, outcomes: result.outcomes });
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(run))));
  }
  return results;
}

const has = (
  timeline: OrderTimeline,
  kind: EvidenceKind,
  filter: (status: string | null, service: string) => boolean = () => true
) => timeline.evidence.some((item) => item.kind === kind && filter(item.status, item.service));

/**
 * Whether the evidence the engine must show for a fault is there. `undue` means the fault cannot be
 * seen yet (its SLA or the lost-message threshold has not passed at `now`): counted, not failed.
 */
function faultFound(timeline: OrderTimeline, truth: TruthOrder, fault: TruthFault, nowMs: number): boolean | 'undue' {
  const current = timeline.statuses[timeline.statuses.length - 1];
  switch (fault.kind) {
    case 'lost_message': {
      if (nowMs - fault.atMs < config.unconsumedAfterUs / 1000) {
        return 'undue';
      }
      const unconsumed = has(timeline, 'unconsumed_message', (status) => status === fault.status);
      const nextMissing = has(timeline, 'expected_status_missing', (status) => status === fault.status);
      return unconsumed && (nextMissing || current?.verdict !== 'breached');
    }
    case 'dead_letter':
      return has(timeline, 'dead_letter');
    case 'slow_price_calculation':
      return timeline.evidence.some(
        (item) =>
          item.kind === 'slow_operation' &&
          item.service === 'mes-api' &&
          timeline.spans.some((span) => span.spanId === item.spans[0].spanId && /price/i.test(span.operation))
      );
    case 'missing_file':
    case 'corrupt_file':
      return has(timeline, 'invalid_file');
    case 'operator_never_picks_up': {
      const entered = truth.statuses.find((status) => status.status === fault.status);
      const sla = settings.lifecycle.find((status) => status.name === fault.status)?.slaSeconds ?? 0;
      if (!entered || nowMs - entered.enteredAtMs <= sla * 1000) {
        return 'undue';
      }
      // The timed-out dashboard queries carry no order id: found by time while the order waited
      // for mes-api, and named by the verdict since nothing of the order's own explains it.
      return (
        has(timeline, 'expected_status_missing', (status) => status === 'MANUFACTURING_APPROVED') &&
        timeline.evidence.some(
          (item) =>
            item.kind === 'service_errors' &&
            item.service === 'mes-api' &&
            item.status === 'MANUFACTURING_APPROVED' &&
            item.message.includes('GET /dashboard/orders')
        ) &&
        (timeline.verdict.cause?.kind === 'service_errors' || timeline.verdict.cause?.kind === 'error')
      );
    }
    case 'status_event_lost':
      return has(timeline, 'status_disagreement');
    case 'api_error':
      return has(timeline, 'error') && has(timeline, 'retry');
    default:
      return false;
  }
}

describe('engine against the simulator ground truth in Jaeger', () => {
  let truth: TruthOrder[] = [];
  const nowMs = Date.now();
  let timelines = new Map<string, OrderTimeline>();

  beforeAll(async () => {
    truth = readTruth(integrationEnv().truthFile);
    const list = await inBatches(truth, 8, (order) => lookUp(order.orderId, nowMs));
    timelines = new Map(list.map((timeline) => [timeline.orderId, timeline]));
  }, 600_000);

  it('reconstructs the status sequence and current status of at least 99 % of orders', () => {
    expect(truth.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const order of truth) {
      const timeline = timelines.get(order.orderId);
      const got = timeline?.statuses.map((interval) => interval.status) ?? [];
      const expected = order.statuses.map((status) => status.status);
      if (got.join('>') !== expected.join('>') || timeline?.currentStatus !== order.currentStatus) {
        mismatches.push(`${order.orderId}: expected ${expected.join('>')} got ${got.join('>')}`);
      }
    }
    const matched = truth.length - mismatches.length;
    const percent = (100 * matched) / truth.length;
    console.log(`status sequence + current status match: ${matched}/${truth.length} orders (${percent.toFixed(2)} %)`);
    if (mismatches.length > 0) {
      console.log(`first mismatches:\n${mismatches.slice(0, 5).join('\n')}`);
    }
    expect(percent).toBeGreaterThanOrEqual(99);
  });

  it('shows every injected fault as evidence on the right order', () => {
    const tally = new Map<string, { found: number; total: number; undue: number }>();
    const missed: string[] = [];
    for (const order of truth) {
      const timeline = timelines.get(order.orderId);
      for (const fault of order.faults) {
        const entry = tally.get(fault.kind) ?? { found: 0, total: 0, undue: 0 };
        tally.set(fault.kind, entry);
        const found = timeline ? faultFound(timeline, order, fault, nowMs) : false;
        if (found === 'undue') {
          entry.undue++;
          continue;
        }
        entry.total++;
        if (found) {
          entry.found++;
        } else {
          missed.push(
            `${order.orderId} ${fault.kind} in ${fault.status}: evidence ${timeline?.evidence.map((item) => item.kind).join(',')}`
          );
        }
      }
    }
    for (const [kind, { found, total, undue }] of [...tally.entries()].sort()) {
      console.log(`fault ${kind}: found ${found}/${total}${undue > 0 ? ` (${undue} not due yet at now)` : ''}`);
    }
    if (missed.length > 0) {
      console.log(`missed:\n${missed.slice(0, 10).join('\n')}`);
    }
    expect(tally.size).toBeGreaterThan(0);
    expect(missed).toEqual([]);
  });

  it('does not accuse fault-free orders of dead letters, invalid files or lost status events', () => {
    const accused: string[] = [];
    const strong: Record<string, EvidenceKind> = {
      dead_letter: 'dead_letter',
      missing_file: 'invalid_file',
      corrupt_file: 'invalid_file',
      status_event_lost: 'status_disagreement',
    };
    for (const order of truth) {
      const timeline = timelines.get(order.orderId);
      const allowed = new Set(order.faults.map((fault) => strong[fault.kind]).filter(Boolean));
      for (const item of timeline?.evidence ?? []) {
        if (Object.values(strong).includes(item.kind) && !allowed.has(item.kind)) {
          accused.push(`${order.orderId}: ${item.kind}: ${item.message}`);
        }
      }
    }
    console.log(`strong evidence on orders without that fault: ${accused.length}`);
    expect(accused.slice(0, 5)).toEqual([]);
  });

  it('indexes the latest status of every order and finds the stuck ones in one wave', async () => {
    const { jaegerUrl } = integrationEnv();
    const { dialect } = await detectJaegerDialect(fetchJsonFromBaseUrl(jaegerUrl));
    const plan = planIndex(settings, { nowUs: nowMs * 1000, dialect });
    const started = Date.now();
    const result = await executePlan(plan, fetchJsonFromBaseUrl(jaegerUrl), { timeoutMs: 30_000 });
    const index = indexOrders(result.payloads, config, {
      startUs: plan.startUs,
      endUs: plan.endUs,
      nowUs: nowMs * 1000,
      outcomes: result.outcomes,
    });
    const byId = new Map(index.orders.map((entry) => [entry.orderId, entry]));
    const matched = truth.filter((order) => byId.get(order.orderId)?.currentStatus === order.currentStatus).length;
    console.log(
      `index: ${plan.requests.length} searches in ${Date.now() - started} ms, ${index.orders.length} orders, current status matches truth for ${matched}/${truth.length} (${((100 * matched) / truth.length).toFixed(2)} %), partial=${result.partial}`
    );
    expect(result.outcomes.filter((outcome) => outcome.state === 'error' || outcome.state === 'timeout')).toEqual([]);
    expect(matched / truth.length).toBeGreaterThanOrEqual(0.99);

    const stuck = findStuckOrders(index, config, nowMs * 1000);
    const expectedStuck = truth.filter((order) => {
      const definition = settings.lifecycle.find((status) => status.name === order.currentStatus);
      const entered = order.statuses[order.statuses.length - 1]?.enteredAtMs ?? 0;
      return (
        definition &&
        !definition.terminal &&
        definition.slaSeconds !== null &&
        nowMs - entered > definition.slaSeconds * 1000 + MINUTE_MS
      );
    });
    const stuckIds = new Set(stuck.map((order) => order.orderId));
    const found = expectedStuck.filter((order) => stuckIds.has(order.orderId)).length;
    console.log(`stuck orders: truth ${expectedStuck.length}, found ${found}, reported ${stuck.length}`);
    expect(found).toBe(expectedStuck.length);
  }, 120_000);
});

// ------------------------------------------------------------------------------------------------
// A small order of our own, sent as OTLP/JSON: proves the path without the simulator.

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

interface OwnSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: number;
  startMs: number;
  durationMs: number;
  attributes: Record<string, string | number | boolean>;
  error?: string;
  links?: Array<{ traceId: string; spanId: string }>;
}

function otlpBody(spans: OwnSpan[]): string {
  const services = [...new Set(spans.map((span) => span.service))];
  const value = (v: string | number | boolean) =>
    typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(v) };
  return JSON.stringify({
    resourceSpans: services.map((service) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'engine-integration-test' },
          spans: spans
            .filter((span) => span.service === service)
            .map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: span.kind,
              startTimeUnixNano: `${BigInt(Math.round(span.startMs)) * BigInt(1_000_000)}`,
              endTimeUnixNano: `${BigInt(Math.round(span.startMs + span.durationMs)) * BigInt(1_000_000)}`,
              attributes: Object.entries(span.attributes).map(([key, v]) => ({ key, value: value(v) })),
              links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
              events: span.error
                ? [
                    {
                      name: 'exception',
                      timeUnixNano: `${BigInt(Math.round(span.startMs)) * BigInt(1_000_000)}`,
                      attributes: [{ key: 'exception.message', value: { stringValue: span.error } }],
                    },
                  ]
                : [],
              status: span.error ? { code: 2, message: span.error } : { code: 0 },
            })),
        },
      ],
    })),
  });
}

describe('engine against spans it sent itself', () => {
  it('reconstructs an order stuck in SUBMITTED because its message was dead-lettered, masking personal data', async () => {
    const { otlpHttpUrl, jaegerUrl } = scratchJaeger();
    const orderId = `IT-${hex(4)} "quoted" {brace}`;
    const now = Date.now();
    const t0 = now - 3 * 60 * MINUTE_MS;
    const submitTrace = hex(16);
    const consumeTrace = hex(16);
    const submitSpan = hex(8);
    const publishSpan = hex(8);
    const processSpan = hex(8);
    const spans: OwnSpan[] = [
      {
        traceId: hex(16),
        spanId: hex(8),
        service: 'shop-api',
        name: 'POST /orders',
        kind: 2,
        startMs: t0,
        durationMs: 120,
        attributes: { 'order.id': orderId, 'order.status': 'INITIATED', 'customer.email': 'someone@example.test' },
      },
      {
        traceId: submitTrace,
        spanId: submitSpan,
        service: 'shop-api',
        name: 'POST /orders/{id}/submit',
        kind: 2,
        startMs: t0 + 5 * MINUTE_MS,
        durationMs: 200,
        attributes: { 'order.id': orderId, 'order.status': 'SUBMITTED', 'order.status.previous': 'INITIATED' },
      },
      {
        traceId: submitTrace,
        spanId: publishSpan,
        parentSpanId: submitSpan,
        service: 'shop-api',
        name: 'publish orders.submitted',
        kind: 4,
        startMs: t0 + 5 * MINUTE_MS + 100,
        durationMs: 10,
        attributes: {
          'order.id': orderId,
          'messaging.system': 'rabbitmq',
          'messaging.operation.type': 'send',
          'messaging.destination.name': 'orders.submitted',
        },
      },
      {
        traceId: consumeTrace,
        spanId: processSpan,
        service: 'crm-api',
        name: 'orders.submitted process',
        kind: 5,
        startMs: t0 + 5 * MINUTE_MS + 900,
        durationMs: 40,
        attributes: {
          'order.id': orderId,
          'messaging.system': 'rabbitmq',
          'messaging.operation': 'process',
          'messaging.destination': 'orders.submitted',
        },
        error: 'Listener threw exception',
        links: [{ traceId: submitTrace, spanId: publishSpan }],
      },
      {
        traceId: consumeTrace,
        spanId: hex(8),
        parentSpanId: processSpan,
        service: 'crm-api',
        name: 'orders.submitted.dlq publish',
        kind: 4,
        startMs: t0 + 5 * MINUTE_MS + 935,
        durationMs: 4,
        attributes: {
          'order.id': orderId,
          'messaging.system': 'rabbitmq',
          'messaging.operation': 'publish',
          'messaging.rabbitmq.routing_key': 'orders.submitted.dlq',
        },
      },
    ];
    const response = await fetch(`${otlpHttpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: otlpBody(spans),
    });
    expect(response.ok).toBe(true);

    let timeline: OrderTimeline | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      timeline = await lookUp(orderId, now, jaegerUrl);
      if (timeline.spans.length === spans.length) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!timeline) {
      throw new Error('no lookup ran');
    }
    expect(timeline.spans).toHaveLength(spans.length);
    expect(timeline.traceIds.sort()).toEqual(expect.arrayContaining([submitTrace, consumeTrace]));
    expect(timeline.statuses.map((status) => status.status)).toEqual(['INITIATED', 'SUBMITTED']);
    expect(timeline.verdict.state).toBe('stuck');
    expect(timeline.verdict.cause?.kind).toBe('dead_letter');
    expect(timeline.verdict.headline).toMatch(
      /^Stuck in SUBMITTED for 2 h 5\d min \(SLA 10 min\): the message was dead-lettered to orders\.submitted\.dlq/
    );
    expect(
      timeline.waits.some(
        (wait) => wait.kind === 'queue' && wait.queue === 'orders.submitted' && wait.to?.spanId === processSpan
      )
    ).toBe(true);
    expect(timeline.lanes.map((lane) => lane.id)).toEqual(
      expect.arrayContaining([
        'service:shop-api',
        'service:crm-api',
        'queue:orders.submitted',
        'queue:orders.submitted.dlq',
      ])
    );
    expect(JSON.stringify(timeline)).not.toContain('someone@example.test');
    console.log(`own order: ${timeline.verdict.headline}`);

    // The same id through the v3 API (OTLP JSON) gives the same story, where this Jaeger's v3 search
    // filters by attributes (2.19 and later); before that its v3 gateway takes other parameter names
    // and ignores the filter, and the lookup above already went through /api/traces.
    const { dialect } = await detectJaegerDialect(fetchJsonFromBaseUrl(jaegerUrl));
    if (dialect.api !== 'v3') {
      console.log('own order through v3: this Jaeger has no v3 search by attributes (checked on the newer builds)');
      return;
    }
    const plan = planOrderLookup(
      orderId,
      { ...settings, lookbackSeconds: 4 * 3600 },
      { nowUs: now * 1000, dialect: { api: 'v3', serviceless: false } }
    );
    const result = await executePlan(plan, fetchJsonFromBaseUrl(jaegerUrl));
    const v3 = reconstructOrder(orderId, result.payloads, config, { nowUs: now * 1000, outcomes: result.outcomes });
    expect(v3.statuses.map((status) => status.status)).toEqual(['INITIATED', 'SUBMITTED']);
    expect(v3.verdict.cause?.kind).toBe('dead_letter');
  }, 60_000);

  it('reports an unknown id as no traces, and a failing search per service', async () => {
    const { jaegerUrl } = integrationEnv();
    const timeline = await lookUp(`nobody-${hex(6)}`, Date.now());
    expect(timeline.spans).toHaveLength(0);
    expect(timeline.verdict.state).toBe('unknown');
    const { dialect } = await detectJaegerDialect(fetchJsonFromBaseUrl(jaegerUrl));
    const plan = planOrderLookup('x', settings, { nowUs: Date.now() * 1000, dialect: { ...dialect, serviceless: false } });
    plan.requests[1] = {
      ...plan.requests[1],
      path: dialect.api === 'v3' ? '/api/v3/traces?query.serviceName=crm-api&query.startTimeMin=notatime' : '/api/traces?service=crm-api&start=notanumber',
    };
    const result = await executePlan(plan, fetchJsonFromBaseUrl(jaegerUrl));
    expect(result.partial).toBe(true);
    expect(result.outcomes[1].state).toBe('error');
    expect(result.outcomes[1].request.service).toBe('crm-api');
    expect(result.outcomes[0].state).toBe('empty');
  }, 30_000);
});
