import { DEFAULT_SETTINGS } from '../settings/defaults';
import {
  buildOrderTimeline,
  checkOrderId,
  compileConfig,
  planOrderLookup,
  promString,
  readSpans,
  OrderIdError,
} from './index';
import { testSpan } from '../test/spanBuilders';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;

/** Reads a PromQL double-quoted literal back (the way Prometheus' lexer does) and returns what follows it. */
function unquote(text: string): { value: string; rest: string } {
  expect(text[0]).toBe('"');
  let value = '';
  for (let index = 1; index < text.length; index++) {
    const char = text[index];
    if (char === '\n') {
      throw new Error('raw newline inside a PromQL string');
    }
    if (char === '\\') {
      const next = text[++index];
      value += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
    } else if (char === '"') {
      return { value, rest: text.slice(index + 1) };
    } else {
      value += char;
    }
  }
  throw new Error('unterminated string');
}

const HOSTILE_IDS = [
  'ALX"}) or vector(1) #',
  'a\\"b\\\\',
  '{"order.id":"other"}',
  '"},{"order.id":"*',
  'x&service=mes-api&limit=100000',
  '%22%7D',
  'заказ-№42 ✓ 注文',
  "O'Brien; DROP TABLE orders; --",
  '../../api/admin',
];

describe('hostile order ids', () => {
  it.each(HOSTILE_IDS)('%s can only ever search for itself', (id) => {
    const plan = planOrderLookup(id, DEFAULT_SETTINGS, { nowUs: T0 });
    for (const request of plan.requests) {
      expect(request.path.startsWith('/api/traces?')).toBe(true);
      const params = new URL(`http://jaeger${request.path}`).searchParams;
      expect([...params.keys()].sort()).toEqual(['end', 'limit', 'service', 'start', 'tags']);
      expect(params.getAll('service')).toEqual([request.service]);
      expect(params.get('limit')).toBe(String(DEFAULT_SETTINGS.orderTraceLimit));
      expect(JSON.parse(params.get('tags') ?? '')).toEqual({ 'order.id': id });
    }
  });

  it.each(HOSTILE_IDS)('%s can only ever search for itself through the v3 search, with or without a service', (id) => {
    for (const serviceless of [true, false]) {
      const plan = planOrderLookup(id, DEFAULT_SETTINGS, { nowUs: T0, dialect: { api: 'v3', serviceless } });
      expect(plan.requests).toHaveLength(serviceless ? 1 : DEFAULT_SETTINGS.services.length);
      for (const request of plan.requests) {
        expect(request.path.startsWith('/api/v3/traces?')).toBe(true);
        const params = new URL(`http://jaeger${request.path}`).searchParams;
        const expected = ['query.attributes', 'query.searchDepth', 'query.startTimeMax', 'query.startTimeMin'];
        expect([...params.keys()].sort()).toEqual(serviceless ? expected : [...expected, 'query.serviceName'].sort());
        expect(params.getAll('query.serviceName')).toEqual(serviceless ? [] : [request.service]);
        expect(params.get('query.searchDepth')).toBe(String(DEFAULT_SETTINGS.orderTraceLimit));
        expect(JSON.parse(params.get('query.attributes') ?? '')).toEqual({ 'order.id': id });
        expect(new Date(params.get('query.startTimeMin') ?? '').toISOString()).toBe(params.get('query.startTimeMin'));
      }
    }
  });

  it.each(HOSTILE_IDS)('%s stays one PromQL string literal', (value) => {
    const { value: read, rest } = unquote(`${promString(value)}})`);
    expect(read).toBe(value);
    expect(rest).toBe('})');
  });

  it('escapes backslash, quote and line breaks in PromQL strings', () => {
    expect(promString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(unquote(promString('\r\t"\\\n')).value).toBe('\r\t"\\\n');
  });

  it('rejects ids with line breaks, control characters, nothing, or more than 200 characters, with a clear message', () => {
    for (const bad of ['a\nb', 'tab\there', '\u0000', '', '   ', 'x'.repeat(10_000), 'a\u2028b', '\ud800']) {
      const check = checkOrderId(bad);
      expect(check.ok).toBe(false);
      expect(() => planOrderLookup(bad, DEFAULT_SETTINGS, { nowUs: T0 })).toThrow(OrderIdError);
    }
    expect(checkOrderId('x'.repeat(10_000))).toEqual({
      ok: false,
      message: 'An order id has at most 200 characters (this one has 10000).',
    });
    expect(checkOrderId(42)).toEqual({ ok: false, message: 'An order id must be text.' });
    expect(checkOrderId('  ALX-1  ')).toEqual({ ok: true, orderId: 'ALX-1' });
    expect(checkOrderId('注文-😀')).toEqual({ ok: true, orderId: '注文-😀' });
  });
});

describe('hostile traces', () => {
  const order = 'ALX-1';

  it('survives garbage payloads and says what it skipped', () => {
    const result = readSpans(
      [
        null,
        42,
        'text',
        { data: [null, { spans: [null, 7, { spanID: 'zz' }, { traceID: 'a', spanID: 'b', startTime: 'soon' }] }] },
        {
          result: {
            resourceSpans: [
              { scopeSpans: [{ spans: [{ traceId: 'not hex!!', spanId: '', startTimeUnixNano: 'x' }] }] },
            ],
          },
        },
        { fields: [{ name: 'spanID', values: { length: 3 } }] },
        {
          data: [
            {
              spans: [
                {
                  traceID: '1',
                  spanID: '2',
                  startTime: 5,
                  tags: [{ key: '__proto__', value: 'x' }, { key: 'constructor', value: 1 }, null],
                },
              ],
            },
          ],
        },
      ],
      config
    );
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0].attributes.constructor).toBe(1);
    expect(result.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['invalid_span']));
  });

  it('warns about missing parents, cycles, duplicates, negative durations and skewed clocks, and still builds the story', () => {
    const trace = 'f'.repeat(32);
    const a = testSpan({
      traceId: trace,
      spanId: 'a'.repeat(16),
      parentSpanId: 'b'.repeat(16),
      startUs: T0,
      attributes: { 'order.id': order, 'order.status': 'SUBMITTED' },
    });
    const b = testSpan({
      traceId: trace,
      spanId: 'b'.repeat(16),
      parentSpanId: 'a'.repeat(16),
      startUs: T0 + MIN,
      attributes: { 'order.id': order },
    });
    const orphan = testSpan({
      traceId: trace,
      spanId: 'c'.repeat(16),
      parentSpanId: 'd'.repeat(16),
      startUs: T0,
      attributes: { 'order.id': order },
    });
    const child = testSpan({
      traceId: trace,
      spanId: 'e'.repeat(16),
      parentSpanId: 'b'.repeat(16),
      startUs: T0 - 5 * MIN,
      attributes: {},
    });
    const raw = {
      data: [
        {
          traceID: '1',
          spans: [
            {
              traceID: '1',
              spanID: '9',
              startTime: T0,
              duration: -50,
              tags: [{ key: 'order.id', value: order }],
              processID: 'p',
            },
          ],
          processes: { p: { serviceName: 'crm-api' } },
        },
      ],
    };
    const negative = readSpans([raw], config);
    expect(negative.spans[0].durationUs).toBe(0);
    expect(negative.warnings.map((w) => w.code)).toContain('negative_duration');
    const timeline = buildOrderTimeline(
      order,
      [a, b, orphan, child, a, b, ...negative.spans],
      config,
      T0 + 2 * MIN,
      negative.warnings
    );
    const codes = timeline.warnings.map((w) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining(['missing_parent', 'reference_cycle', 'duplicate_span', 'clock_skew', 'negative_duration'])
    );
    expect(timeline.spans).toHaveLength(5);
    expect(timeline.currentStatus).toBe('SUBMITTED');
  });

  it('orders statuses reported within the clock-skew tolerance by the lifecycle, and says the clocks disagree', () => {
    const shop = testSpan({
      service: 'shop-api',
      startUs: T0 + 1_000_000,
      attributes: { 'order.id': order, 'order.status': 'FILE_UPLOADED' },
    });
    const crm = testSpan({
      service: 'crm-api',
      startUs: T0 + 500_000,
      attributes: { 'order.id': order, 'order.status': 'PRICE_CALCULATED' },
    });
    const timeline = buildOrderTimeline(order, [crm, shop], config, T0 + MIN);
    expect(timeline.statuses.map((s) => s.status)).toEqual(['FILE_UPLOADED', 'PRICE_CALCULATED']);
    expect(timeline.warnings.find((w) => w.code === 'clock_skew')?.message).toContain('clocks may disagree');
  });

  it('ignores spans of other orders in a shared trace and spans without attributes make no status', () => {
    const trace = '1'.repeat(32);
    const mine = testSpan({
      traceId: trace,
      startUs: T0,
      attributes: { 'order.id': order, 'order.status': 'SUBMITTED' },
    });
    const other = testSpan({
      traceId: trace,
      startUs: T0 + 1,
      attributes: { 'order.id': 'ALX-2', 'order.status': 'CLOSED' },
    });
    const bare = testSpan({ traceId: trace, startUs: T0 + 2, attributes: {} });
    const timeline = buildOrderTimeline(order, [mine, other, bare], config, T0 + MIN);
    expect(timeline.spans.map((s) => s.spanId)).toEqual([mine.spanId, bare.spanId]);
    expect(timeline.currentStatus).toBe('SUBMITTED');
    const none = buildOrderTimeline(order, [testSpan({ attributes: { 'order.id': order } })], config, T0);
    expect(none.verdict.state).toBe('unknown');
    expect(none.warnings.map((w) => w.code)).toContain('no_status');
  });

  it('handles 100 000 spans in one order, masking every personal field', () => {
    const spans = [];
    for (let index = 0; index < 100_000; index++) {
      spans.push({
        traceID: ((index % 500) + 1).toString(16).padStart(32, '0'),
        spanID: (index + 1).toString(16).padStart(16, '0'),
        startTime: T0 + index * 1000,
        duration: 10,
        references: index % 7 === 0 ? [] : [{ refType: 'CHILD_OF', spanID: (index - (index % 7) + 1).toString(16) }],
        tags: [
          { key: 'order.id', value: order },
          { key: 'customer.email', value: `p${index}@example.test` },
          ...(index % 10_000 === 0
            ? [{ key: 'order.status', value: index === 0 ? 'SUBMITTED' : 'FILE_UPLOADED' }]
            : []),
        ],
        processID: 'p',
      });
    }
    // How fast is measured by `npm run bench`; here: it completes, whole and masked.
    const read = readSpans([{ data: [{ spans, processes: { p: { serviceName: 'shop-api' } } }] }], config);
    const timeline = buildOrderTimeline(order, read.spans, config, T0 + 200 * MIN);
    expect(timeline.spans).toHaveLength(100_000);
    expect(timeline.statuses.map((s) => s.status)).toEqual(['SUBMITTED', 'FILE_UPLOADED']);
    expect(JSON.stringify(timeline.spans)).not.toContain('@example.test');
  });

  it('masks deny-listed prefixes in span and event attributes, case-insensitively', () => {
    const masking = compileConfig({ ...DEFAULT_SETTINGS, personalDataKeys: ['customer.*', 'Phone'] });
    const { spans } = readSpans(
      [
        {
          data: [
            {
              spans: [
                {
                  traceID: '1',
                  spanID: '2',
                  startTime: 1,
                  tags: [
                    { key: 'customer.address.city', value: 'X' },
                    { key: 'phone', value: '123' },
                    { key: 'order.id', value: 'A' },
                  ],
                  logs: [{ timestamp: 1, fields: [{ key: 'CUSTOMER.NAME', value: 'Ann' }] }],
                },
              ],
            },
          ],
        },
      ],
      masking
    );
    expect(spans[0].attributes).toEqual({ 'customer.address.city': '••••••', phone: '••••••', 'order.id': 'A' });
    expect(spans[0].events[0].attributes['CUSTOMER.NAME']).toBe('••••••');
  });
});
