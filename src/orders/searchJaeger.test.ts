import { FetchJson, HttpError } from '../datasource/jaegerClient';
import { planOrderLookup } from '../engine';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { searchJaeger } from './searchJaeger';

const NOW_US = 1_780_000_000_000_000;
const NO_MATCH = 'HTTP 404: {"error":{"httpCode":404,"message":"No traces found"}}';

/** A v3 Jaeger (attribute search) whose storage may refuse searches without a service. */
function v3Jaeger(refusesWithoutService: boolean) {
  const searches: Array<string | null> = [];
  const fetchJson: FetchJson = async (path) => {
    const params = new URLSearchParams(path.split('?')[1]);
    if (params.get('query.attributes') === '{') {
      throw new HttpError(400, 'HTTP 400: malformed parameter query.attributes');
    }
    const service = params.get('query.serviceName');
    searches.push(service);
    if (service === null && refusesWithoutService) {
      throw new HttpError(400, 'HTTP 400: {"error":{"message":"service name is required for this storage"}}');
    }
    throw new HttpError(404, NO_MATCH);
  };
  return { fetchJson, searches };
}

describe('searchJaeger', () => {
  const planFor = (dialect: Parameters<Parameters<typeof searchJaeger>[0]>[0]) =>
    planOrderLookup('ALX-1', DEFAULT_SETTINGS, { nowUs: NOW_US, dialect });

  it('looks an order up with one v3 request for every service where the storage serves it', async () => {
    const { fetchJson, searches } = v3Jaeger(false);
    const result = await searchJaeger(planFor, fetchJson);
    expect(searches).toEqual([null]);
    expect(result.outcomes.map((outcome) => outcome.state)).toEqual(['empty']);
    expect(result.plan.requests[0].path).toMatch(/^\/api\/v3\/traces\?query\.startTimeMin=/);
  });

  it('asks once per configured service where the storage refuses a search without one, and remembers it', async () => {
    const { fetchJson, searches } = v3Jaeger(true);
    const result = await searchJaeger(planFor, fetchJson);
    expect(searches).toEqual([null, ...DEFAULT_SETTINGS.services]);
    expect(result.dialect).toEqual({ api: 'v3', serviceless: false });
    expect(result.outcomes.map((outcome) => outcome.request.service)).toEqual(DEFAULT_SETTINGS.services);
    searches.length = 0;
    await searchJaeger(planFor, fetchJson);
    expect(searches).toEqual(DEFAULT_SETTINGS.services);
  });

  it('keeps the /api/traces search one request per service when the settings choose it', async () => {
    const asked: string[] = [];
    const fetchJson: FetchJson = async (path) => {
      asked.push(path);
      return { data: [] };
    };
    const result = await searchJaeger(planFor, fetchJson, { api: 'v1' });
    expect(result.dialect).toEqual({ api: 'v1', serviceless: false });
    expect(asked.map((path) => new URLSearchParams(path.split('?')[1]).get('service'))).toEqual(DEFAULT_SETTINGS.services);
    expect(asked.every((path) => path.startsWith('/api/traces?'))).toBe(true);
  });
});
