import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { compileConfig } from '../config';
import { MASKED } from '../mask';
import { MASKED_LABELS } from '../personalData';
import { readTraceFrames, TraceFrameLike } from './frame';
import { maskTraceFrames } from './maskFrame';

const TRACE = 'ab'.repeat(16);
const START_MS = 1_764_000_000_000;

/** A two-span trace as Grafana's Jaeger datasource hands it to the traces panel (HTTP variant). */
function leakyFrame(): TraceFrameLike {
  return {
    fields: [
      { name: 'traceID', values: [TRACE, TRACE] },
      { name: 'spanID', values: ['1'.repeat(16), '2'.repeat(16)] },
      { name: 'parentSpanID', values: [undefined, '1'.repeat(16)] },
      { name: 'operationName', values: ['GET /customers/j.doe@example.org', 'POST /invoices'] },
      { name: 'serviceName', values: ['crm-api', 'billing'] },
      {
        name: 'serviceTags',
        values: [
          [{ key: 'host.name', value: 'crm-1' }],
          [{ key: 'customer.address.city', value: 'Springfield' }],
        ],
      },
      { name: 'startTime', values: [START_MS, START_MS + 5] },
      { name: 'duration', values: [12.5, 3] },
      {
        name: 'logs',
        values: [
          [],
          [
            {
              timestamp: START_MS + 6,
              name: 'exception',
              fields: [
                { key: 'event', value: 'exception' },
                { key: 'exception.message', value: 'Jane Roe has an unpaid invoice; call +49 30 1234567' },
              ],
            },
          ],
        ],
      },
      {
        name: 'references',
        values: [[], [{ traceID: TRACE, spanID: '1'.repeat(16), tags: [{ key: 'customer.email', value: 'jane.roe@example.com' }] }]],
      },
      {
        name: 'tags',
        values: [
          [
            { key: 'order.id', value: 'ALX-2026-000123' },
            { key: 'customer.name', value: 'Jane Roe' },
            { key: 'customer.email', value: 'jane.roe@example.com' },
            { key: 'http.status_code', value: 200 },
          ],
          [
            { key: 'order.id', value: 'ALX-2026-000123' },
            { key: 'order.status', value: 'SUBMITTED' },
            { key: 'payment.card', value: 'card 4111 1111 1111 1111 declined' },
          ],
        ],
      },
      { name: 'warnings', values: [['clock skew for Jane Roe'], undefined] },
      { name: 'stackTraces', values: [undefined, ['at Billing.charge(jane.roe@example.com)']] },
      { name: 'statusMessage', values: ['', 'card of Jane Roe declined'] },
    ],
    length: 2,
  };
}

function column(frame: TraceFrameLike, name: string): unknown[] {
  const field = frame.fields.find((candidate) => candidate.name === name);
  return Array.from((field?.values ?? []) as ArrayLike<unknown>);
}

describe('maskTraceFrames (the trace drawer)', () => {
  const config = compileConfig(DEFAULT_SETTINGS);

  it('leaves no personal value anywhere in the frame, and says what was there', () => {
    const input = leakyFrame();
    const before = JSON.stringify(input);
    const [masked] = maskTraceFrames([input], config);
    const text = JSON.stringify(masked);
    for (const leak of ['j.doe@example.org', 'jane.roe@example.com', 'Jane Roe', 'Springfield', '+49 30 1234567', '4111 1111 1111 1111']) {
      expect(text).not.toContain(leak);
    }
    expect(column(masked, 'operationName')).toEqual([`GET /customers/${MASKED_LABELS.email}`, 'POST /invoices']);
    expect(column(masked, 'statusMessage')[1]).toBe(`card of ${MASKED_LABELS.value} declined`);
    expect(column(masked, 'serviceTags')[1]).toEqual([{ key: 'customer.address.city', value: MASKED }]);
    const log = (column(masked, 'logs')[1] as Array<{ fields: Array<{ key: string; value: unknown }> }>)[0];
    expect(log.fields[1].value).toBe(`${MASKED_LABELS.value} has an unpaid invoice; call ${MASKED_LABELS.phone}`);
    // The input frame is not touched: Grafana may hold it elsewhere.
    expect(JSON.stringify(input)).toBe(before);
  });

  it('keeps ids, times, numbers, the order id and the status as they are', () => {
    const input = leakyFrame();
    const [masked] = maskTraceFrames([input], config);
    for (const name of ['traceID', 'spanID', 'parentSpanID', 'startTime', 'duration', 'serviceName']) {
      expect(column(masked, name)).toEqual(column(input, name));
    }
    const tags = column(masked, 'tags') as Array<Array<{ key: string; value: unknown }>>;
    expect(tags[0]).toContainEqual({ key: 'order.id', value: 'ALX-2026-000123' });
    expect(tags[0]).toContainEqual({ key: 'http.status_code', value: 200 });
    expect(tags[1]).toContainEqual({ key: 'order.status', value: 'SUBMITTED' });
    // The frame still reads as the same trace.
    const spans = readTraceFrames([masked]).spans;
    expect(spans.map((span) => [span.traceId, span.spanId, span.startUs, span.durationUs])).toEqual(
      readTraceFrames([input]).spans.map((span) => [span.traceId, span.spanId, span.startUs, span.durationUs])
    );
  });

  it('returns the very same frames when there is nothing personal (the clean world)', () => {
    const clean: TraceFrameLike = {
      fields: [
        { name: 'traceID', values: [TRACE] },
        { name: 'spanID', values: ['1'.repeat(16)] },
        { name: 'operationName', values: ['GET /customers/{id}'] },
        { name: 'serviceName', values: ['crm-api'] },
        { name: 'startTime', values: [START_MS] },
        { name: 'duration', values: [4] },
        { name: 'tags', values: [[{ key: 'order.id', value: 'ALX-2026-000123' }, { key: 'net.peer.port', value: 5432 }]] },
        { name: 'logs', values: [[{ timestamp: START_MS + 1, fields: [{ key: 'message', value: 'retry 2 of 3 after 1500 ms' }] }]] },
      ],
    };
    const frames = [clean];
    const masked = maskTraceFrames(frames, config);
    expect(masked[0]).toBe(clean);
  });

  it('does nothing when masking is switched off (no deny-list, no patterns)', () => {
    const off = compileConfig({ ...DEFAULT_SETTINGS, personalDataKeys: [], maskPersonalPatterns: false });
    const frames = [leakyFrame()];
    expect(maskTraceFrames(frames, off)).toBe(frames);
  });

  it('reads frames whose values are vectors (toArray), as older Grafana versions give them', () => {
    const input = leakyFrame();
    const vectors: TraceFrameLike = {
      fields: input.fields.map((field) => {
        const values = Array.from(field.values as ArrayLike<unknown>);
        return { name: field.name, values: { toArray: () => values } };
      }),
    };
    const [masked] = maskTraceFrames([vectors], config);
    expect(JSON.stringify(masked.fields.map((field) => column(masked, field.name)))).not.toContain('jane.roe@example.com');
  });
});
