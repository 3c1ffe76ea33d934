import { compileConfig, planServiceErrors, ServiceWait, serviceErrorsFor } from '../../src/engine';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { scratchJaeger } from './env';
import { sendSpans } from './otlp';

interface JaegerSearchResponse {
  data: Array<{ traceID: string; spans: Array<{ operationName: string; tags: Array<{ key: string; type?: string; value: unknown }> }> }>;
}

/**
 * The path and query the plugin sends through Grafana's datasource proxy
 * (`/api/datasources/proxy/uid/<uid>` + this); here the base URL is Jaeger's own.
 */
function orderSearchPath(service: string, orderId: string, startUs: number, endUs: number): string {
  const query = new URLSearchParams({
    service,
    tags: JSON.stringify({ 'order.id': orderId }),
    start: String(startUs),
    end: String(endUs),
    limit: '20',
  });
  return `/api/traces?${query.toString()}`;
}

async function searchUntilFound(jaegerUrl: string, path: string): Promise<JaegerSearchResponse> {
  // Jaeger batches incoming spans; give it a bounded moment.
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${jaegerUrl}${path}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as JaegerSearchResponse;
    if (body.data.length > 0) {
      return body;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing found at ${path}`);
}

describe('real Jaeger: an order span goes in over OTLP and comes back by order.id', () => {
  const now = Date.now();

  it.each([
    ['a plain id', 'ALX-2026-900001'],
    ['an id with quotes, braces and a backslash', 'ALX-"9"{x}\\y'],
    ['a non-ASCII id', 'ALX-ÄÖÜ-é-✓'],
  ])('finds %s', async (_label, orderId) => {
    const { jaegerUrl, otlpHttpUrl } = scratchJaeger();
    await sendSpans(otlpHttpUrl, [
      {
        service: 'shop-api',
        name: 'POST /orders',
        startMs: now - 60_000,
        durationMs: 25,
        attributes: { 'order.id': orderId, 'order.status': 'INITIATED' },
      },
      // The same service, another order: must not come back.
      {
        service: 'shop-api',
        name: 'POST /orders',
        startMs: now - 50_000,
        durationMs: 25,
        attributes: { 'order.id': `${orderId}-other`, 'order.status': 'INITIATED' },
      },
    ]);

    const path = orderSearchPath('shop-api', orderId, (now - 3_600_000) * 1000, (now + 60_000) * 1000);
    const body = await searchUntilFound(jaegerUrl, path);

    expect(body.data).toHaveLength(1);
    const [span] = body.data[0].spans;
    expect(span.operationName).toBe('POST /orders');
    expect(span.tags).toEqual(expect.arrayContaining([{ key: 'order.id', type: 'string', value: orderId }]));
  });

  it('finds nothing for an id that was never sent, and says so with an empty list', async () => {
    const { jaegerUrl } = scratchJaeger();
    const path = orderSearchPath('shop-api', 'ALX-NEVER-SENT', (now - 3_600_000) * 1000, (now + 60_000) * 1000);
    const response = await fetch(`${jaegerUrl}${path}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as JaegerSearchResponse).data).toEqual([]);
  });
});

describe('real Jaeger: failed requests without an order id are found by the error tag', () => {
  it('answers the search the engine plans for a waiting order with the failed traces only', async () => {
    const { jaegerUrl, otlpHttpUrl } = scratchJaeger();
    const now = Date.now();
    const service = 'errors-only-api';
    await sendSpans(otlpHttpUrl, [
      { service, name: 'GET /dashboard/orders', startMs: now - 120_000, durationMs: 30_000, attributes: { 'http.route': '/dashboard/orders' }, error: true },
      { service, name: 'GET /dashboard/orders', startMs: now - 60_000, durationMs: 300, attributes: { 'http.route': '/dashboard/orders' } },
    ]);
    const wait: ServiceWait = {
      orderId: 'ALX-WAITING',
      status: 'MANUFACTURING_APPROVED',
      next: 'MANUFACTURING_STARTED',
      service,
      startUs: (now - 3_600_000) * 1000,
      endUs: (now + 60_000) * 1000,
    };
    const plan = planServiceErrors([wait], DEFAULT_SETTINGS, { nowUs: now * 1000 });
    const body = await searchUntilFound(jaegerUrl, plan.requests[0].path);
    expect(body.data).toHaveLength(1);
    expect(body.data[0].spans[0].tags).toEqual(expect.arrayContaining([{ key: 'error', type: 'bool', value: true }]));

    const evidence = serviceErrorsFor([wait], [body], compileConfig(DEFAULT_SETTINGS), now * 1000).get('ALX-WAITING');
    expect(evidence?.kind).toBe('service_errors');
    expect(evidence?.message).toContain(`${service} failed 1 request without an order id`);
  });
});
