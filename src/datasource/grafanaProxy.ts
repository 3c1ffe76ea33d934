import { FetchError, getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { FetchJson } from './jaegerClient';

export type { FetchJson };

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
 */
export function datasourceProxyFetcher(datasourceUid: string): FetchJson {
  const base = `/api/datasources/proxy/uid/${encodeURIComponent(datasourceUid)}`;
  return async (pathWithQuery, signal) => {
    if (!pathWithQuery.startsWith('/')) {
      throw new DatasourceRequestError(`not a datasource API path: ${pathWithQuery.slice(0, 80)}`);
    }
    if (signal?.aborted) {
      throw new DatasourceRequestError('request cancelled');
    }
    const request = lastValueFrom(
      getBackendSrv().fetch<unknown>({
        url: `${base}${pathWithQuery}`,
        method: 'GET',
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    try {
      const response = await (signal ? raceAbort(request, signal) : request);
      return response.data;
    } catch (error) {
      throw toRequestError(error);
    }
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DatasourceRequestError('request cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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
  const data: unknown = error.data;
  const detail =
    typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string'
      ? data.message
      : error.statusText;
  if (error.status === 403) {
    return 'Grafana refused the request: your role may not query this datasource.';
  }
  if (error.status === 502 || error.status === 504) {
    return `The datasource did not answer in time or is down (${error.status}${detail ? `: ${detail}` : ''}).`;
  }
  return `The datasource answered ${error.status}${detail ? `: ${detail}` : ''}.`;
}
