/**
 * The order page's lookup against the real Jaeger seeded by the simulator: the very code the page
 * runs (plan, one parallel wave, reconstruction), with Jaeger's own URL where Grafana's datasource
 * proxy would be — only the base URL differs.
 */
import { readFileSync } from 'node:fs';
import { FetchJson, fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { dialectOf } from '../../src/datasource/jaegerDialect';
import { planOrderLookup } from '../../src/engine';
import { lookUpOrder } from '../../src/orders/lookUpOrder';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { integrationEnv } from './env';
import type { OrderTruth } from './seed';

const SETTINGS = { ...DEFAULT_SETTINGS, jaegerDatasourceUid: 'jaeger' };

function readTruth(file: string): OrderTruth[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OrderTruth);
}

/** Records each request's path and when it started and ended, to check the plan and that it is one wave. */
function recording(fetchJson: FetchJson) {
  const calls: Array<{ path: string; startedAt: number; endedAt?: number }> = [];
  const wrapped: FetchJson = async (path, signal) => {
    const call: { path: string; startedAt: number; endedAt?: number } = { path, startedAt: performance.now() };
    calls.push(call);
    try {
      return await fetchJson(path, signal);
    } finally {
      call.endedAt = performance.now();
    }
  };
  return { calls, fetchJson: wrapped };
}

describe('order page lookup against the real Jaeger', () => {
  let truth: OrderTruth[] = [];
  let jaegerUrl = '';

  beforeAll(() => {
    const env = integrationEnv();
    truth = readTruth(env.truthFile);
    jaegerUrl = env.jaegerUrl;
  });

  it('sends exactly the planned requests, all in one parallel wave', async () => {
    const order = truth[0];
    const nowUs = Date.now() * 1000;
    const { calls, fetchJson } = recording(fetchJsonFromBaseUrl(jaegerUrl));
    // The API is found out once per Jaeger, before the first lookup; then each lookup is one wave.
    const { dialect } = await dialectOf(fetchJson);
    calls.length = 0;
    const result = await lookUpOrder({ orderId: order.orderId, settings: SETTINGS, fetchJson, nowUs });
    expect(result.kind).toBe('found');
    const plan = planOrderLookup(order.orderId, SETTINGS, { nowUs, dialect });
    expect(calls.map((call) => call.path)).toEqual(plan.requests.map((request) => request.path));
    // A v3 Jaeger serving a search without a service answers for every service in one request.
    expect(calls).toHaveLength(dialect.api === 'v3' && dialect.serviceless ? 1 : SETTINGS.services.length);
    const firstEnd = Math.min(...calls.map((call) => call.endedAt ?? Infinity));
    expect(calls.every((call) => call.startedAt <= firstEnd)).toBe(true);
  });

  it('reconstructs each status stay of a sample of orders as the simulator made them', async () => {
    const sample = truth.filter((_, index) => index % 25 === 0);
    const nowUs = Date.now() * 1000;
    for (const order of sample) {
      const result = await lookUpOrder({ orderId: order.orderId, settings: SETTINGS, fetchJson: fetchJsonFromBaseUrl(jaegerUrl), nowUs });
      if (result.kind !== 'found') {
        throw new Error(`${order.orderId}: ${result.kind}`);
      }
      expect({ id: order.orderId, statuses: result.timeline.statuses.map((status) => status.status) }).toEqual({
        id: order.orderId,
        statuses: order.statuses.map((status) => status.status),
      });
      expect(result.timeline.currentStatus).toBe(order.currentStatus);
      expect(result.outcomes.every((outcome) => outcome.state === 'ok' || outcome.state === 'empty')).toBe(true);
    }
  });

  it('names the dead letter of an order whose message was dead-lettered', async () => {
    const order = truth.find((candidate) => candidate.faults.some((fault) => fault.kind === 'dead_letter'));
    if (!order) {
      throw new Error('the seeded history has no dead-lettered order');
    }
    const result = await lookUpOrder({ orderId: order.orderId, settings: SETTINGS, fetchJson: fetchJsonFromBaseUrl(jaegerUrl), nowUs: Date.now() * 1000 });
    expect(result.kind).toBe('found');
    if (result.kind === 'found') {
      expect(result.timeline.evidence.some((evidence) => evidence.kind === 'dead_letter')).toBe(true);
      expect(result.timeline.lanes.some((lane) => lane.spans.some((span) => span.marks.includes('dead_letter')))).toBe(true);
    }
  });

  it('finds nothing for an id no span carries, and says which window it searched', async () => {
    const nowUs = Date.now() * 1000;
    const result = await lookUpOrder({ orderId: 'ALX-0000-UNKNOWN', settings: SETTINGS, fetchJson: fetchJsonFromBaseUrl(jaegerUrl), nowUs });
    expect(result.kind).toBe('not_found');
    expect(result.plan.endUs - result.plan.startUs).toBe(SETTINGS.lookbackSeconds * 1_000_000);
    expect(result.outcomes.length).toBeGreaterThan(0);
    expect(result.outcomes.map((outcome) => outcome.state)).toEqual(result.plan.requests.map(() => 'empty'));
  });

  it('reports Jaeger as unavailable when nothing answers', async () => {
    // A port that was just free: nothing listens there.
    const closed = jaegerUrl.replace(/:\d+$/, ':9');
    const result = await lookUpOrder({ orderId: truth[0].orderId, settings: SETTINGS, fetchJson: fetchJsonFromBaseUrl(closed), nowUs: Date.now() * 1000, timeoutMs: 3000 });
    expect(result.kind).toBe('unavailable');
  });
});
