import { Observable, of, throwError } from 'rxjs';
import { datasourceProxyFetcher, DatasourceRequestError } from './grafanaProxy';

describe('datasourceProxyFetcher', () => {
  it('asks Grafana for the datasource path through the proxy and resolves with the body', async () => {
    const urls: string[] = [];
    const fetchJson = datasourceProxyFetcher('jaeger/uid', {
      fetch: (options) => {
        urls.push(options.url);
        return of({ data: { data: ['shop-api'] } });
      },
    });
    await expect(fetchJson('/api/services')).resolves.toEqual({ data: ['shop-api'] });
    expect(urls).toEqual(['/api/datasources/proxy/uid/jaeger%2Fuid/api/services']);
  });

  it('cancels the HTTP request itself when the signal aborts (unsubscribes from Grafana fetch)', async () => {
    let unsubscribed = 0;
    const fetchJson = datasourceProxyFetcher('uid', {
      fetch: () => new Observable<{ data: unknown }>(() => () => unsubscribed++),
    });
    const controller = new AbortController();
    const pending = fetchJson('/api/traces?service=a', controller.signal);
    expect(unsubscribed).toBe(0);
    controller.abort();
    await expect(pending).rejects.toThrow('request cancelled');
    expect(unsubscribed).toBe(1);
  });

  it('names what Grafana answered, and refuses a path that is not an API path without asking', async () => {
    let asked = 0;
    const failing = datasourceProxyFetcher('uid', {
      fetch: () => {
        asked++;
        return throwError(() => ({ status: 504, statusText: 'Gateway Timeout', data: { message: 'upstream' } }));
      },
    });
    await expect(failing('/api/services')).rejects.toEqual(
      new DatasourceRequestError('The datasource did not answer in time or is down (504: upstream).', 504)
    );
    await expect(failing('http://elsewhere/')).rejects.toThrow('not a datasource API path');
    expect(asked).toBe(1);
  });
});
