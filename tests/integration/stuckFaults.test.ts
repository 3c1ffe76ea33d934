/**
 * The stuck-orders list when things break, against the seeded Jaeger and Prometheus behind a fault
 * proxy: a failing service, a hanging Prometheus, lookups and cause searches that time out. Each
 * must end in stated uncertainty, never in a confident row that is wrong.
 */
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { StuckOrdersResult, loadStuckOrders } from '../../src/orders/loadStuckOrders';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import {
  UNAVAILABLE,
  isSearchForEveryService,
  searchAttributes,
  searchesIn,
  faultProxies,
} from '../backends/faultProxy';
import { integrationEnv } from './env';
import { OrderTruth, readTruth } from './seed';
import { stuckTruth } from './stuckTruth';

const settings = DEFAULT_SETTINGS;
let truth: OrderTruth[] = [];
const proxies = faultProxies();

beforeAll(() => {
  truth = readTruth(integrationEnv().truthFile);
});

afterAll(() => proxies.stopAll());

/** Every confirmed row is truly stuck with its true status; returns the confirmed and unconfirmed rows. */
function expectNoConfidentWrongRow(result: StuckOrdersResult, nowMs: number) {
  const { stuck, border } = stuckTruth(truth, settings.lifecycle, nowMs);
  const confirmed = result.stuck.filter((row) => row.check === 'confirmed' && !border.has(row.orderId));
  const wrong = confirmed
    .filter((row) => stuck.get(row.orderId) !== row.status)
    .map((row) => `${row.orderId} ${row.status}`);
  expect(wrong).toEqual([]);
  const unconfirmed = result.stuck.filter((row) => row.check === 'unconfirmed');
  for (const row of unconfirmed) {
    expect(row.causeEvidence).toBeUndefined();
    expect(row.likelyCause).toMatch(/^Current status unknown: /);
  }
  return { confirmed, unconfirmed, stuck };
}

describe('stuck orders when a backend fails', () => {
  it('a failing service (crm-api answering 503): its orders are unconfirmed and the failure is named, never a confident row', async () => {
    const env = integrationEnv();
    // A storage that cannot search every service at once, so each search names its service.
    const jaeger = await proxies.start(env.jaegerUrl, (path, params) =>
      isSearchForEveryService(path, params)
        ? { status: 400, body: '{"error":{"httpCode":400,"message":"this storage needs query.serviceName"}}' }
        : searchesIn('crm-api')(params)
          ? UNAVAILABLE
          : 'pass'
    );
    const nowMs = Date.now();
    const result = await loadStuckOrders(
      settings,
      { jaeger: fetchJsonFromBaseUrl(jaeger.url), prometheus: fetchJsonFromBaseUrl(env.prometheusUrl) },
      { nowUs: nowMs * 1000, budget: { requests: 4000 } }
    );
    const { confirmed, unconfirmed, stuck } = expectNoConfidentWrongRow(result, nowMs);
    console.log(
      `crm-api failing: ${confirmed.length} confirmed, ${unconfirmed.length} unconfirmed of ${stuck.size} truly stuck; ` +
        `${result.budget.use.requests} requests`
    );
    expect(unconfirmed.length).toBeGreaterThan(0);
    expect(unconfirmed.every((row) => row.likelyCause.includes('crm-api'))).toBe(true);
    const notes = result.statuses.flatMap((status) => status.notes).join(' ');
    expect(notes).toMatch(/the search of crm-api \([A-Z_]+\) failed: HTTP 503/);
    // A truly stuck order not on the page is in a status whose entries crm-api could not give,
    // and is counted there as not listed.
    const shown = new Set(result.stuck.map((row) => row.orderId));
    for (const status of result.statuses) {
      const missing = [...stuck].filter(([orderId, value]) => value === status.status && !shown.has(orderId));
      if (missing.length > 0) {
        // Said whole on failure: which orders, and what the page knew of their status.
        const seen = { missing: missing.map(([orderId]) => orderId), status };
        expect([seen, status.notes.join(' ')]).toEqual([seen, expect.stringContaining('crm-api')]);
        expect([seen, (status.notListed?.max ?? 0) >= missing.length]).toEqual([seen, true]);
      }
    }
  }, 300_000);

  it('a hanging Prometheus: trace-only after its timeout, the requests cancelled, how many are past SLA said to be unknown', async () => {
    const env = integrationEnv();
    const prometheus = await proxies.start(env.prometheusUrl, () => 'hang');
    const nowMs = Date.now();
    const started = Date.now();
    const result = await loadStuckOrders(
      settings,
      { jaeger: fetchJsonFromBaseUrl(env.jaegerUrl), prometheus: fetchJsonFromBaseUrl(prometheus.url) },
      { nowUs: nowMs * 1000, prometheusTimeoutMs: 1500 }
    );
    expect(result.metrics).toEqual({ state: 'error', message: 'no answer within 1.5 s' });
    expect(result.statuses.every((status) => status.pastSla === undefined && status.notListed === undefined)).toBe(
      true
    );
    const { confirmed, stuck } = expectNoConfidentWrongRow(result, nowMs);
    // Trace-only, from the look-back limit: the same orders, just not counted by Prometheus.
    expect(confirmed.length).toBe(stuck.size);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(prometheus.stats.cancelledByClient).toBe(prometheus.stats.requests);
    console.log(
      `Prometheus hanging: trace-only in ${Date.now() - started} ms, ${prometheus.stats.requests} requests cancelled`
    );
  }, 300_000);

  it('order lookups that time out: those orders are unconfirmed, the timeout named, and each request cancelled', async () => {
    const env = integrationEnv();
    const jaeger = await proxies.start(env.jaegerUrl, (_path, params) =>
      searchAttributes(params)['order.id'] !== undefined ? { delayMs: 4000 } : 'pass'
    );
    const nowMs = Date.now();
    const result = await loadStuckOrders(
      settings,
      { jaeger: fetchJsonFromBaseUrl(jaeger.url), prometheus: fetchJsonFromBaseUrl(env.prometheusUrl) },
      { nowUs: nowMs * 1000, timeoutMs: 1000 }
    );
    const { confirmed, unconfirmed, stuck } = expectNoConfidentWrongRow(result, nowMs);
    expect(confirmed).toEqual([]);
    expect(unconfirmed.length).toBeGreaterThanOrEqual(stuck.size);
    expect(unconfirmed.every((row) => /timed out \(no answer within 1 s\)/.test(row.likelyCause))).toBe(true);
    for (const status of result.statuses) {
      expect([status.status, status.listed, status.notListed]).toEqual([status.status, 0, status.pastSla]);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(jaeger.stats.cancelledByClient).toBe(jaeger.stats.faulted);
  }, 300_000);

  it('a cause search that times out is named on the rows it would have explained', async () => {
    const env = integrationEnv();
    const jaeger = await proxies.start(env.jaegerUrl, (_path, params) =>
      searchAttributes(params).error !== undefined ? { delayMs: 4000 } : 'pass'
    );
    const nowMs = Date.now();
    const result = await loadStuckOrders(
      settings,
      { jaeger: fetchJsonFromBaseUrl(jaeger.url), prometheus: fetchJsonFromBaseUrl(env.prometheusUrl) },
      { nowUs: nowMs * 1000, timeoutMs: 1500 }
    );
    expectNoConfidentWrongRow(result, nowMs);
    const doubted = result.stuck.filter((row) =>
      row.doubts.some((doubt) => /failed requests without an order id timed out/.test(doubt))
    );
    expect(doubted.length).toBeGreaterThan(0);
    expect(doubted.every((row) => row.check === 'confirmed' && row.causeEvidence?.kind !== 'service_errors')).toBe(
      true
    );
  }, 300_000);
});
