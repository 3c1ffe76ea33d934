import { DEFAULT_SETTINGS } from '../settings/defaults';
import { compileConfig, MASKED, readSpans } from './index';
import { createPersonalDataMasker, MASKED_LABELS } from './personalData';

describe('personal data in free text', () => {
  const masker = () => createPersonalDataMasker(['Jane Roe', 'jane.roe@example.com', 'Baker Street 221b'], true);

  it.each([
    ['GET /customers/jane.roe@example.com', `GET /customers/${MASKED_LABELS.value}`],
    ['Jane Roe has an unpaid invoice', `${MASKED_LABELS.value} has an unpaid invoice`],
    ['models/Baker Street 221b/ring.stl', `models/${MASKED_LABELS.value}/ring.stl`],
    ['mail to john.doe@example.org failed', `mail to ${MASKED_LABELS.email} failed`],
    ['call +44 20 7946 0958 back', `call ${MASKED_LABELS.phone} back`],
    ['call (030) 1234-5678', `call ${MASKED_LABELS.phone}`],
    ['card 4111 1111 1111 1111 declined', `card ${MASKED_LABELS.card} declined`],
    ['card 4111-1111-1111-1111', `card ${MASKED_LABELS.card}`],
  ])('masks %s', (input, expected) => {
    expect(masker().text(input)).toBe(expected);
  });

  it.each([
    'ALX-2025-000816',
    'ALX-"9"{x}\\y',
    '0af7651916cd43dd8448eb211c80319c',
    'b7ad6b7169203331',
    '1780000000000000',
    '2026-12-02T16:37:41.123Z',
    'took 2 h 13 min (SLA 10 min), 4 000 000 polygons, 12 345 678 bytes',
    'POST /orders/{id}/submit',
    'orders.submitted.dlq',
    's3://models/ALX-2025-000816/model.stl',
    '4111 1111 1111 1112',
  ])('leaves %s as it is', (input) => {
    const m = masker();
    expect(m.text(input)).toBe(input);
    expect(m.changed).toBe(0);
  });

  it('masks every one of thousands of deny-listed values (a stuck-orders load reads every order at once)', () => {
    const names = Array.from({ length: 2_000 }, (_, index) => `Customer ${String(index).padStart(4, '0')}`);
    const many = createPersonalDataMasker(names, false);
    for (const name of [names[0], names[999], names[1_999]]) {
      expect(many.text(`invoice of ${name} unpaid`)).toBe(`invoice of ${MASKED_LABELS.value} unpaid`);
    }
  });

  it('masks whole values only, the longest where several start at one place', () => {
    const values = createPersonalDataMasker(['10115', 'Jane', 'Jane Roe'], false);
    expect(values.text('ALX-10115 and 1011500 and 10115')).toBe(`ALX-10115 and 1011500 and ${MASKED_LABELS.value}`);
    expect(values.text('Jane Roe, Jane,Janet')).toBe(`${MASKED_LABELS.value}, ${MASKED_LABELS.value},Janet`);
    expect(values.text('Jane Roe_x')).toBe(`${MASKED_LABELS.value} Roe_x`);
  });

  it('leaves patterns alone when they are switched off, and still masks deny-listed values', () => {
    const off = createPersonalDataMasker(['Jane Roe'], false);
    expect(off.text('Jane Roe: john@example.org')).toBe(`${MASKED_LABELS.value}: john@example.org`);
  });
});

describe('personal data in what the engine reads', () => {
  it('masks values that look personal in span names, messages and attributes, unless switched off', () => {
    const payload = {
      data: [
        {
          traceID: 'a'.repeat(32),
          spans: [
            {
              traceID: 'a'.repeat(32),
              spanID: 'b'.repeat(16),
              operationName: 'GET /customers/jane.roe@example.com',
              startTime: 1_780_000_000_000_000,
              duration: 5,
              processID: 'p1',
              tags: [
                { key: 'order.id', type: 'string', value: 'ALX-2026-000001' },
                { key: 'aws.s3.key', type: 'string', value: 'models/call +44 20 7946 0958.stl' },
              ],
            },
          ],
          processes: { p1: { serviceName: 'crm-api', tags: [] } },
        },
      ],
    };
    const [span] = readSpans([payload], compileConfig(DEFAULT_SETTINGS)).spans;
    expect(span.operation).toBe(`GET /customers/${MASKED_LABELS.email}`);
    expect(span.attributes['aws.s3.key']).toBe(`models/call ${MASKED_LABELS.phone}.stl`);
    expect(span.attributes['order.id']).toBe('ALX-2026-000001');
    const [raw] = readSpans([payload], compileConfig({ ...DEFAULT_SETTINGS, maskPersonalPatterns: false })).spans;
    expect(raw.operation).toBe('GET /customers/jane.roe@example.com');
  });

  it('masks the values of deny-listed keys wherever they reappear in the order\'s other strings', () => {
    const tags = [
      { key: 'order.id', type: 'string', value: 'ALX-10115' },
      { key: 'customer.name', type: 'string', value: 'Jane Roe' },
      { key: 'customer.address.postcode', type: 'string', value: '10115' },
      { key: 'aws.s3.key', type: 'string', value: 'models/Jane Roe/10115/ring.stl' },
    ];
    const payload = {
      data: [
        {
          traceID: 'a'.repeat(32),
          spans: [
            {
              traceID: 'a'.repeat(32),
              spanID: 'b'.repeat(16),
              operationName: 'GET /customers/Jane Roe',
              startTime: 1_780_000_000_000_000,
              duration: 5,
              processID: 'p1',
              tags,
              logs: [
                {
                  timestamp: 1_780_000_000_000_001,
                  fields: [
                    { key: 'event', type: 'string', value: 'exception' },
                    { key: 'exception.message', type: 'string', value: 'Jane Roe has an unpaid invoice' },
                  ],
                },
              ],
            },
            {
              // Another span of the order quotes the value without carrying the key.
              traceID: 'a'.repeat(32),
              spanID: 'c'.repeat(16),
              operationName: 'notify',
              startTime: 1_780_000_000_000_002,
              duration: 5,
              processID: 'p1',
              tags: [{ key: 'error.message', type: 'string', value: 'mail for Jane Roe bounced' }],
            },
          ],
          processes: { p1: { serviceName: 'crm-api', tags: [] } },
        },
      ],
    };
    // Patterns off: what is masked here comes from the deny-list alone.
    const config = compileConfig({ ...DEFAULT_SETTINGS, maskPersonalPatterns: false });
    const [span, other] = readSpans([payload], config).spans;
    expect(span.operation).toBe(`GET /customers/${MASKED_LABELS.value}`);
    expect(span.attributes['customer.name']).toBe(MASKED);
    expect(span.attributes['aws.s3.key']).toBe(`models/${MASKED_LABELS.value}/${MASKED_LABELS.value}/ring.stl`);
    expect(span.events[0].attributes['exception.message']).toBe(`${MASKED_LABELS.value} has an unpaid invoice`);
    expect(other.attributes['error.message']).toBe(`mail for ${MASKED_LABELS.value} bounced`);
    // What support needs stays: the order id holds the postcode's digits and is not touched.
    expect(span.attributes['order.id']).toBe('ALX-10115');
    const texts = JSON.stringify([span, other]);
    expect(texts).not.toContain('Jane');
    expect(texts.replace(/ALX-10115/g, '')).not.toContain('10115');
  });

  it('masks deny-listed values from OTLP answers where they reappear', () => {
    const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const payload = {
      result: {
        resourceSpans: [
          {
            resource: { attributes: [attribute('service.name', 'crm-api')] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: 'a'.repeat(32),
                    spanId: 'b'.repeat(16),
                    name: 'GET /customers/Jane Roe',
                    startTimeUnixNano: '1780000000000000000',
                    endTimeUnixNano: '1780000000005000000',
                    attributes: [attribute('order.id', 'ALX-1'), attribute('customer.name', 'Jane Roe')],
                    status: { code: 2, message: 'Jane Roe has an unpaid invoice' },
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const [span] = readSpans([payload], compileConfig({ ...DEFAULT_SETTINGS, maskPersonalPatterns: false })).spans;
    expect(span.operation).toBe(`GET /customers/${MASKED_LABELS.value}`);
    expect(span.statusMessage).toBe(`${MASKED_LABELS.value} has an unpaid invoice`);
    expect(span.attributes['customer.name']).toBe(MASKED);
  });

  it('changes nothing in a clean answer', () => {
    const config = compileConfig(DEFAULT_SETTINGS);
    const before = config.personalData.changed;
    const payload = {
      data: [
        {
          traceID: 'a'.repeat(32),
          spans: [
            {
              traceID: 'a'.repeat(32),
              spanID: 'b'.repeat(16),
              operationName: 'GET /customers/{id}',
              startTime: 1_780_000_000_000_000,
              duration: 5,
              processID: 'p1',
              tags: [
                { key: 'order.id', type: 'string', value: 'ALX-2026-000001' },
                { key: 'file.size', type: 'int64', value: 12_345_678 },
              ],
            },
          ],
          processes: { p1: { serviceName: 'crm-api', tags: [] } },
        },
      ],
    };
    const [span] = readSpans([payload], config).spans;
    expect(span.operation).toBe('GET /customers/{id}');
    expect(config.personalData.changed).toBe(before);
  });
});

