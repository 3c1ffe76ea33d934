import { DEFAULT_SETTINGS } from '../settings/defaults';
import {
  buildOrderTimeline,
  compileConfig,
  formatHumanDuration,
  planIndex,
  planOrderLookup,
  readOtlpTraces,
  readSpans,
  readTraceFrames,
  buildOrderIndex,
  findStuckOrders,
  MASKED,
} from './index';
import { testSpan } from '../test/spanBuilders';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;
const ORDER = 'ALX-1';

function statusSpan(
  status: string,
  minute: number,
  service = 'shop-api',
  extra: Record<string, string | number | boolean> = {}
) {
  return testSpan({
    service,
    startUs: T0 + minute * MIN,
    attributes: { 'order.id': ORDER, 'order.status': status, ...extra },
  });
}

describe('span readers', () => {
  const jaeger = {
    data: [
      {
        traceID: 'ABC',
        spans: [
          {
            traceID: 'abc',
            spanID: '1',
            operationName: 'publish orders',
            references: [{ refType: 'FOLLOWS_FROM', traceID: 'def', spanID: '9' }],
            startTime: 100,
            duration: 5,
            tags: [
              { key: 'order.id', type: 'string', value: ORDER },
              { key: 'messaging.system', type: 'string', value: 'rabbitmq' },
              { key: 'messaging.operation', type: 'string', value: 'publish' },
              { key: 'messaging.rabbitmq.routing_key', type: 'string', value: 'orders.dlq' },
              { key: 'error', type: 'bool', value: 'true' },
              { key: 'customer.email', type: 'string', value: 'a@b.test' },
            ],
            logs: [
              {
                timestamp: 101,
                fields: [
                  { key: 'event', value: 'exception' },
                  { key: 'customer.name', value: 'Ann' },
                ],
              },
            ],
            processID: 'p1',
          },
        ],
        processes: { p1: { serviceName: 'crm-api', tags: [] } },
      },
    ],
  };

  it('reads Jaeger JSON with padded ids, links, old messaging names, error tags and masking', () => {
    const { spans } = readSpans([jaeger], config);
    expect(spans).toHaveLength(1);
    const span = spans[0];
    expect(span.traceId).toBe('00000000000000000000000000000abc');
    expect(span.spanId).toBe('0000000000000001');
    expect(span.links).toEqual([
      { traceId: '00000000000000000000000000000def', spanId: '0000000000000009', type: 'follows_from' },
    ]);
    expect(span.service).toBe('crm-api');
    expect(span.status).toBe('error');
    expect(span.messaging).toEqual({
      system: 'rabbitmq',
      operation: 'publish',
      destination: 'orders.dlq',
      deadLetter: true,
    });
    expect(span.attributes['customer.email']).toBe(MASKED);
    expect(span.events[0].attributes['customer.name']).toBe(MASKED);
  });

  it('reads OTLP JSON (v3 wrapper) and a Grafana trace frame into the same model', () => {
    const otlp = {
      result: {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'mes-api' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: 'aa'.repeat(16),
                    spanId: 'bb'.repeat(8),
                    name: 'process price',
                    kind: 5,
                    startTimeUnixNano: '1700000000000123456',
                    endTimeUnixNano: '1700000000001123456',
                    attributes: [
                      { key: 'messaging.system', value: { stringValue: 'rabbitmq' } },
                      { key: 'messaging.operation.type', value: { stringValue: 'process' } },
                      { key: 'messaging.destination.name', value: { stringValue: 'mes.price' } },
                      { key: 'model.polygon_count', value: { intValue: '4000000' } },
                    ],
                    status: { code: 2, message: 'boom' },
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const fromOtlp = readOtlpTraces(otlp).spans[0];
    expect(fromOtlp.startUs).toBe(1_700_000_000_000_123);
    expect(fromOtlp.durationUs).toBe(1000);
    expect(fromOtlp.kind).toBe('consumer');
    expect(fromOtlp.status).toBe('error');
    expect(fromOtlp.statusMessage).toBe('boom');
    expect(fromOtlp.attributes['model.polygon_count']).toBe(4_000_000);
    expect(fromOtlp.messaging?.operation).toBe('process');

    const frame = {
      fields: [
        { name: 'traceID', values: ['aa'.repeat(16)] },
        { name: 'spanID', values: ['bb'.repeat(8)] },
        { name: 'parentSpanID', values: [undefined] },
        { name: 'operationName', values: ['process price'] },
        { name: 'serviceName', values: ['mes-api'] },
        { name: 'startTime', values: [1_700_000_000_000.123] },
        { name: 'duration', values: [1] },
        { name: 'tags', values: [[{ key: 'messaging.destination.name', value: 'mes.price' }]] },
        { name: 'logs', values: [[]] },
        { name: 'references', values: [[]] },
        { name: 'statusCode', values: [2] },
        { name: 'kind', values: ['consumer'] },
      ],
    };
    const fromFrame = readTraceFrames(frame).spans[0];
    expect(fromFrame.traceId).toBe(fromOtlp.traceId);
    expect(fromFrame.startUs).toBe(fromOtlp.startUs);
    expect(fromFrame.durationUs).toBe(1000);
    expect(fromFrame.status).toBe('error');
    expect(fromFrame.messaging?.destination).toBe('mes.price');
  });
});

describe('order timeline', () => {
  it('merges an MES status recorded again by the CRM into one interval and judges SLAs', () => {
    const spans = [
      statusSpan('INITIATED', 0),
      statusSpan('SUBMITTED', 5),
      statusSpan('FILE_UPLOADED', 6),
      statusSpan('PRICE_CALCULATED', 50, 'crm-api'),
      statusSpan('MANUFACTURING_APPROVED', 60, 'crm-api'),
      statusSpan('MANUFACTURING_STARTED', 70, 'mes-api'),
      statusSpan('MANUFACTURING_STARTED', 71, 'crm-api'),
    ];
    const timeline = buildOrderTimeline(ORDER, spans, config, T0 + 80 * MIN);
    expect(timeline.statuses.map((s) => s.status)).toEqual([
      'INITIATED',
      'SUBMITTED',
      'FILE_UPLOADED',
      'PRICE_CALCULATED',
      'MANUFACTURING_APPROVED',
      'MANUFACTURING_STARTED',
    ]);
    expect(timeline.statuses[5].reportedBy).toEqual(['mes-api', 'crm-api']);
    expect(timeline.statuses[2]).toMatchObject({ durationUs: 44 * MIN, verdict: 'breached', slaSeconds: 1800 });
    expect(timeline.statuses[1].verdict).toBe('ok');
    expect(timeline.evidence.some((e) => e.kind === 'status_disagreement')).toBe(false);
    expect(timeline.verdict.state).toBe('on_track');
  });

  it('says MES and CRM disagree when the CRM never recorded an MES status', () => {
    const spans = [
      statusSpan('PRICE_CALCULATED', 0, 'crm-api'),
      statusSpan('MANUFACTURING_APPROVED', 10, 'crm-api'),
      statusSpan('MANUFACTURING_STARTED', 20, 'mes-api'),
    ];
    const timeline = buildOrderTimeline(ORDER, spans, config, T0 + 40 * MIN);
    const disagreement = timeline.evidence.find((e) => e.kind === 'status_disagreement');
    expect(disagreement?.message).toContain('crm-api never recorded it (it last recorded MANUFACTURING_APPROVED)');
    expect(disagreement?.spans[0]).toEqual({ traceId: spans[2].traceId, spanId: spans[2].spanId });
  });

  it('names a dead letter as the cause of a stuck order, with the time and SLA in plain words', () => {
    const publish = testSpan({
      startUs: T0 + 1 * MIN,
      attributes: { 'order.id': ORDER },
      messaging: { system: 'rabbitmq', operation: 'publish', destination: 'orders.submitted', deadLetter: false },
      kind: 'producer',
    });
    const dead = testSpan({
      service: 'crm-api',
      startUs: T0 + 2 * MIN,
      attributes: { 'order.id': ORDER },
      messaging: { system: 'rabbitmq', operation: 'publish', destination: 'orders.submitted.dlq', deadLetter: true },
    });
    const timeline = buildOrderTimeline(ORDER, [statusSpan('SUBMITTED', 0), publish, dead], config, T0 + 133 * MIN);
    expect(timeline.verdict.state).toBe('stuck');
    expect(timeline.verdict.headline).toBe(
      'Stuck in SUBMITTED for 2 h 13 min (SLA 10 min): the message was dead-lettered to orders.submitted.dlq (crm-api op) at 22:15 UTC.'
    );
    expect(timeline.verdict.cause?.spans[0]).toEqual({ traceId: dead.traceId, spanId: dead.spanId });
    expect(timeline.evidence.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['dead_letter', 'expected_status_missing'])
    );
    // A span named after the queue does not get the queue said twice.
    const named = { ...dead, operation: 'orders.submitted.dlq publish' };
    const again = buildOrderTimeline(ORDER, [statusSpan('SUBMITTED', 0), publish, named], config, T0 + 133 * MIN);
    expect(again.verdict.headline).toMatch(/dead-lettered to orders\.submitted\.dlq \(by crm-api\) at 22:15 UTC\.$/);
  });

  it('says when a message was published and never processed', () => {
    const publish = testSpan({
      startUs: T0 + 1 * MIN,
      attributes: { 'order.id': ORDER },
      messaging: { system: 'rabbitmq', operation: 'publish', destination: 'orders.submitted', deadLetter: false },
    });
    const timeline = buildOrderTimeline(ORDER, [statusSpan('SUBMITTED', 0), publish], config, T0 + 30 * MIN);
    expect(timeline.verdict.cause?.kind).toBe('unconsumed_message');
    expect(timeline.waits.find((w) => w.kind === 'queue')).toMatchObject({
      queue: 'orders.submitted',
      endUs: null,
      durationUs: 29 * MIN,
    });
  });
});

describe('index and stuck orders', () => {
  it('keeps the latest status per order, samples completed stays and finds the overdue ones', () => {
    const spans = [
      testSpan({ startUs: T0, attributes: { 'order.id': 'A', 'order.status': 'SUBMITTED' } }),
      testSpan({ startUs: T0 + 2 * MIN, attributes: { 'order.id': 'A', 'order.status': 'FILE_UPLOADED' } }),
      testSpan({ startUs: T0, attributes: { 'order.id': 'B', 'order.status': 'SUBMITTED' } }),
      testSpan({ startUs: T0 + MIN, attributes: { 'order.id': 'C', 'order.status': 'CLOSED' } }),
    ];
    const now = T0 + 20 * MIN;
    const index = buildOrderIndex(spans, config, { startUs: T0 - MIN, endUs: now });
    expect(Object.fromEntries(index.orders.map((o) => [o.orderId, o.currentStatus]))).toEqual({
      A: 'FILE_UPLOADED',
      B: 'SUBMITTED',
      C: 'CLOSED',
    });
    expect(index.timeInStatus.SUBMITTED).toEqual([{ orderId: 'A', durationUs: 2 * MIN, enteredAtUs: T0 }]);
    const stuck = findStuckOrders(index, config, now);
    expect(stuck.map((s) => [s.orderId, s.status, s.overdueUs])).toEqual([['B', 'SUBMITTED', 10 * MIN]]);
    expect(stuck[0].likelyCause).toContain('FILE_UPLOADED was expected from shop-api');
  });
});

describe('query planning and formatting', () => {
  it('plans one search per service in one wave, the id only inside the encoded tags JSON', () => {
    const plan = planOrderLookup(ORDER, DEFAULT_SETTINGS, { nowUs: T0 });
    expect(plan.requests.map((r) => r.service)).toEqual(['shop-api', 'crm-api', 'mes-api']);
    const url = new URL(`http://x${plan.requests[0].path}`);
    expect(JSON.parse(url.searchParams.get('tags') ?? '')).toEqual({ 'order.id': ORDER });
    expect(Number(url.searchParams.get('end')) - Number(url.searchParams.get('start'))).toBe(
      DEFAULT_SETTINGS.lookbackSeconds * 1e6
    );
    expect(url.searchParams.get('limit')).toBe(String(DEFAULT_SETTINGS.orderTraceLimit));
  });

  it('plans the index as service × status searches', () => {
    const plan = planIndex(DEFAULT_SETTINGS, { nowUs: T0, windowSeconds: 3600 });
    expect(plan.requests).toHaveLength(DEFAULT_SETTINGS.services.length * DEFAULT_SETTINGS.lifecycle.length);
    expect(plan.endUs - plan.startUs).toBe(3600e6);
  });

  it('formats durations for people', () => {
    expect(formatHumanDuration(133 * MIN)).toBe('2 h 13 min');
    expect(formatHumanDuration(10 * MIN)).toBe('10 min');
    expect(formatHumanDuration(3 * 86400e6 + 4 * 3600e6)).toBe('3 d 4 h');
    expect(formatHumanDuration(850_000)).toBe('850 ms');
    expect(formatHumanDuration(-5)).toBe('0 s');
  });
});
