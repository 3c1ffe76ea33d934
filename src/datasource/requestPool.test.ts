import { planOrderLookup } from '../engine';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { executePlan, FetchJson } from './jaegerClient';
import { BudgetExhaustedError, RequestPool, pooledFetch } from './requestPool';

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('RequestPool', () => {
  it('runs at most `concurrency` requests at once, the rest in order', async () => {
    const pool = new RequestPool({ concurrency: 2 });
    const started: number[] = [];
    const release = gate();
    const run = async (n: number) => {
      const slot = await pool.acquire();
      started.push(n);
      await release.opened;
      slot.release();
    };
    const all = Promise.all([1, 2, 3, 4].map(run));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual([1, 2]);
    release.open();
    await all;
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it('refuses requests once the request or byte budget is spent, and says which', async () => {
    const byRequests = new RequestPool({ maxRequests: 1 });
    (await byRequests.acquire()).release();
    await expect(byRequests.acquire()).rejects.toEqual(new BudgetExhaustedError('requests'));
    expect(byRequests.use).toEqual({ requests: 1, bytes: 0, refused: 1, exhausted: 'requests' });

    const byBytes = new RequestPool({ maxBytes: 100 });
    const slot = await byBytes.acquire();
    slot.received(150);
    slot.release();
    await expect(byBytes.acquire()).rejects.toThrow('byte budget');
    expect(byBytes.exhausted()).toBe('bytes');
  });

  it('lets a waiting request be cancelled', async () => {
    const pool = new RequestPool({ concurrency: 1 });
    const first = await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow('request cancelled');
    first.release();
    await expect(pool.acquire()).resolves.toBeDefined();
  });

  it('starts a request’s timeout when it has a connection, not while it queues', async () => {
    const pool = new RequestPool({ concurrency: 1 });
    const answerAfter = (ms: number, signal?: AbortSignal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve({ afterMs: ms }), ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        });
      });
    const fetchJson: FetchJson = (path, signal) => answerAfter(path === '/first' ? 80 : 40, signal);
    const pooled = pooledFetch(fetchJson, pool, 100);
    // The second waits 80 ms for the connection and takes 40 ms: 120 ms in all, 40 ms of them its own.
    const [first, second] = await Promise.all([pooled('/first'), pooled('/second')]);
    expect(first).toEqual({ afterMs: 80 });
    expect(second).toEqual({ afterMs: 40 });
  });

  it('cancels a request that times out (its signal aborts), and frees its connection', async () => {
    const pool = new RequestPool({ concurrency: 1 });
    let aborted = false;
    const hanging: FetchJson = (_path, signal) =>
      new Promise((_resolve, reject) =>
        signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        })
      );
    await expect(pooledFetch(hanging, pool, 20)('/hang')).rejects.toThrow('no answer within');
    expect(aborted).toBe(true);
    await expect(pool.acquire()).resolves.toBeDefined();
  });
});

describe('executePlan with a pool', () => {
  const plan = planOrderLookup('ALX-1', DEFAULT_SETTINGS, { nowUs: 1_700_000_000_000_000 });

  it('sends six at a time by default and counts the bytes the transport reports', async () => {
    let inFlight = 0;
    let most = 0;
    const fetchJson: FetchJson = async (_path, _signal, received) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      received?.(10);
      return { data: [] };
    };
    const many = { ...plan, requests: Array.from({ length: 20 }, (_, n) => ({ ...plan.requests[0], id: `r${n}` })) };
    const pool = new RequestPool();
    const result = await executePlan(many, fetchJson, { pool });
    expect(most).toBe(6);
    expect(pool.use.bytes).toBe(200);
    expect(result.skipped).toEqual([]);
  });

  it('reports the requests the budget refused as skipped, never as failures', async () => {
    const fetchJson: FetchJson = async () => ({ data: [] });
    const result = await executePlan(plan, fetchJson, { pool: new RequestPool({ maxRequests: 1 }) });
    expect(result.outcomes).toHaveLength(1);
    expect(result.skipped).toHaveLength(plan.requests.length - 1);
    expect(result.partial).toBe(true);
  });
});
