import { DEFAULT_SETTINGS } from '../settings/defaults';
import {
  buildOrderTimeline,
  compileConfig,
  planServiceErrors,
  serviceErrorEvidence,
  serviceErrorsFor,
  serviceWaitOf,
  ServiceWait,
  unexplainedWaitOf,
  withContextEvidence,
} from './index';
import { testSpan } from '../test/spanBuilders';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;
const HOUR = 60 * MIN;
const ORDER = 'ALX-7';

/** An order approved at T0 that nobody started: stuck once MANUFACTURING_APPROVED's 4 h pass. */
function approvedOrder() {
  return [
    testSpan({ service: 'shop-api', startUs: T0 - 3 * HOUR, attributes: { 'order.id': ORDER, 'order.status': 'INITIATED' } }),
    testSpan({ service: 'crm-api', startUs: T0, attributes: { 'order.id': ORDER, 'order.status': 'MANUFACTURING_APPROVED' } }),
  ];
}

function dashboardTimeout(startUs: number, traceId: string) {
  const server = testSpan({
    traceId,
    spanId: `${traceId.slice(0, 8)}00000001`,
    service: 'mes-api',
    operation: 'GET /dashboard/orders',
    startUs,
    durationUs: 30_000_000,
    status: 'error',
    statusMessage: 'Execution Timeout Expired.',
  });
  const query = testSpan({
    traceId,
    spanId: `${traceId.slice(0, 8)}00000002`,
    parentSpanId: server.spanId,
    service: 'mes-api',
    operation: 'SELECT MES.WorkOrders',
    startUs: startUs + 1000,
    durationUs: 29_000_000,
    status: 'error',
    statusMessage: 'Execution Timeout Expired.',
  });
  return [server, query];
}

const wait: ServiceWait = {
  orderId: ORDER,
  status: 'MANUFACTURING_APPROVED',
  next: 'MANUFACTURING_STARTED',
  service: 'mes-api',
  startUs: T0,
  endUs: T0 + 6 * HOUR,
};

describe('waits on a service', () => {
  it('names the service that sets the next status once the SLA has passed, and nothing before', () => {
    const order = { orderId: ORDER, status: 'MANUFACTURING_APPROVED', enteredAtUs: T0 };
    expect(serviceWaitOf(order, config, T0 + 3 * HOUR)).toBeUndefined();
    expect(serviceWaitOf(order, config, T0 + 6 * HOUR)).toEqual({
      orderId: ORDER,
      status: 'MANUFACTURING_APPROVED',
      next: 'MANUFACTURING_STARTED',
      service: 'mes-api',
      startUs: T0 - config.clockSkewToleranceUs,
      endUs: T0 + 6 * HOUR,
    });
  });

  it('has no wait for a status without an SLA, a terminal status or an unknown one', () => {
    for (const status of ['INITIATED', 'CLOSED', 'NOT_A_STATUS']) {
      expect(serviceWaitOf({ orderId: ORDER, status, enteredAtUs: T0 }, config, T0 + 1000 * HOUR)).toBeUndefined();
    }
  });

  it('asks for the wait of a stuck order only when nothing of its own explains it', () => {
    const stuck = buildOrderTimeline(ORDER, approvedOrder(), config, T0 + 6 * HOUR, []);
    expect(stuck.verdict.cause?.kind).toBe('expected_status_missing');
    expect(unexplainedWaitOf(stuck, config)?.service).toBe('mes-api');

    const onTrack = buildOrderTimeline(ORDER, approvedOrder(), config, T0 + HOUR, []);
    expect(unexplainedWaitOf(onTrack, config)).toBeUndefined();

    const failing = [
      ...approvedOrder(),
      testSpan({ service: 'crm-api', operation: 'publish mes.orders', startUs: T0 + MIN, status: 'error', attributes: { 'order.id': ORDER } }),
    ];
    const explained = buildOrderTimeline(ORDER, failing, config, T0 + 6 * HOUR, []);
    expect(explained.verdict.cause?.kind).toBe('error');
    expect(unexplainedWaitOf(explained, config)).toBeUndefined();
  });
});

describe('planning the search for failed requests', () => {
  it('sends one request per service over merged windows, with the error tag', () => {
    const waits: ServiceWait[] = [
      wait,
      { ...wait, orderId: 'ALX-8', startUs: T0 + HOUR, endUs: T0 + 7 * HOUR },
      { ...wait, orderId: 'ALX-9', startUs: T0 + 10 * HOUR, endUs: T0 + 12 * HOUR },
      { ...wait, orderId: 'ALX-10', service: 'crm-api', next: 'SHIPPED' },
    ];
    const plan = planServiceErrors(waits, DEFAULT_SETTINGS, { nowUs: T0 + 12 * HOUR });
    expect(plan.requests.map((request) => [request.service, request.purpose])).toEqual([
      ['mes-api', 'service-errors'],
      ['mes-api', 'service-errors'],
      ['crm-api', 'service-errors'],
    ]);
    const first = new URLSearchParams(plan.requests[0].path.split('?')[1]);
    expect(JSON.parse(first.get('tags') ?? '')).toEqual({ error: 'true' });
    expect(Number(first.get('start'))).toBe(T0);
    expect(Number(first.get('end'))).toBe(T0 + 7 * HOUR);
    expect(plan.startUs).toBe(T0);
  });

  it('keeps a hostile service name inside its parameter', () => {
    const hostile = 'mes"}&service=x\\{';
    const plan = planServiceErrors([{ ...wait, service: hostile }], DEFAULT_SETTINGS, { nowUs: T0 });
    const params = new URLSearchParams(plan.requests[0].path.split('?')[1]);
    expect(params.get('service')).toBe(hostile);
    expect(params.getAll('service')).toHaveLength(1);
  });

  it('plans nothing when no order waits', () => {
    expect(planServiceErrors([], DEFAULT_SETTINGS, { nowUs: T0 }).requests).toEqual([]);
  });
});

describe('evidence from failed requests without an order id', () => {
  it('counts each failed request once, by its top span, and names the operation and reason', () => {
    const spans = [
      ...dashboardTimeout(T0 + HOUR, 'a'.repeat(32)),
      ...dashboardTimeout(T0 + 2 * HOUR, 'b'.repeat(32)),
      ...dashboardTimeout(T0 + 3 * HOUR, 'c'.repeat(32)),
    ];
    const evidence = serviceErrorEvidence(wait, spans, config, T0 + 6 * HOUR);
    expect(evidence).toEqual(
      expect.objectContaining({ kind: 'service_errors', severity: 'warning', service: 'mes-api', status: 'MANUFACTURING_APPROVED', atUs: T0 + 3 * HOUR })
    );
    expect(evidence?.message).toMatch(
      /^mes-api failed 3 requests without an order id while the order waited for MANUFACTURING_STARTED: GET \/dashboard\/orders ×3 \(Execution Timeout Expired\.\), last at .+\. Related by time only\.$/
    );
    // Latest first, the top spans only.
    expect(evidence?.spans.map((ref) => ref.traceId)).toEqual(['c'.repeat(32), 'b'.repeat(32), 'a'.repeat(32)]);
    expect(evidence?.spans.every((ref) => ref.spanId.endsWith('00000001'))).toBe(true);
  });

  it('ignores failures of other services, outside the window, and of requests that carry any order id', () => {
    const spans = [
      testSpan({ service: 'crm-api', startUs: T0 + HOUR, status: 'error' }),
      testSpan({ service: 'mes-api', startUs: T0 - HOUR, status: 'error' }),
      testSpan({ service: 'mes-api', startUs: T0 + 7 * HOUR, status: 'error' }),
      testSpan({ service: 'mes-api', startUs: T0 + HOUR, status: 'error', attributes: { 'order.id': 'ALX-OTHER' } }),
      testSpan({ service: 'mes-api', startUs: T0 + HOUR, status: 'ok' }),
    ];
    expect(serviceErrorEvidence(wait, spans, config, T0 + 6 * HOUR)).toBeUndefined();
  });

  it('names the most frequent operation and how many others failed', () => {
    const spans = [
      ...dashboardTimeout(T0 + HOUR, 'a'.repeat(32)),
      ...dashboardTimeout(T0 + 2 * HOUR, 'b'.repeat(32)),
      testSpan({ service: 'mes-api', operation: 'POST /jobs/sync', startUs: T0 + 4 * HOUR, status: 'error' }),
    ];
    const evidence = serviceErrorEvidence(wait, spans, config, T0 + 6 * HOUR);
    expect(evidence?.message).toContain('failed 3 requests');
    expect(evidence?.message).toContain('GET /dashboard/orders ×2');
    expect(evidence?.message).toContain('and 1 other operation,');
  });

  it('reads the responses of the plan once and answers per order', () => {
    const jaeger = {
      data: [
        {
          traceID: 'd'.repeat(32),
          spans: [
            {
              traceID: 'd'.repeat(32),
              spanID: '1'.repeat(16),
              operationName: 'GET /dashboard/orders',
              references: [],
              startTime: T0 + HOUR,
              duration: 30_000_000,
              processID: 'p1',
              tags: [
                { key: 'error', type: 'bool', value: true },
                { key: 'otel.status_code', type: 'string', value: 'ERROR' },
              ],
            },
          ],
          processes: { p1: { serviceName: 'mes-api', tags: [] } },
        },
      ],
    };
    const found = serviceErrorsFor([wait, { ...wait, orderId: 'ALX-LATER', startUs: T0 + 2 * HOUR }], [jaeger], config, T0 + 6 * HOUR);
    expect([...found.keys()]).toEqual([ORDER]);
    expect(serviceErrorsFor([], [jaeger], config, T0).size).toBe(0);
  });
});

describe('adding context evidence to a timeline', () => {
  it('makes the verdict name it when nothing of the order explains the state', () => {
    const timeline = buildOrderTimeline(ORDER, approvedOrder(), config, T0 + 6 * HOUR, []);
    const evidence = serviceErrorEvidence(wait, dashboardTimeout(T0 + HOUR, 'e'.repeat(32)), config, T0 + 6 * HOUR);
    if (!evidence) {
      throw new Error('expected evidence');
    }
    const explained = withContextEvidence(timeline, [evidence], config);
    expect(explained.verdict.cause?.kind).toBe('service_errors');
    expect(explained.verdict.headline).toMatch(/^Stuck in MANUFACTURING_APPROVED for 6 h \(SLA 4 h\): mes-api failed 1 request without an order id/);
    expect(explained.evidence).toHaveLength(timeline.evidence.length + 1);
    expect(timeline.verdict.cause?.kind).toBe('expected_status_missing');
    expect(withContextEvidence(timeline, [], config)).toBe(timeline);
  });
});

describe('errors that a later attempt got past', () => {
  it('are kept as info and never named as the cause', () => {
    const traceId = 'f'.repeat(32);
    const spans = [
      ...approvedOrder(),
      testSpan({ traceId, service: 'crm-api', operation: 'PUT', startUs: T0 + MIN, status: 'error', attributes: { 'order.id': ORDER, 'url.template': '/orders/{id}' } }),
      testSpan({
        traceId,
        service: 'crm-api',
        operation: 'PUT',
        startUs: T0 + 2 * MIN,
        status: 'ok',
        attributes: { 'order.id': ORDER, 'url.template': '/orders/{id}', 'http.request.resend_count': 1 },
      }),
    ];
    const timeline = buildOrderTimeline(ORDER, spans, config, T0 + 6 * HOUR, []);
    const error = timeline.evidence.find((item) => item.kind === 'error');
    expect(error?.severity).toBe('info');
    expect(error?.message).toMatch(/A later attempt succeeded\.$/);
    expect(timeline.verdict.cause?.kind).toBe('expected_status_missing');
  });

  it('stay a cause when the later success is another request', () => {
    const traceId = '9'.repeat(32);
    const spans = [
      ...approvedOrder(),
      testSpan({ traceId, service: 'crm-api', operation: 'PUT', startUs: T0 + MIN, status: 'error', attributes: { 'order.id': ORDER, 'url.template': '/orders/{id}' } }),
      testSpan({ traceId, service: 'crm-api', operation: 'PUT', startUs: T0 + 2 * MIN, status: 'ok', attributes: { 'order.id': ORDER, 'url.template': '/invoices/{id}' } }),
    ];
    const timeline = buildOrderTimeline(ORDER, spans, config, T0 + 6 * HOUR, []);
    expect(timeline.verdict.cause?.kind).toBe('error');
  });
});
