import { DEFAULT_SETTINGS } from '../settings/defaults';
import { planStatusWindows, servicesReporting } from './plan';

const NOW = 1_800_000_000_000_000;
const window = { status: 'MANUFACTURING_STARTED', startUs: NOW - 3_600_000_000, endUs: NOW };

describe('planStatusWindows', () => {
  it('searches a status in the service that sets it and the services that record statuses, not in every service', () => {
    expect(servicesReporting('SUBMITTED', DEFAULT_SETTINGS)).toEqual(['shop-api', 'crm-api']);
    expect(servicesReporting('MANUFACTURING_STARTED', DEFAULT_SETTINGS)).toEqual(['mes-api', 'crm-api']);
    expect(servicesReporting('MANUFACTURING_STARTED', DEFAULT_SETTINGS, undefined, true)).toEqual(['mes-api']);
    const plan = planStatusWindows([window], DEFAULT_SETTINGS, { nowUs: NOW, limit: 300 });
    expect(plan.requests.map((request) => [request.service, request.status, request.limit])).toEqual([
      ['mes-api', 'MANUFACTURING_STARTED', 300],
      ['crm-api', 'MANUFACTURING_STARTED', 300],
    ]);
    const params = new URLSearchParams(plan.requests[0].path.split('?')[1]);
    expect([params.get('start'), params.get('end'), params.get('tags')]).toEqual([
      String(window.startUs),
      String(window.endUs),
      '{"order.status":"MANUFACTURING_STARTED"}',
    ]);
  });

  it('sends one v3 search for every service where the storage serves it, or the setter alone when that is enough', () => {
    const dialect = { api: 'v3' as const, serviceless: true };
    const [every] = planStatusWindows([window], DEFAULT_SETTINGS, { nowUs: NOW, dialect }).requests;
    expect(every.service).toBeUndefined();
    expect(every.path).toContain('query.searchDepth=1500');
    const [setter] = planStatusWindows([{ ...window, setterOnly: true }], DEFAULT_SETTINGS, {
      nowUs: NOW,
      dialect,
    }).requests;
    expect(setter.service).toBe('mes-api');
    expect(new URLSearchParams(setter.path.split('?')[1]).get('query.serviceName')).toBe('mes-api');
  });

  it('searches every configured service for a status the lifecycle names no setter for', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      lifecycle: DEFAULT_SETTINGS.lifecycle.map((status) => ({ ...status, setBy: undefined })),
    };
    expect(servicesReporting('SUBMITTED', settings)).toEqual(settings.services);
  });
});
