import { DEFAULT_SETTINGS } from '../settings/defaults';
import { compileConfig, readSpans } from './index';
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
});
