/**
 * The requests of one page load share the browser's few connections (six per origin over
 * HTTP/1.1, and every datasource is reached through Grafana's origin) and one budget. A request
 * waits here for a free connection; its timeout starts only once it has one, so a timeout measures
 * the backend, not the queue in front of it.
 */
import type { FetchJson } from './jaegerClient';

/** How far one load may go; `Infinity` means no limit. */
export interface PoolLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests one load may send. */
  maxRequests: number;
  /** Bytes of answers one load may read (the JSON text, as the transport reports it). */
  maxBytes: number;
}

/** What one load has spent so far. */
export interface PoolUse {
  requests: number;
  bytes: number;
  /** Requests refused because the budget was spent. */
  refused: number;
  /** Which limit was reached first, once one was. */
  exhausted?: 'requests' | 'bytes';
}

/** Requests a browser runs at once to one origin over HTTP/1.1. */
export const BROWSER_CONNECTIONS = 6;

export class BudgetExhaustedError extends Error {
  constructor(readonly limit: 'requests' | 'bytes') {
    super(`the ${limit === 'requests' ? 'request' : 'byte'} budget of this page is spent`);
    this.name = 'BudgetExhaustedError';
  }
}

/** A held connection: report the answer's size through `received`, then `release` it. */
export interface PoolSlot {
  received: (bytes: number) => void;
  release: () => void;
}

export class RequestPool {
  readonly limits: PoolLimits;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly spent: PoolUse = { requests: 0, bytes: 0, refused: 0 };

  constructor(limits: Partial<PoolLimits> = {}) {
    this.limits = {
      concurrency: Math.max(1, Math.floor(limits.concurrency ?? BROWSER_CONNECTIONS)),
      maxRequests: limits.maxRequests ?? Infinity,
      maxBytes: limits.maxBytes ?? Infinity,
    };
  }

  get use(): PoolUse {
    return { ...this.spent };
  }

  /** The limit already reached, if any (checked again each time a request would start). */
  exhausted(): 'requests' | 'bytes' | undefined {
    if (this.spent.bytes >= this.limits.maxBytes) {
      return 'bytes';
    }
    return this.spent.requests >= this.limits.maxRequests ? 'requests' : undefined;
  }

  remainingRequests(): number {
    return Math.max(0, this.limits.maxRequests - this.spent.requests);
  }

  /**
   * Waits for a free connection, then counts the request against the budget. Rejects when the
   * budget is spent (BudgetExhaustedError) or the signal aborts while it waits.
   */
  async acquire(signal?: AbortSignal): Promise<PoolSlot> {
    await this.nextConnection(signal);
    const limit = this.exhausted();
    if (limit) {
      this.spent.refused++;
      this.spent.exhausted ??= limit;
      this.free();
      throw new BudgetExhaustedError(limit);
    }
    this.spent.requests++;
    let released = false;
    return {
      received: (bytes) => {
        this.spent.bytes += Math.max(0, bytes);
        if (this.spent.bytes >= this.limits.maxBytes) {
          this.spent.exhausted ??= 'bytes';
        } else if (this.spent.requests >= this.limits.maxRequests) {
          this.spent.exhausted ??= 'requests';
        }
      },
      release: () => {
        if (!released) {
          released = true;
          this.free();
        }
      },
    };
  }

  private nextConnection(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(new Error('request cancelled'));
    }
    if (this.active < this.limits.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) {
          this.waiting.splice(index, 1);
        }
        reject(new Error('request cancelled'));
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private free(): void {
    this.active--;
    const next = this.waiting.shift();
    next?.();
  }
}

/**
 * A transport whose every request goes through the pool: it waits for a connection, then has
 * `timeoutMs` to answer, and is cancelled (through its signal) when it does not.
 */
export function pooledFetch(fetchJson: FetchJson, pool: RequestPool, timeoutMs: number): FetchJson {
  return async (path, outer) => {
    const slot = await pool.acquire(outer);
    const controller = new AbortController();
    const abort = () => controller.abort();
    outer?.addEventListener('abort', abort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const message = `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new Error(message));
        controller.abort();
      }, timeoutMs);
    });
    try {
      return await Promise.race([fetchJson(path, controller.signal, slot.received), timeout]);
    } catch (error) {
      // The transport rejects with its own "cancelled" when the timeout aborts it.
      throw timedOut ? new Error(message) : error;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
      slot.release();
    }
  };
}
