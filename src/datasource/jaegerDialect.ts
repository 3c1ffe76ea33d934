import { JaegerDialect } from '../engine';
import type { FetchJson } from './jaegerClient';

import { JaegerApiSetting } from '../settings/types';

export type { JaegerApiSetting };

/** A dialect and how it was learnt, in words for "check setup". */
export interface DetectedDialect {
  dialect: JaegerDialect;
  description: string;
  /** Jaeger did not answer the probes: a guess, not remembered. */
  undecided?: boolean;
}

export class JaegerApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JaegerApiError';
  }
}

const V3_PATH = '/api/v3/traces';
/** A probe waits no longer than this (or the caller's request timeout, if shorter). */
const PROBE_TIMEOUT_MS = 5_000;
const V1_PATH = '/api/services';

/**
 * Finds out which search a Jaeger serves, with two cheap requests (three in one odd case):
 * 1. `/api/v3/traces` with a deliberately malformed `query.attributes`: a Jaeger that filters by
 *    attributes over HTTP (2.19 and later, the only search on Jaeger's main branch) refuses it with
 *    400 naming the parameter; older v3 gateways ignore the parameter, so they cannot be used.
 * 2. `/api/services`, which exists exactly where the `/api/traces` search does.
 * 3. Only when the first answered 400 in other words (a gateway that rewrites error bodies) and the
 *    second 404: a well-formed v3 search that nothing matches; answered, it is Jaeger's newer line.
 * Neither: a clear error naming both endpoints.
 */
export async function detectJaegerDialect(
  fetchJson: FetchJson,
  signal?: AbortSignal,
  timeoutMs = PROBE_TIMEOUT_MS
): Promise<DetectedDialect> {
  const probeFetch = withTimeout(fetchJson, timeoutMs);
  const nowMs = Date.now();
  const probe = new URLSearchParams({
    'query.startTimeMin': new Date(nowMs - 60_000).toISOString(),
    'query.startTimeMax': new Date(nowMs).toISOString(),
    'query.attributes': '{',
    'query.searchDepth': '1',
  });
  let v3Answer: string;
  let v3Status: number | undefined;
  try {
    await probeFetch(`${V3_PATH}?${probe.toString()}`, signal);
    v3Answer = 'it accepted a malformed query.attributes, so it ignores attribute filters';
    v3Status = 200;
  } catch (error) {
    const message = messageOf(error);
    if (statusOf(error) === 400 && /query\.attributes/.test(message)) {
      return {
        dialect: { api: 'v3', serviceless: true },
        description: 'Jaeger answers the v3 query API (/api/v3/traces); attribute search supported.',
      };
    }
    if (signal?.aborted) {
      throw error;
    }
    v3Answer = message;
    v3Status = statusOf(error) ?? 0;
  }
  try {
    await probeFetch(V1_PATH, signal);
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    if (v3Status === 400 && statusOf(error) === 404 && (await servesV3Search(probeFetch, nowMs, signal))) {
      // Refused the malformed probe in words of its own (a gateway rewrote the answer), has no
      // /api/traces, and answers a well-formed v3 search: Jaeger's newer line, which filters by attributes.
      return {
        dialect: { api: 'v3', serviceless: true },
        description:
          'Jaeger answers the v3 query API (/api/v3/traces); attribute search supported (its answer to a malformed search was not worded as Jaeger words it: a gateway in between?).',
      };
    }
    if (unreachable(v3Status) && unreachable(statusOf(error))) {
      // Jaeger is down or slow, not of an unknown kind: search the current API, not remembered, and
      // let the searches themselves report the outage.
      return {
        dialect: { api: 'v3', serviceless: true },
        description: `Jaeger did not answer (${messageOf(error)}); its search API is not known yet.`,
        undecided: true,
      };
    }
    throw new JaegerApiError(
      `Jaeger answers neither search API: ${V3_PATH} (${v3Answer}) nor /api/traces (${V1_PATH}: ${messageOf(error)}).`
    );
  }
  return {
    dialect: { api: 'v1', serviceless: false },
    description: `Jaeger answers the /api/traces search; its ${V3_PATH} does not search by attributes (Jaeger before 2.19).`,
  };
}

/** Whether a well-formed v3 search (nothing can match it) is answered: 200, or 404 "No traces found". */
async function servesV3Search(probeFetch: FetchJson, nowMs: number, signal?: AbortSignal): Promise<boolean> {
  const search = new URLSearchParams({
    'query.startTimeMin': new Date(nowMs - 60_000).toISOString(),
    'query.startTimeMax': new Date(nowMs).toISOString(),
    'query.attributes': JSON.stringify({ 'ordertracker.probe': 'no-such-value' }),
    'query.searchDepth': '1',
  });
  try {
    await probeFetch(`${V3_PATH}?${search.toString()}`, signal);
    return true;
  } catch (error) {
    return statusOf(error) === 404 && /no traces found/i.test(messageOf(error));
  }
}

/** The dialect an admin chose instead of detection (gateways that answer probes oddly). */
export function chosenDialect(setting: Exclude<JaegerApiSetting, 'auto'>): DetectedDialect {
  return setting === 'v3'
    ? { dialect: { api: 'v3', serviceless: true }, description: 'The settings say: the v3 query API (/api/v3/traces).' }
    : { dialect: { api: 'v1', serviceless: false }, description: 'The settings say: the /api/traces search.' };
}

// Learnt once per Jaeger (per fetcher) for the page's life; a failed detection is tried again next time.
const known = new WeakMap<FetchJson, Promise<DetectedDialect>>();
const withoutServiceRefused = new WeakSet<FetchJson>();

/** The dialect of this Jaeger: the setting when it names one, else detected once and remembered. */
export async function dialectOf(
  fetchJson: FetchJson,
  setting: JaegerApiSetting = 'auto',
  signal?: AbortSignal,
  timeoutMs?: number
): Promise<DetectedDialect> {
  const detected =
    setting === 'auto' ? await rememberedDetection(fetchJson, signal, timeoutMs) : chosenDialect(setting);
  if (detected.dialect.serviceless && withoutServiceRefused.has(fetchJson)) {
    return { ...detected, dialect: { ...detected.dialect, serviceless: false } };
  }
  return detected;
}

/** The storage behind this Jaeger refused a search without a service: search per service from now on. */
export function rememberServiceRequired(fetchJson: FetchJson): void {
  withoutServiceRefused.add(fetchJson);
}

function rememberedDetection(fetchJson: FetchJson, signal?: AbortSignal, timeoutMs?: number): Promise<DetectedDialect> {
  let pending = known.get(fetchJson);
  if (!pending) {
    pending = detectJaegerDialect(fetchJson, signal, Math.min(timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS));
    known.set(fetchJson, pending);
    pending.then(
      (detected) => detected.undecided && known.delete(fetchJson),
      () => known.delete(fetchJson)
    );
  }
  return pending;
}

/** The fetch, cancelled (really: through its signal) when it takes longer than `timeoutMs`. */
function withTimeout(fetchJson: FetchJson, timeoutMs: number): FetchJson {
  return (path, outer) => {
    const controller = new AbortController();
    const abort = () => controller.abort();
    outer?.addEventListener('abort', abort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    return Promise.race([fetchJson(path, controller.signal), timeout]).finally(() => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
    });
  };
}

/** No answer, a timeout or a server/gateway failure: says nothing about which API is served. */
function unreachable(status: number | undefined): boolean {
  return status === undefined || status === 0 || status >= 500;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
