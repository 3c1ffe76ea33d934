import { detectJaegerDialect, dialectOf, JaegerApiError, rememberServiceRequired } from './jaegerDialect';
import { FetchJson, HttpError } from './jaegerClient';

/** A Jaeger as seen through its HTTP answers to the two probes. */
function jaeger(answers: { v3: 'filters' | 'ignores' | 'gone' | 'down'; v1: 'serves' | 'gone' | 'down' }) {
  const asked: string[] = [];
  const fetchJson: FetchJson = async (path) => {
    asked.push(path.split('?')[0]);
    if (path.startsWith('/api/v3/traces')) {
      const attributes = new URLSearchParams(path.split('?')[1]).get('query.attributes');
      switch (answers.v3) {
        case 'filters':
          expect(() => JSON.parse(attributes ?? '')).toThrow();
          throw new HttpError(
            400,
            'HTTP 400: {"error":{"httpCode":400,"message":"malformed parameter query.attributes: unexpected end of JSON input"}}'
          );
        case 'ignores':
          throw new HttpError(404, 'HTTP 404: {"error":{"httpCode":404,"message":"No traces found"}}');
        case 'gone':
          throw new HttpError(404, 'HTTP 404: 404 page not found');
        case 'down':
          throw new HttpError(502, 'HTTP 502: Bad Gateway');
      }
    }
    if (path === '/api/services') {
      if (answers.v1 === 'serves') {
        return { data: ['shop-api'], total: 1 };
      }
      throw new HttpError(
        answers.v1 === 'gone' ? 404 : 503,
        answers.v1 === 'gone' ? 'HTTP 404: 404 page not found' : 'HTTP 503'
      );
    }
    throw new Error(`unexpected ${path}`);
  };
  return { fetchJson, asked };
}

describe('which search API a Jaeger speaks', () => {
  it('takes the v3 search where Jaeger filters by query.attributes (2.19 and later, main), with one request', async () => {
    const { fetchJson, asked } = jaeger({ v3: 'filters', v1: 'gone' });
    const detected = await detectJaegerDialect(fetchJson);
    expect(detected.dialect).toEqual({ api: 'v3', serviceless: true });
    expect(detected.description).toBe('Jaeger answers the v3 query API (/api/v3/traces); attribute search supported.');
    expect(asked).toEqual(['/api/v3/traces']);
  });

  it('falls back to /api/traces where the v3 gateway ignores attribute filters (before 2.19)', async () => {
    const { fetchJson, asked } = jaeger({ v3: 'ignores', v1: 'serves' });
    const detected = await detectJaegerDialect(fetchJson);
    expect(detected.dialect).toEqual({ api: 'v1', serviceless: false });
    expect(detected.description).toMatch(/^Jaeger answers the \/api\/traces search/);
    expect(asked).toEqual(['/api/v3/traces', '/api/services']);
  });

  it('takes the v3 search behind a gateway that rewrites error bodies, when /api/traces is gone and a well-formed v3 search is answered', async () => {
    const asked: string[] = [];
    const gateway: FetchJson = async (path) => {
      asked.push(path.split('?')[0]);
      if (path.startsWith('/api/v3/traces')) {
        const attributes = new URLSearchParams(path.split('?')[1]).get('query.attributes') ?? '';
        try {
          JSON.parse(attributes);
        } catch {
          // The gateway's own words for any 400.
          throw new HttpError(400, 'HTTP 400: {"message":"Bad Request"}');
        }
        throw new HttpError(404, 'HTTP 404: {"error":{"httpCode":404,"message":"No traces found"}}');
      }
      throw new HttpError(404, 'HTTP 404: 404 page not found');
    };
    const detected = await detectJaegerDialect(gateway);
    expect(detected.dialect).toEqual({ api: 'v3', serviceless: true });
    expect(detected.description).toMatch(/gateway/);
    expect(asked).toEqual(['/api/v3/traces', '/api/services', '/api/v3/traces']);
    // A 400 in other words where the well-formed search is not answered either: still neither.
    const broken: FetchJson = async (path) => {
      throw path.startsWith('/api/v3/traces')
        ? new HttpError(400, 'HTTP 400: {"message":"Bad Request"}')
        : new HttpError(404, 'HTTP 404: 404 page not found');
    };
    await expect(detectJaegerDialect(broken)).rejects.toBeInstanceOf(JaegerApiError);
  });

  it('names both endpoints when a Jaeger answers neither', async () => {
    const { fetchJson } = jaeger({ v3: 'gone', v1: 'gone' });
    const failure = detectJaegerDialect(fetchJson);
    await expect(failure).rejects.toBeInstanceOf(JaegerApiError);
    await expect(failure).rejects.toThrow(
      /\/api\/v3\/traces .*404 page not found.*\/api\/traces \(\/api\/services: .*404/
    );
  });

  it('does not decide (nor remember) anything about a Jaeger that is down', async () => {
    const { fetchJson, asked } = jaeger({ v3: 'down', v1: 'down' });
    const first = await dialectOf(fetchJson);
    expect(first.undecided).toBe(true);
    await dialectOf(fetchJson);
    expect(asked).toHaveLength(4);
  });

  it('remembers a decided API per Jaeger, follows the settings when they name one, and remembers a refused search without service', async () => {
    const { fetchJson, asked } = jaeger({ v3: 'filters', v1: 'gone' });
    expect((await dialectOf(fetchJson)).dialect.serviceless).toBe(true);
    rememberServiceRequired(fetchJson);
    expect((await dialectOf(fetchJson)).dialect).toEqual({ api: 'v3', serviceless: false });
    expect(asked).toHaveLength(1);
    expect((await dialectOf(fetchJson, 'v1')).dialect).toEqual({ api: 'v1', serviceless: false });
    expect(asked).toHaveLength(1);
  });

  it('stops waiting for a probe that does not answer, and cancels it', async () => {
    let cancelled = false;
    const hanging: FetchJson = (_path, signal) =>
      new Promise((_, reject) =>
        signal?.addEventListener('abort', () => {
          cancelled = true;
          reject(new Error('aborted'));
        })
      );
    const detected = await detectJaegerDialect(hanging, undefined, 20);
    expect(detected.undecided).toBe(true);
    expect(cancelled).toBe(true);
  });
});
