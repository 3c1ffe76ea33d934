import { BackendSrvRequest, FetchError, getBackendSrv, isFetchError } from '@grafana/runtime';
import { Observable } from 'rxjs';
import type { FetchJson } from './jaegerClient';

export type { FetchJson };

/** Reaches one datasource's HTTP API by its uid; pages get it from their factory, tests inject fakes. */
export type FetcherFor = (datasourceUid: string) => FetchJson;

/** The part of Grafana's backend service the proxy uses (`getBackendSrv()` is one). */
export interface ProxyBackend {
  fetch(options: BackendSrvRequest): Observable<{ data: unknown }>;
}

export class DatasourceRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'DatasourceRequestError';
  }
}

/**
 * Reaches a datasource's HTTP API through Grafana's datasource proxy
 * (`/api/datasources/proxy/uid/<uid>` + path): Grafana adds the datasource's URL and credentials,
 * and checks the user's `datasources:query` permission. Only the base URL differs from calling
 * Jaeger or Prometheus directly, which is how the integration tests call them.
 *
 * Aborting the signal unsubscribes from Grafana's fetch, which cancels the HTTP request itself:
 * a superseded or timed-out search stops holding one of the browser's few connections.
 * Answers are read as text and parsed here, so their size is known (a page's byte budget counts it).
 */
export function datasourceProxyFetcher(datasourceUid: string, backend: ProxyBackend = getBackendSrv()): FetchJson {
  const base = `/api/datasources/proxy/uid/${encodeURIComponent(datasourceUid)}`;
  return (pathWithQuery, signal, received) =>
    new Promise<unknown>((resolve, reject) => {
      if (!pathWithQuery.startsWith('/')) {
        reject(new DatasourceRequestError(`not a datasource API path: ${pathWithQuery.slice(0, 80)}`));
        return;
      }
      if (signal?.aborted) {
        reject(new DatasourceRequestError('request cancelled'));
        return;
      }
      let settled = false;
      const onAbort = () => {
        settled = true;
        subscription.unsubscribe();
        reject(new DatasourceRequestError('request cancelled'));
      };
      const finish = (outcome: () => void) => {
        if (!settled) {
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          outcome();
        }
      };
      const subscription = backend
        .fetch({
          url: `${base}${pathWithQuery}`,
          method: 'GET',
          responseType: 'text',
          showErrorAlert: false,
          showSuccessAlert: false,
        })
        .subscribe({
          next: (response) => finish(() => readBody(response.data, received).then(resolve, reject)),
          error: (error: unknown) => finish(() => reject(toRequestError(error))),
          complete: () => finish(() => reject(new DatasourceRequestError('the datasource sent no answer'))),
        });
      if (settled) {
        subscription.unsubscribe();
      } else {
        signal?.addEventListener('abort', onAbort, { once: true });
      }
    });
}

const proxyFetchers = new Map<string, FetchJson>();

/**
 * The fetcher pages use in Grafana: every datasource through Grafana's proxy, one fetcher per
 * datasource for the app's life, so what is learnt about a datasource (its API) is learnt once.
 */
export const proxyFetcherFor: FetcherFor = (datasourceUid) => {
  let fetcher = proxyFetchers.get(datasourceUid);
  if (!fetcher) {
    fetcher = datasourceProxyFetcher(datasourceUid);
    proxyFetchers.set(datasourceUid, fetcher);
  }
  return fetcher;
};

/** The parsed answer; a Grafana that parsed it already (or a test double) hands over the object. */
async function readBody(data: unknown, received?: (bytes: number) => void): Promise<unknown> {
  if (typeof data !== 'string') {
    received?.(JSON.stringify(data ?? null).length);
    return data;
  }
  received?.(data.length);
  try {
    return JSON.parse(data);
  } catch {
    throw new DatasourceRequestError(`the datasource answered something that is not JSON: ${data.slice(0, 80)}`);
  }
}

function toRequestError(error: unknown): DatasourceRequestError {
  if (error instanceof DatasourceRequestError) {
    return error;
  }
  if (isFetchError(error)) {
    return new DatasourceRequestError(describeFetchError(error), error.status);
  }
  return new DatasourceRequestError(error instanceof Error ? error.message : 'the datasource did not answer');
}

function describeFetchError(error: FetchError): string {
  const detail = bodyMessage(error.data) ?? error.statusText;
  if (error.status === 403) {
    return 'Grafana refused the request: your role may not query this datasource.';
  }
  if (error.status === 502 || error.status === 504) {
    return `The datasource did not answer in time or is down (${error.status}${detail ? `: ${detail}` : ''}).`;
  }
  return `The datasource answered ${error.status}${detail ? `: ${detail}` : ''}.`;
}

/** The message of an error body: Grafana's `{message}` or Jaeger's `{error: {message}}`. */
function bodyMessage(data: unknown): string | undefined {
  if (typeof data === 'string' && data.trim().startsWith('{')) {
    try {
      return bodyMessage(JSON.parse(data));
    } catch {
      // not JSON after all: said as text below
    }
  }
  if (typeof data !== 'object' || data === null) {
    return typeof data === 'string' && data.trim() !== '' ? data.trim().slice(0, 200) : undefined;
  }
  const record = data as Record<string, unknown>;
  if (typeof record.message === 'string') {
    return record.message;
  }
  const inner = record.error;
  if (typeof inner === 'object' && inner !== null && typeof (inner as Record<string, unknown>).message === 'string') {
    return (inner as Record<string, string>).message;
  }
  return typeof inner === 'string' ? inner : undefined;
}
