import { executePlan, fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { detectJaegerDialect } from '../../src/datasource/jaegerDialect';
import {
  compileConfig,
  JaegerDialect,
  JaegerSearchRequest,
  OrderSpan,
  planOrderLookup,
  planServiceErrors,
  readSpans,
  ServiceWait,
  serviceErrorsFor,
} from '../../src/engine';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { scratchJaeger } from './env';
import { sendSpans } from './otlp';

const config = compileConfig(DEFAULT_SETTINGS);

/** The search API this Jaeger speaks, found out the way the plugin does. */
async function dialectOf(jaegerUrl: string): Promise<JaegerDialect> {
  return (await detectJaegerDialect(fetchJsonFromBaseUrl(jaegerUrl))).dialect;
}

/** Sends one planned request as the plugin does and reads its answer with the engine's readers. */
async function search(jaegerUrl: string, request: JaegerSearchRequest): Promise<{ state: string; payloads: unknown[]; spans: OrderSpan[] }> {
  const result = await executePlan({ startUs: 0, endUs: 0, requests: [request] }, fetchJsonFromBaseUrl(jaegerUrl));
  return { state: result.outcomes[0].state, payloads: result.payloads, spans: readSpans(result.payloads, config).spans };
}

async function searchUntilFound(jaegerUrl: string, request: JaegerSearchRequest): Promise<{ payloads: unknown[]; spans: OrderSpan[] }> {
  // Jaeger batches incoming spans; give it a bounded moment.
  for (let attempt = 0; attempt < 50; attempt++) {
    const found = await search(jaegerUrl, request);
    expect(['ok', 'empty']).toContain(found.state);
    if (found.spans.length > 0) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing found at ${request.path}`);
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

    const settings = { ...DEFAULT_SETTINGS, lookbackSeconds: 3600 };
    const plan = planOrderLookup(orderId, settings, { nowUs: (now + 60_000) * 1000, dialect: await dialectOf(jaegerUrl) });
    const shop = plan.requests.find((request) => request.service === 'shop-api' || request.service === undefined);
    const { spans } = await searchUntilFound(jaegerUrl, shop as JaegerSearchRequest);

    expect(spans).toHaveLength(1);
    expect(spans[0].operation).toBe('POST /orders');
    expect(spans[0].attributes['order.id']).toBe(orderId);
  });

  it('finds nothing for an id that was never sent, and says so with an empty list', async () => {
    const { jaegerUrl } = scratchJaeger();
    const plan = planOrderLookup('ALX-NEVER-SENT', { ...DEFAULT_SETTINGS, lookbackSeconds: 3600 }, {
      nowUs: (now + 60_000) * 1000,
      dialect: await dialectOf(jaegerUrl),
    });
    for (const request of plan.requests) {
      expect(await search(jaegerUrl, request)).toEqual(expect.objectContaining({ state: 'empty', spans: [] }));
    }
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
    const plan = planServiceErrors([wait], DEFAULT_SETTINGS, { nowUs: now * 1000, dialect: await dialectOf(jaegerUrl) });
    const { spans, payloads } = await searchUntilFound(jaegerUrl, plan.requests[0]);
    expect(spans).toHaveLength(1);
    expect(spans[0].status).toBe('error');

    const evidence = serviceErrorsFor([wait], payloads, config, now * 1000).get('ALX-WAITING');
    expect(evidence?.kind).toBe('service_errors');
    expect(evidence?.message).toContain(`${service} failed 1 request without an order id`);
  });
});
