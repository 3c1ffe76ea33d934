import { DEFAULT_SETTINGS } from '../settings/defaults';
import { planOrderLookup } from '../engine';
import { executePlan, FetchJson, HttpError } from './jaegerClient';

const plan = () =>
  planOrderLookup('ALX-1', { ...DEFAULT_SETTINGS, orderTraceLimit: 2 }, { nowUs: 1_700_000_000_000_000 });

describe('executePlan', () => {
  it('sends every request in one parallel wave and reports each outcome per service', async () => {
    const started: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetchJson: FetchJson = async (path) => {
      started.push(path);
      if (started.length === 3) {
        release();
      }
      await gate; // no request finishes before all have started
      const service = new URLSearchParams(path.split('?')[1]).get('service');
      if (service === 'crm-api') {
        throw new HttpError(502, 'HTTP 502: bad gateway');
      }
      if (service === 'mes-api') {
        return {
          data: [
            { traceID: '1', spans: [] },
            { traceID: '2', spans: [] },
          ],
        };
      }
      return { data: [] };
    };
    const result = await executePlan(plan(), fetchJson);
    expect(started).toHaveLength(3);
    expect(result.outcomes.map((o) => [o.request.service, o.state])).toEqual([
      ['shop-api', 'empty'],
      ['crm-api', 'error'],
      ['mes-api', 'limit_reached'],
    ]);
    expect(result.outcomes[1].message).toBe('HTTP 502: bad gateway');
    expect(result.payloads).toHaveLength(2);
    expect(result.partial).toBe(true);
  });

  it('times a slow request out without losing the others', async () => {
    jest.useFakeTimers();
    const fetchJson: FetchJson = (path, signal) =>
      path.includes('service=shop-api')
        ? new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))))
        : Promise.resolve({ data: [{ traceID: '1', spans: [] }] });
    const running = executePlan(plan(), fetchJson, { timeoutMs: 1000 });
    await jest.advanceTimersByTimeAsync(1001);
    const result = await running;
    jest.useRealTimers();
    expect(result.outcomes.map((o) => o.state)).toEqual(['timeout', 'ok', 'ok']);
    expect(result.outcomes[0].message).toContain('no answer within 1 s');
  });

  it('treats a v3 404 as no match, and Jaeger error lists as errors', async () => {
    const v3 = planOrderLookup('ALX-1', DEFAULT_SETTINGS, {
      nowUs: 1_700_000_000_000_000,
      dialect: { api: 'v3', serviceless: false },
    });
    const result = await executePlan(v3, async (path) => {
      if (path.includes('shop-api')) {
        throw new HttpError(404, 'HTTP 404: {"error":{"httpCode":404,"message":"No traces found"}}');
      }
      return path.includes('crm-api')
        ? { errors: [{ code: 500, msg: 'storage down' }] }
        : { result: { resourceSpans: [] } };
    });
    expect(result.outcomes.map((o) => o.state)).toEqual(['empty', 'error', 'empty']);
    expect(result.outcomes[1].message).toBe('storage down');
  });
});

describe('answers that are not what a search should bring', () => {
  const plan = () => planOrderLookup('ALX-1', DEFAULT_SETTINGS, { nowUs: 1_700_000_000_000_000 });
  const trace = (spans: number) => ({
    traceID: 't',
    spans: Array.from({ length: spans }, (_, index) => ({ spanID: String(index) })),
  });

  it('leaves out an answer over the span budget, says so, and keeps the others', async () => {
    const result = await executePlan(plan(), async (path) => ({ data: [trace(path.includes('shop-api') ? 12 : 3)] }), {
      maxSpansPerAnswer: 10,
    });
    expect(result.outcomes.map((outcome) => outcome.state)).toEqual(['error', 'ok', 'ok']);
    expect(result.outcomes[0].message).toMatch(/holds 12 spans, more than the 10 one answer may bring/);
    expect(result.payloads).toHaveLength(2);
  });

  it('reads a 200 that is not a Jaeger answer as an error, never as "not found"', async () => {
    const result = await executePlan(plan(), async () => ({}));
    expect(result.outcomes.map((outcome) => outcome.state)).toEqual(['error', 'error', 'error']);
    expect(result.outcomes[0].message).toMatch(/not a Jaeger search answer/);
  });

  it('reads a 404 that is not "No traces found" as an error on the v3 search', async () => {
    const v3 = planOrderLookup('ALX-1', DEFAULT_SETTINGS, {
      nowUs: 1_700_000_000_000_000,
      dialect: { api: 'v3', serviceless: true },
    });
    const result = await executePlan(v3, async () => {
      throw new HttpError(404, 'HTTP 404: 404 page not found');
    });
    expect(result.outcomes.map((outcome) => outcome.state)).toEqual(['error']);
  });
});
