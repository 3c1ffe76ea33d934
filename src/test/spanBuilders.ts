import type { OrderSpan } from '../engine';

let counter = 0;

/** A span for tests: sensible defaults, override what the test is about. */
export function testSpan(overrides: Partial<OrderSpan> & { attributes?: OrderSpan['attributes'] }): OrderSpan {
  counter++;
  return {
    traceId: overrides.traceId ?? counter.toString(16).padStart(32, '0'),
    spanId: overrides.spanId ?? counter.toString(16).padStart(16, '0'),
    links: [],
    service: 'shop-api',
    operation: 'op',
    startUs: 1_700_000_000_000_000,
    durationUs: 1000,
    events: [],
    status: 'unset',
    kind: 'server',
    ...overrides,
    attributes: overrides.attributes ?? {},
  };
}
