import { HttpError } from '../../datasource/jaegerClient';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { checkSetup } from './checkSetup';
import { describeFinding, PrivacyFinding, privacyVerdict, samplePrivacy, scanPayloads } from './privacyCheck';

const EMAIL = 'jane.roe@example.com';
const PHONE = '+1 202 555 0142';
const CARD = '4111 1111 1111 1111';
const NAME = 'Jane Roe';
const VALUES = [EMAIL, PHONE, CARD, NAME, '555 0142', '4111', 'Springfield'];

interface TestSpan {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  tags?: Record<string, string | number | boolean>;
  events?: Array<Record<string, string>>;
}

const tags = (values: Record<string, string | number | boolean> = {}) =>
  Object.entries(values).map(([key, value]) => ({
    key,
    type: typeof value === 'string' ? 'string' : typeof value === 'number' ? 'int64' : 'bool',
    value,
  }));

/** A Jaeger `/api/traces` answer; each service one process, `processTags` on every process. */
function jaegerAnswer(spans: TestSpan[], processTags: Record<string, Record<string, string>> = {}) {
  const byTrace = new Map<string, TestSpan[]>();
  spans.forEach((span) => byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]));
  return {
    data: [...byTrace].map(([traceID, traceSpans]) => {
      const services = [...new Set(traceSpans.map((span) => span.service))];
      return {
        traceID,
        spans: traceSpans.map((span) => ({
          traceID,
          spanID: span.spanId,
          operationName: span.name,
          references: [],
          startTime: 1_780_000_000_000_000,
          duration: 1000,
          tags: tags(span.tags),
          logs: (span.events ?? []).map((fields) => ({ timestamp: 1_780_000_000_000_100, fields: tags(fields) })),
          processID: `p${services.indexOf(span.service) + 1}`,
        })),
        processes: Object.fromEntries(
          services.map((service, index) => [
            `p${index + 1}`,
            { serviceName: service, tags: tags(processTags[service] ?? {}) },
          ])
        ),
      };
    }),
  };
}

const otlpAttributes = (values: Record<string, string | number> = {}) =>
  Object.entries(values).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? { stringValue: value } : { intValue: String(value) },
  }));

/** A Jaeger `/api/v3` answer: one resource per service. */
function otlpAnswer(spans: TestSpan[], resources: Record<string, Record<string, string>> = {}) {
  const services = [...new Set(spans.map((span) => span.service))];
  return {
    result: {
      resourceSpans: services.map((service) => ({
        resource: { attributes: otlpAttributes({ 'service.name': service, ...resources[service] }) },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: spans
              .filter((span) => span.service === service)
              .map((span) => ({
                traceId: span.traceId,
                spanId: span.spanId,
                name: span.name,
                kind: 2,
                startTimeUnixNano: '1780000000000000000',
                endTimeUnixNano: '1780000000001000000',
                attributes: otlpAttributes(span.tags as Record<string, string | number>),
                events: (span.events ?? []).map((fields) => ({
                  timeUnixNano: '1780000000000500000',
                  name: 'exception',
                  attributes: otlpAttributes(fields),
                })),
                status: {},
              })),
          },
        ],
      })),
    },
  };
}

const trace = (n: number) => n.toString(16).padStart(32, '0');
const span = (n: number) => n.toString(16).padStart(16, '0');

/** A careless world: every kind of leak in a different place. */
const LEAKY: TestSpan[] = [
  {
    traceId: trace(1),
    spanId: span(1),
    service: 'shop-api',
    name: 'POST /orders',
    tags: {
      'order.id': 'ALX-2026-000123',
      'customer.name': NAME,
      'customer.address.city': 'Springfield',
      'http.request.body': JSON.stringify({ phone: PHONE, card: CARD }),
    },
  },
  {
    traceId: trace(1),
    spanId: span(2),
    service: 'crm-api',
    name: `GET /customers/${EMAIL}`,
    tags: { 'order.id': 'ALX-2026-000123' },
    events: [{ event: 'exception', 'exception.message': `${NAME} has an unpaid invoice` }],
  },
];

/** What well-behaved instrumentation sends: ids, times, SQL, user agents, sizes, nothing personal. */
const CLEAN: TestSpan[] = [
  {
    traceId: trace(2),
    spanId: span(3),
    service: 'shop-api',
    name: 'POST /orders/{id}/submit',
    tags: {
      'order.id': 'ALX-2026-000123',
      'url.path': '/orders/ALX-2026-000123/submit',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
      'db.query.text': 'UPDATE orders SET status = $1 WHERE id = $2',
      'file.size': 12_345_678_901_234,
      'messaging.message.id': 'ALX-2026-000123-submitted-1780000000000',
      'aws.s3.key': 'orders/ALX-2026-000123/model.stl',
    },
  },
  {
    traceId: trace(3),
    spanId: span(4),
    service: 'mes-api',
    name: 'mes.price-requests process',
    tags: { 'order.id': 'ALX-2026-000124', 'model.polygon_count': 4_123_456 },
    events: [
      {
        event: 'exception',
        'exception.message': 'The JSON value could not be converted to Mes.Contracts.PriceRequests',
      },
    ],
  },
];

function expectNoValue(text: string): void {
  for (const value of VALUES) {
    expect(text).not.toContain(value);
  }
}

const find = (findings: PrivacyFinding[], kind: PrivacyFinding['kind'], field: PrivacyFinding['field'], key?: string) =>
  findings.find((finding) => finding.kind === kind && finding.field === field && finding.key === key);

describe.each([
  [
    'Jaeger /api/traces',
    (spans: TestSpan[], resources?: Record<string, Record<string, string>>) => jaegerAnswer(spans, resources),
  ],
  [
    'Jaeger /api/v3',
    (spans: TestSpan[], resources?: Record<string, Record<string, string>>) => otlpAnswer(spans, resources),
  ],
])('scanning a %s answer', (_format, answer) => {
  it('finds every kind of personal data, says where and in which service, and never the value', () => {
    const scan = scanPayloads(
      [answer(LEAKY), answer(CLEAN, { 'mes-api': { 'deployment.contact': 'on call: ops.person@example.com' } })],
      DEFAULT_SETTINGS
    );
    expect(scan.traces).toBe(3);
    expect(scan.spans).toBe(4);
    const { findings } = scan;
    expect(find(findings, 'email', 'span_name')).toEqual(expect.objectContaining({ services: ['crm-api'], spans: 1 }));
    expect(find(findings, 'phone', 'attribute', 'http.request.body')).toEqual(
      expect.objectContaining({ services: ['shop-api'] })
    );
    expect(find(findings, 'card', 'attribute', 'http.request.body')).toEqual(
      expect.objectContaining({ services: ['shop-api'] })
    );
    // A key nested under a deny-listed one is deny-listed too.
    expect(find(findings, 'denied_key', 'attribute', 'customer.address.city')).toEqual(
      expect.objectContaining({ services: ['shop-api'] })
    );
    expect(find(findings, 'denied_key', 'attribute', 'customer.name')).toBeDefined();
    // The customer's name is no pattern: found because a deny-listed key holds it.
    expect(find(findings, 'denied_value', 'event', 'exception.message')).toEqual(
      expect.objectContaining({ services: ['crm-api'] })
    );
    expect(find(findings, 'email', 'resource', 'deployment.contact')).toEqual(
      expect.objectContaining({ services: ['mes-api'] })
    );
    // A deny-listed key is reported once, as such, not also for what its value looks like.
    expect(findings.filter((finding) => finding.key === 'customer.name')).toHaveLength(1);
    expect(
      findings.every((finding) => !['mes-api'].includes(finding.services[0]) || finding.field === 'resource')
    ).toBe(true);
    const verdict = privacyVerdict({ ...scan, failures: [], searches: 1 });
    expect(verdict.state).toBe('warning');
    expect(verdict.message).toMatch(
      /^Personal data in stored spans \(4 spans of 3 recent traces\): an e-mail address in /
    );
    expectNoValue(verdict.message);
    findings.forEach((finding) => expectNoValue(describeFinding(finding)));
  });

  it('finds nothing in clean spans and says how much it read', () => {
    const scan = scanPayloads([answer(CLEAN)], DEFAULT_SETTINGS);
    expect(scan.findings).toEqual([]);
    expect(privacyVerdict({ ...scan, failures: [], searches: 1 })).toEqual({
      state: 'ok',
      message: 'No personal data found in 2 spans of 2 recent traces.',
    });
  });
});

describe('privacy check details', () => {
  it('masks an attribute key that is itself personal', () => {
    const scan = scanPayloads(
      [
        jaegerAnswer([
          {
            traceId: trace(9),
            spanId: span(9),
            service: 'shop-api',
            name: 'GET /x',
            tags: { [`contact.${EMAIL}`]: true },
          },
        ]),
      ],
      DEFAULT_SETTINGS
    );
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0].kind).toBe('email');
    expect(scan.findings[0].key).not.toContain(EMAIL);
    expectNoValue(describeFinding(scan.findings[0]));
  });

  it('reads no deny-list beyond the settings: a key off the list is no finding', () => {
    const settings = { ...DEFAULT_SETTINGS, personalDataKeys: ['customer.name'] };
    const scan = scanPayloads([jaegerAnswer([LEAKY[0]])], settings);
    expect(find(scan.findings, 'denied_key', 'attribute', 'customer.name')).toBeDefined();
    expect(find(scan.findings, 'denied_key', 'attribute', 'customer.address.city')).toBeUndefined();
  });

  it("counts a trace that two services' searches both bring once", () => {
    const scan = scanPayloads([jaegerAnswer(LEAKY), jaegerAnswer(LEAKY)], DEFAULT_SETTINGS);
    expect(scan).toEqual(expect.objectContaining({ traces: 1, spans: 2 }));
    expect(find(scan.findings, 'email', 'span_name')).toEqual(expect.objectContaining({ spans: 1 }));
  });

  it('lists five findings and counts the rest', () => {
    const findings: PrivacyFinding[] = Array.from({ length: 8 }, (_, index) => ({
      kind: 'denied_key',
      field: 'attribute',
      key: `customer.key${index}`,
      services: ['shop-api'],
      spans: 1,
    }));
    const { state, message } = privacyVerdict({ traces: 1, spans: 1, findings, failures: [], searches: 1 });
    expect(state).toBe('warning');
    expect(message).toContain('deny-listed key "customer.key4" (shop-api; 1 span)');
    expect(message).not.toContain('customer.key5');
    expect(message).toContain('; and 3 more.');
  });

  it('says when the spans could not be read', () => {
    expect(
      privacyVerdict({ traces: 0, spans: 0, findings: [], failures: ['shop-api: HTTP 503'], searches: 1 })
    ).toEqual({
      state: 'warning',
      message: 'Could not sample stored spans for personal data: shop-api: HTTP 503.',
    });
  });
});

describe('sampling stays bounded', () => {
  const many = (traces: number, spansPerTrace: number, service = 'shop-api'): TestSpan[] =>
    Array.from({ length: traces * spansPerTrace }, (_, index) => ({
      traceId: trace(1000 + Math.floor(index / spansPerTrace)),
      spanId: span(index + 1),
      service,
      name: 'GET /orders/{id}',
      tags: { 'order.id': `ALX-2026-${String(index).padStart(6, '0')}` },
    }));

  it('sends one search without a service where the v3 search allows it, and reads at most 20 traces', async () => {
    const paths: string[] = [];
    const sample = await samplePrivacy(
      async (path) => {
        paths.push(path);
        return otlpAnswer(many(50, 2));
      },
      DEFAULT_SETTINGS,
      { api: 'v3', serviceless: true, services: ['shop-api', 'crm-api', 'mes-api'] },
      Date.UTC(2026, 5, 1)
    );
    expect(paths).toHaveLength(1);
    const params = new URLSearchParams(paths[0].split('?')[1]);
    expect(params.get('query.serviceName')).toBeNull();
    expect(params.get('query.searchDepth')).toBe('20');
    expect(sample).toEqual(expect.objectContaining({ traces: 20, spans: 40, searches: 1, failures: [] }));
  });

  it('shares the trace budget between one search per service, and caps the spans', async () => {
    const paths: string[] = [];
    const sample = await samplePrivacy(
      async (path) => {
        paths.push(path);
        return jaegerAnswer(many(3, 1000, new URLSearchParams(path.split('?')[1]).get('service') ?? 'unknown'));
      },
      DEFAULT_SETTINGS,
      { api: 'v1', serviceless: false, services: ['shop-api', 'crm-api', 'mes-api'] },
      Date.UTC(2026, 5, 1)
    );
    expect(paths.map((path) => new URLSearchParams(path.split('?')[1]).get('service'))).toEqual([
      'shop-api',
      'crm-api',
      'mes-api',
    ]);
    expect(paths.every((path) => new URLSearchParams(path.split('?')[1]).get('limit') === '6')).toBe(true);
    expect(sample.spans).toBe(2000);
    expect(sample.traces).toBeLessThanOrEqual(20);
  });

  it('names a failed search and takes v3 "no traces found" as nothing to read', async () => {
    const sample = await samplePrivacy(
      async (path) => {
        if (path.includes('service=crm-api')) {
          throw new HttpError(503, 'HTTP 503: unavailable');
        }
        return jaegerAnswer(LEAKY.filter((leaky) => leaky.service === 'shop-api'));
      },
      DEFAULT_SETTINGS,
      { api: 'v1', serviceless: false, services: ['shop-api', 'crm-api'] },
      Date.UTC(2026, 5, 1)
    );
    expect(sample.failures).toEqual(['crm-api: HTTP 503: unavailable']);
    expect(sample.findings.length).toBeGreaterThan(0);
    const empty = await samplePrivacy(
      async () => {
        throw new HttpError(404, 'HTTP 404: {"error":{"code":404,"message":"No traces found"}}');
      },
      DEFAULT_SETTINGS,
      { api: 'v3', serviceless: true, services: ['shop-api'] },
      Date.UTC(2026, 5, 1)
    );
    expect(privacyVerdict(empty)).toEqual({ state: 'ok', message: 'No recent spans to check for personal data.' });
  });
});

describe('check setup', () => {
  it('adds the privacy check to what it reports about Jaeger', async () => {
    const jaeger = async (path: string) => {
      if (path.startsWith('/api/v3/traces') && path.includes('query.attributes=%7B&')) {
        throw new HttpError(400, 'HTTP 400: malformed query.attributes');
      }
      if (path.startsWith('/api/v3/services')) {
        return { services: ['shop-api', 'crm-api', 'mes-api'] };
      }
      return otlpAnswer(LEAKY);
    };
    const checks = await checkSetup(DEFAULT_SETTINGS, { jaeger }, Date.UTC(2026, 5, 1));
    const privacy = checks.find((check) => check.id === 'privacy');
    expect(privacy).toEqual(expect.objectContaining({ state: 'warning' }));
    expect(privacy?.message).toContain('an e-mail address in span names (crm-api; 1 span)');
    expectNoValue(privacy?.message ?? '');
  });
});
