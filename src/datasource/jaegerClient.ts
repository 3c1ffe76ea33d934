import { JaegerRequestPlan, JaegerSearchRequest, PlanResult, RequestOutcome, RequestOutcomeState } from '../engine';
import { BudgetExhaustedError, PoolSlot, RequestPool } from './requestPool';

/**
 * The transport: GET a path with its query (e.g. `/api/traces?service=…`) relative to the Jaeger
 * base URL and resolve with the parsed JSON body. The plugin binds it to Grafana's datasource
 * proxy, tests to Node's fetch; a rejection may carry an HTTP `status`. A transport that knows the
 * size of the answer reports it through `received` (a page's byte budget counts it).
 */
export type FetchJson = (
  pathWithQuery: string,
  signal?: AbortSignal,
  received?: (bytes: number) => void
) => Promise<unknown>;

export interface ExecuteOptions {
  /** Per request, in milliseconds (default 15 s). */
  timeoutMs?: number;
  /** Cancels every request of the wave (the user typed another id). */
  signal?: AbortSignal;
  /** Spans one answer may bring (default MAX_SPANS_PER_ANSWER). */
  maxSpansPerAnswer?: number;
  /**
   * The connections and budget the requests share (default: the browser's six connections, no
   * budget). A request's timeout starts when it has a connection.
   */
  pool?: RequestPool;
}

/** A plan's result, plus the requests the pool's budget refused (never sent). */
export interface ExecutedPlan extends PlanResult {
  skipped: JaegerSearchRequest[];
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms / 100) / 10} s`);
    this.name = 'TimeoutError';
  }
}

/** An HTTP failure with its status, for transports that want to report one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Sends every request of a plan in ONE parallel wave and reports each outcome: a failed, timed
 * out or limit-hitting search is named in `outcomes` (and makes the result `partial`); a successful
 * payload is kept even when a sibling failed.
 */
export async function executePlan(
  plan: JaegerRequestPlan,
  fetchJson: FetchJson,
  options: ExecuteOptions = {}
): Promise<ExecutedPlan> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pool = options.pool ?? new RequestPool();
  const settled = await Promise.allSettled(
    plan.requests.map((request) => runOne(request, fetchJson, timeoutMs, options.signal, pool))
  );
  const payloads: unknown[] = [];
  const outcomes: RequestOutcome[] = [];
  const skipped: JaegerSearchRequest[] = [];
  settled.forEach((result, index) => {
    const request = plan.requests[index];
    if (result.status === 'fulfilled') {
      const { payload, durationMs } = result.value;
      const { traceCount, error, unusable } = inspectPayload(
        request,
        payload,
        options.maxSpansPerAnswer ?? MAX_SPANS_PER_ANSWER
      );
      let state: RequestOutcomeState =
        traceCount === 0 ? 'empty' : traceCount >= request.limit ? 'limit_reached' : 'ok';
      if (error) {
        state = 'error';
      }
      // Jaeger's own error list may come with the traces it did find: those are kept.
      if (!unusable) {
        payloads.push(payload);
      }
      outcomes.push({ request, state, traceCount, durationMs, ...(error ? { message: error } : {}) });
    } else {
      const { error, durationMs } = result.reason as { error: unknown; durationMs: number };
      if (error instanceof BudgetExhaustedError) {
        skipped.push(request);
        return;
      }
      const status = statusOf(error);
      if (request.api === 'v3' && isNoMatch(error, status)) {
        outcomes.push({ request, state: 'empty', traceCount: 0, durationMs });
        return;
      }
      const state: RequestOutcomeState =
        error instanceof TimeoutError ? 'timeout' : options.signal?.aborted ? 'aborted' : 'error';
      outcomes.push({
        request,
        state,
        traceCount: 0,
        durationMs,
        message: describeError(error, status),
        ...(status !== undefined ? { httpStatus: status } : {}),
      });
    }
  });
  return {
    payloads,
    outcomes,
    skipped,
    partial: skipped.length > 0 || outcomes.some((outcome) => outcome.state !== 'ok' && outcome.state !== 'empty'),
  };
}

async function runOne(
  request: JaegerSearchRequest,
  fetchJson: FetchJson,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  pool: RequestPool
): Promise<{ payload: unknown; durationMs: number }> {
  let slot: PoolSlot;
  try {
    slot = await pool.acquire(outer);
  } catch (error) {
    throw { error, durationMs: 0 };
  }
  // Timed from here: the wait for a free connection is the browser's, not the backend's.
  const started = Date.now();
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  outer?.addEventListener('abort', onAbort);
  if (outer?.aborted) {
    controller.abort();
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new TimeoutError(timeoutMs));
      controller.abort();
    }, timeoutMs);
  });
  try {
    if (controller.signal.aborted) {
      throw new Error('cancelled');
    }
    const payload = await Promise.race([fetchJson(request.path, controller.signal, slot.received), timeout]);
    return { payload, durationMs: Date.now() - started };
  } catch (error) {
    // The transport may reject with its own "aborted" error when the timeout aborts it.
    throw { error: timedOut ? new TimeoutError(timeoutMs) : error, durationMs: Date.now() - started };
  } finally {
    slot.release();
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Spans one answer may bring: a search that returns more (one runaway trace of 300 000 spans) is
 * left out with a message instead of holding the page for the seconds it takes to read.
 */
export const MAX_SPANS_PER_ANSWER = 100_000;

/** Number of traces in a response, and Jaeger's own error list if it sent one. */
function inspectPayload(
  request: JaegerSearchRequest,
  payload: unknown,
  maxSpans: number
): { traceCount: number; error?: string; unusable?: boolean } {
  if (!isRecord(payload)) {
    return { traceCount: 0, error: 'the answer is not a JSON object', unusable: true };
  }
  let error: string | undefined;
  if (Array.isArray(payload.errors) && payload.errors.length > 0) {
    error = payload.errors
      .slice(0, 3)
      .map((item) => (isRecord(item) && typeof item.msg === 'string' ? item.msg : JSON.stringify(item)))
      .join('; ');
  }
  if (request.api === 'v1') {
    if (!Array.isArray(payload.data)) {
      return {
        traceCount: 0,
        error: error ?? 'the answer is not a Jaeger search answer (it has no list of traces)',
        unusable: true,
      };
    }
    let spans = 0;
    for (const trace of payload.data) {
      spans += isRecord(trace) && Array.isArray(trace.spans) ? trace.spans.length : 0;
    }
    const tooLarge = overBudget(spans, maxSpans);
    return { traceCount: payload.data.length, error: error ?? tooLarge, unusable: tooLarge !== undefined };
  }
  if (!isRecord(payload.result)) {
    return {
      traceCount: 0,
      error: error ?? 'the answer is not a Jaeger v3 search answer (it has no result)',
      unusable: true,
    };
  }
  const result = payload.result;
  const traces = new Set<string>();
  let spans = 0;
  for (const resourceSpans of Array.isArray(result.resourceSpans) ? result.resourceSpans : []) {
    for (const scope of isRecord(resourceSpans) && Array.isArray(resourceSpans.scopeSpans)
      ? resourceSpans.scopeSpans
      : []) {
      for (const span of isRecord(scope) && Array.isArray(scope.spans) ? scope.spans : []) {
        spans++;
        if (isRecord(span) && typeof span.traceId === 'string') {
          traces.add(span.traceId);
        }
      }
    }
  }
  const tooLarge = overBudget(spans, maxSpans);
  return { traceCount: traces.size, error: error ?? tooLarge, unusable: tooLarge !== undefined };
}

function overBudget(spans: number, maxSpans: number): string | undefined {
  return spans > maxSpans
    ? `the answer holds ${spans.toLocaleString('en-US')} spans, more than the ${maxSpans.toLocaleString('en-US')} one answer may bring; it was left out so the page stays responsive`
    : undefined;
}

/**
 * Jaeger's v3 search answers "no match" with 404 and `No traces found`; any other 404 (a path this
 * Jaeger does not serve, a gateway) is an error, never an empty result.
 */
function isNoMatch(error: unknown, status: number | undefined): boolean {
  if (status !== 404) {
    return false;
  }
  const message =
    error instanceof Error ? error.message : isRecord(error) && typeof error.message === 'string' ? error.message : '';
  return /no traces found/i.test(message);
}

function statusOf(error: unknown): number | undefined {
  if (isRecord(error) || error instanceof Error) {
    const record = error as unknown as Record<string, unknown>;
    if (typeof record.status === 'number') {
      return record.status;
    }
  }
  return undefined;
}

function describeError(error: unknown, status: number | undefined): string {
  const message =
    error instanceof Error
      ? error.message
      : isRecord(error) && typeof error.message === 'string'
        ? error.message
        : String(error);
  const text = message.length > 300 ? `${message.slice(0, 300)}…` : message;
  return status !== undefined && !text.includes(String(status)) ? `HTTP ${status}: ${text}` : text;
}

/** A FetchJson over standard `fetch` against a base URL (tests, scripts, the simulator). */
export function fetchJsonFromBaseUrl(baseUrl: string, fetchImpl: typeof fetch = fetch): FetchJson {
  const base = baseUrl.replace(/\/+$/, '');
  return async (pathWithQuery, signal, received) => {
    if (!pathWithQuery.startsWith('/')) {
      throw new Error('A request path must start with "/"');
    }
    const response = await fetchImpl(`${base}${pathWithQuery}`, { signal, headers: { accept: 'application/json' } });
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw new HttpError(response.status, `HTTP ${response.status}${body ? `: ${body.slice(0, 200)}` : ''}`);
    }
    const text = await response.text();
    received?.(text.length);
    return JSON.parse(text);
  };
}
