import { createMasker, MASKED } from '../mask';
import { nanosToMicros, readKeyValues, readOtlpTraces } from './otlp';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

/** One OTLP span as Jaeger's v3 search writes it; override what the test is about. */
function otlpSpan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: TRACE,
    spanId: SPAN,
    name: 'POST /orders',
    kind: 2,
    startTimeUnixNano: '1767225600123456789',
    endTimeUnixNano: '1767225600124456789',
    status: {},
    ...overrides,
  };
}

/** A v3 answer: `{result: {resourceSpans}}`, one resource holding the spans. */
function v3Answer(spans: unknown[], resourceAttributes: unknown[] = [stringAttribute('service.name', 'crm-api')]) {
  return {
    result: { resourceSpans: [{ resource: { attributes: resourceAttributes }, scopeSpans: [{ scope: {}, spans }] }] },
  };
}

function stringAttribute(key: string, value: string) {
  return { key, value: { stringValue: value } };
}

describe('readOtlpTraces', () => {
  it('reads the typed attribute values of OTLP JSON: 64-bit integers arrive as strings', () => {
    const { spans } = readOtlpTraces(
      v3Answer([
        otlpSpan({
          attributes: [
            stringAttribute('order.id', 'ALX-1'),
            { key: 'http.response.status_code', value: { intValue: '200' } },
            { key: 'order.items', value: { intValue: 3 } },
            { key: 'order.big', value: { intValue: '12345678901234567890' } },
            { key: 'order.valid', value: { boolValue: false } },
            { key: 'price', value: { doubleValue: 12.5 } },
            { key: 'ratio', value: { doubleValue: '0.25' } },
            { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
            {
              key: 'header',
              value: { kvlistValue: { values: [{ key: 'accept', value: { arrayValue: { values: [{ stringValue: '*/*' }] } } }] } },
            },
            { key: 'raw', value: { bytesValue: 'AQID' } },
            { key: 'broken.int', value: { intValue: {} } },
            { key: 'broken.array', value: { arrayValue: 'a' } },
            { key: 'empty', value: {} },
            { key: 42, value: { stringValue: 'no key' } },
            null,
          ],
        }),
      ])
    );
    expect(spans[0].attributes).toEqual({
      'order.id': 'ALX-1',
      'http.response.status_code': 200,
      'order.items': 3,
      // Beyond 2^53 a number would lie: kept as the text it was sent as.
      'order.big': '12345678901234567890',
      'order.valid': false,
      price: 12.5,
      ratio: 0.25,
      // As Jaeger's /api/traces gives the same attributes.
      tags: '["a",2]',
      header: '{"accept":["*/*"]}',
      raw: 'AQID',
    });
  });

  it('turns nanosecond strings into exact microseconds', () => {
    const { spans } = readOtlpTraces(v3Answer([otlpSpan()]));
    expect(spans[0].startUs).toBe(1_767_225_600_123_456);
    expect(spans[0].durationUs).toBe(1000);
    expect(spans[0].service).toBe('crm-api');
    expect(spans[0].kind).toBe('server');
  });

  it('names the service "unknown" when the resource has no string service.name', () => {
    const answers = [
      v3Answer([otlpSpan()], []),
      v3Answer([otlpSpan()], [{ key: 'service.name', value: { boolValue: true } }]),
      { result: { resourceSpans: [{ scopeSpans: [{ spans: [otlpSpan()] }] }] } },
    ];
    for (const answer of answers) {
      expect(readOtlpTraces(answer).spans[0].service).toBe('unknown');
    }
  });

  it('reads hex ids as they are, and base64, upper-case and short ids into lower-case, padded hex', () => {
    const { spans } = readOtlpTraces(
      v3Answer([
        otlpSpan({ parentSpanId: '' }),
        otlpSpan({ traceId: 'ASNFZ4mrze/+3LqYdlQyEA==', spanId: 'ASNFZ4mrze8=', parentSpanId: SPAN.toUpperCase() }),
        otlpSpan({ traceId: 'abc', spanId: '1f' }),
      ])
    );
    expect(spans.map(({ traceId, spanId, parentSpanId }) => ({ traceId, spanId, parentSpanId }))).toEqual([
      { traceId: TRACE, spanId: SPAN, parentSpanId: undefined },
      { traceId: '0123456789abcdeffedcba9876543210', spanId: '0123456789abcdef', parentSpanId: SPAN },
      { traceId: 'abc'.padStart(32, '0'), spanId: '1f'.padStart(16, '0'), parentSpanId: undefined },
    ]);
  });

  it('skips spans without usable ids or start, and says so once', () => {
    const result = readOtlpTraces(
      v3Answer([
        otlpSpan({ spanId: '0'.repeat(16) }),
        otlpSpan({ traceId: 'not hex!' }),
        otlpSpan({ startTimeUnixNano: '17672256001234567x9' }),
        otlpSpan({ startTimeUnixNano: undefined }),
        'not a span',
        otlpSpan({ endTimeUnixNano: undefined }),
      ])
    );
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0].durationUs).toBe(0);
    expect(result.warnings).toEqual([
      { code: 'invalid_span', message: 'A span without a trace id, span id or start time was skipped (5 times)' },
    ]);
  });

  it('reads kind, status, links and events', () => {
    const { spans } = readOtlpTraces(
      v3Answer([
        otlpSpan({
          kind: 'SPAN_KIND_PRODUCER',
          status: { code: 2, message: 'queue full' },
          links: [{ traceId: 'ff'.repeat(16), spanId: 'ee'.repeat(8), attributes: [] }, { traceId: 'x' }, null],
          events: [
            {
              timeUnixNano: '1767225600123999000',
              name: 'exception',
              attributes: [stringAttribute('exception.message', 'timeout')],
            },
            { attributes: [] },
          ],
        }),
        otlpSpan({ spanId: 'cd'.repeat(8), kind: 0, status: { code: 1 } }),
      ])
    );
    expect(spans[0]).toMatchObject({
      kind: 'producer',
      status: 'error',
      statusMessage: 'queue full',
      links: [{ traceId: 'ff'.repeat(16), spanId: 'ee'.repeat(8), type: 'follows_from' }],
      events: [
        { timeUs: 1_767_225_600_123_999, name: 'exception', attributes: { 'exception.message': 'timeout' } },
        { timeUs: 1_767_225_600_123_456, name: 'event', attributes: {} },
      ],
    });
    expect(spans[1]).toMatchObject({ kind: 'unspecified', status: 'ok', links: [], events: [] });
  });

  it('falls back to status, kind and messaging attributes when the fields say nothing', () => {
    const { spans } = readOtlpTraces(
      v3Answer([
        otlpSpan({
          kind: 0,
          attributes: [
            stringAttribute('span.kind', 'consumer'),
            stringAttribute('otel.status_code', 'ERROR'),
            stringAttribute('otel.status_description', 'no price'),
            stringAttribute('messaging.system', 'rabbitmq'),
            stringAttribute('messaging.destination.name', 'orders.submitted.dlq'),
          ],
        }),
      ])
    );
    expect(spans[0]).toMatchObject({
      kind: 'consumer',
      status: 'error',
      statusMessage: 'no price',
      messaging: { system: 'rabbitmq', operation: 'process', destination: 'orders.submitted.dlq', deadLetter: true },
    });
  });

  it('masks deny-listed span and event attributes, whatever position their keys take', () => {
    const masker = createMasker(['customer.*', 'Phone']);
    const { spans } = readOtlpTraces(
      v3Answer([
        otlpSpan({
          attributes: [stringAttribute('customer.email', 'a@example.test'), stringAttribute('order.id', 'A')],
          events: [{ name: 'call', attributes: [stringAttribute('PHONE', '123'), stringAttribute('step', '1')] }],
        }),
        otlpSpan({
          spanId: 'cd'.repeat(8),
          attributes: [stringAttribute('order.id', 'A'), stringAttribute('customer.email', 'b@example.test')],
          events: [{ name: 'call', attributes: [stringAttribute('step', '2'), stringAttribute('phone', '456')] }],
        }),
        otlpSpan({
          spanId: 'ef'.repeat(8),
          attributes: [stringAttribute('order.id', 'A'), stringAttribute('customer.name', 'Ann')],
        }),
      ]),
      { masker }
    );
    expect(spans.map((span) => span.attributes)).toEqual([
      { 'customer.email': MASKED, 'order.id': 'A' },
      { 'order.id': 'A', 'customer.email': MASKED },
      { 'order.id': 'A', 'customer.name': MASKED },
    ]);
    expect(spans.slice(0, 2).map((span) => span.events[0].attributes)).toEqual([
      { PHONE: MASKED, step: '1' },
      { step: '2', phone: MASKED },
    ]);
    expect(JSON.stringify(spans)).not.toMatch(/example\.test|"Ann"|"123"|"456"/);
  });

  it('masks a deny-listed key that status or messaging are read from, after reading them', () => {
    const masker = createMasker(['otel.*', 'messaging.system']);
    const { spans } = readOtlpTraces(
      v3Answer([
        otlpSpan({
          attributes: [
            stringAttribute('otel.status_code', 'ERROR'),
            stringAttribute('messaging.system', 'rabbitmq'),
            stringAttribute('messaging.destination.name', 'orders.events'),
          ],
          events: [{ name: 'exception', attributes: [stringAttribute('otel.note', 'x')] }],
        }),
      ]),
      { masker }
    );
    expect(spans[0].status).toBe('error');
    expect(spans[0].messaging?.system).toBe('rabbitmq');
    expect(spans[0].attributes).toEqual({
      'otel.status_code': MASKED,
      'messaging.system': MASKED,
      'messaging.destination.name': 'orders.events',
    });
    expect(spans[0].events[0].attributes).toEqual({ 'otel.note': MASKED });
  });

  it('reads bare export requests, legacy instrumentationLibrarySpans and lists of answers', () => {
    const bare = { resourceSpans: [{ instrumentationLibrarySpans: [{ spans: [otlpSpan()] }] }] };
    const { spans } = readOtlpTraces([bare, v3Answer([otlpSpan({ spanId: 'cd'.repeat(8) })])]);
    expect(spans.map((span) => span.spanId)).toEqual([SPAN, 'cd'.repeat(8)]);
  });

  it('stops at maxSpans and says so', () => {
    const result = readOtlpTraces(
      v3Answer([otlpSpan(), otlpSpan({ spanId: 'cd'.repeat(8) }), otlpSpan({ spanId: 'ef'.repeat(8) })]),
      { maxSpans: 2 }
    );
    expect(result.spans).toHaveLength(2);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['too_many_spans']);
  });
});

describe('nanosToMicros', () => {
  it('drops the last three digits of a decimal string, exactly', () => {
    expect(nanosToMicros('1767225600123456789')).toBe(1_767_225_600_123_456);
    expect(nanosToMicros('0001767225600123456789')).toBe(1_767_225_600_123_456);
    expect(nanosToMicros('999')).toBe(0);
    expect(nanosToMicros('1000')).toBe(1);
  });

  it('rounds as Number() does past 2^53 microseconds', () => {
    expect(nanosToMicros('9007199254740993000')).toBe(Number('9007199254740993'));
    expect(nanosToMicros('1234567890123456789012345')).toBe(Number('1234567890123456789012'));
  });

  it('takes numbers too, and refuses anything that is not plain digits', () => {
    expect(nanosToMicros(1_500_999)).toBe(1500);
    for (const bad of [
      '',
      ' 1767225600123456789',
      '+1000',
      '-1000',
      '1e21',
      '0x10000',
      '12.5',
      '١٢٣٤',
      '1'.repeat(26),
    ]) {
      expect(nanosToMicros(bad)).toBeUndefined();
    }
    for (const bad of [NaN, Infinity, null, undefined, {}, 10n]) {
      expect(nanosToMicros(bad)).toBeUndefined();
    }
  });
});

describe('readKeyValues', () => {
  it('keeps the last of repeated keys, and anything but an array reads as no attributes', () => {
    expect(readKeyValues([stringAttribute('a', '1'), stringAttribute('a', '2')])).toEqual({ a: '2' });
    expect(readKeyValues({ a: 1 })).toEqual({});
    expect(readKeyValues(undefined)).toEqual({});
  });
});
