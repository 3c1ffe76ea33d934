import { Observable, NEVER, of, throwError } from 'rxjs';
import { datasourceProxyFetcher, FetcherFor, ProxyBackend } from '../datasource/grafanaProxy';

/** A Jaeger v2 `/api/traces` answer with one order's status span. */
export function jaegerTrace(options: {
  orderId: string;
  status: string;
  service: string;
  startUs: number;
  traceId?: string;
}) {
  const traceId = options.traceId ?? 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  return {
    data: [
      {
        traceID: traceId,
        spans: [
          {
            traceID: traceId,
            spanID: '0102030405060708',
            operationName: 'POST /orders/{id}/submit',
            references: [],
            startTime: options.startUs,
            duration: 120_000,
            tags: [
              { key: 'order.id', type: 'string', value: options.orderId },
              { key: 'order.status', type: 'string', value: options.status },
              { key: 'span.kind', type: 'string', value: 'server' },
            ],
            logs: [],
            processID: 'p1',
            warnings: null,
          },
        ],
        processes: { p1: { serviceName: options.service, tags: [] } },
        warnings: null,
      },
    ],
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  };
}

export interface PromAnswer {
  [expr: string]: Array<{ labels: Record<string, string>; value: number }>;
}

export function promVector(samples: Array<{ labels: Record<string, string>; value: number }>) {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: samples.map((sample) => ({ metric: sample.labels, value: [1, String(sample.value)] })),
    },
  };
}

export type Route = (url: string) => unknown | 'never' | Error;

/** `getBackendSrv().fetch` answering datasource-proxy URLs from a route function. */
export function fakeFetch(route: Route) {
  return (options: { url: string }): Observable<{ data: unknown; status: number; ok: boolean }> => {
    const answer = route(options.url);
    if (answer === 'never') {
      return NEVER;
    }
    if (answer instanceof Error) {
      return throwError(() => ({ status: 502, statusText: 'Bad Gateway', data: { message: answer.message } }));
    }
    return of({ data: answer, status: 200, ok: true });
  };
}

/**
 * What a page factory gets in place of Grafana's proxy: the real proxy fetcher over a fake backend
 * service, so error mapping and cancellation are the plugin's own code.
 */
export function fakeFetcherFor(route: Route): FetcherFor {
  return fetcherOver(fakeFetch(route));
}

/** The proxy fetcher over a given backend `fetch` (a jest mock a test reprograms per case). */
export function fetcherOver(fetch: ProxyBackend['fetch']): FetcherFor {
  return (datasourceUid) => datasourceProxyFetcher(datasourceUid, { fetch });
}

/** The decoded `query` parameter of a Prometheus proxy URL. */
export function promExpr(url: string): string | undefined {
  const query = url.split('?')[1];
  return query ? (new URLSearchParams(query).get('query') ?? undefined) : undefined;
}
