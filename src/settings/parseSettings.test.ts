import { DEFAULT_SETTINGS, LIMITS } from './defaults';
import { canSave, parseSettings, toStoredSettings } from './parseSettings';

function fieldsOf(raw: unknown): string[] {
  return parseSettings(raw).problems.map((problem) => problem.field);
}

describe('parseSettings', () => {
  it('gives the default lifecycle of the spec when nothing is stored', () => {
    for (const raw of [undefined, null, {}]) {
      const { settings, problems } = parseSettings(raw);
      expect(problems).toEqual([]);
      expect(settings).toEqual(DEFAULT_SETTINGS);
      expect(settings.lifecycle.map((status) => status.name)).toEqual([
        'INITIATED',
        'SUBMITTED',
        'FILE_UPLOADED',
        'PRICE_CALCULATED',
        'MANUFACTURING_APPROVED',
        'MANUFACTURING_STARTED',
        'MANUFACTURING_COMPLETED',
        'SHIPPED',
        'CLOSED',
        'CANCELLED',
      ]);
      expect(settings.lifecycle.find((status) => status.name === 'SUBMITTED')?.slaSeconds).toBe(600);
      expect(settings.lifecycle.filter((status) => status.terminal).map((status) => status.name)).toEqual(['CLOSED', 'CANCELLED']);
    }
  });

  it('does not share state with the defaults', () => {
    const { settings } = parseSettings({});
    settings.lifecycle[0].name = 'CHANGED';
    settings.services.push('x');
    expect(DEFAULT_SETTINGS.lifecycle[0].name).toBe('INITIATED');
    expect(DEFAULT_SETTINGS.services).not.toContain('x');
  });

  it.each([42, 'text', true, [1, 2]])('replaces a non-object (%p) by the defaults and says so', (raw) => {
    const { settings, problems } = parseSettings(raw);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/not an object/);
  });

  it('reads a provisioned lifecycle with its own statuses and SLAs', () => {
    const { settings, problems } = parseSettings({
      jaegerDatasourceUid: 'jaeger',
      prometheusDatasourceUid: 'prometheus',
      lifecycle: [
        { status: 'NEW', sla: '15m', setBy: 'web' },
        { status: 'PAID', sla: '2d' },
        'SENT',
        { status: 'DONE', terminal: true },
      ],
      lookback: '14d',
    });
    expect(problems).toEqual([]);
    expect(settings.jaegerDatasourceUid).toBe('jaeger');
    expect(settings.lifecycle).toEqual([
      { name: 'NEW', slaSeconds: 900, terminal: false, setBy: 'web' },
      { name: 'PAID', slaSeconds: 172800, terminal: false },
      { name: 'SENT', slaSeconds: null, terminal: false },
      { name: 'DONE', slaSeconds: null, terminal: true },
    ]);
    expect(settings.lookbackSeconds).toBe(14 * 86400);
  });

  it('rejects an SLA of "-5m" and blocks saving', () => {
    const { settings, problems } = parseSettings({
      lifecycle: [{ status: 'NEW', sla: '-5m' }, { status: 'DONE', terminal: true }],
    });
    expect(problems).toEqual([
      { field: 'lifecycle[0].sla', message: 'of NEW cannot be negative ("-5m")', severity: 'error' },
    ]);
    expect(settings.lifecycle[0].slaSeconds).toBeNull();
    expect(canSave(problems)).toBe(false);
  });

  it('reports duplicate, empty and control-character status names', () => {
    const { settings, problems } = parseSettings({
      lifecycle: [
        { status: 'NEW' },
        { status: 'NEW' },
        { status: '' },
        { status: 'BAD\nNAME' },
        { sla: '1h' },
        7,
        { status: 'DONE', terminal: true },
      ],
    });
    expect(settings.lifecycle.map((status) => status.name)).toEqual(['NEW', 'DONE']);
    expect(problems.map((problem) => problem.field)).toEqual([
      'lifecycle[1].status',
      'lifecycle[2].status',
      'lifecycle[3].status',
      'lifecycle[4].status',
      'lifecycle[5]',
    ]);
    expect(problems.every((problem) => problem.severity === 'error')).toBe(true);
  });

  it('refuses a lifecycle without a terminal status, or with nothing open', () => {
    expect(parseSettings({ lifecycle: [{ status: 'A' }, { status: 'B' }] }).problems).toEqual([
      expect.objectContaining({ field: 'lifecycle', severity: 'error', message: expect.stringMatching(/no terminal/) }),
    ]);
    expect(parseSettings({ lifecycle: [{ status: 'A', terminal: true }] }).problems).toEqual([
      expect.objectContaining({ field: 'lifecycle', severity: 'error', message: expect.stringMatching(/only terminal/) }),
    ]);
  });

  it('falls back to the default lifecycle when none of it is usable, and says so', () => {
    for (const lifecycle of ['INITIATED,CLOSED', [], [{}, null], { status: 'A' }]) {
      const { settings, problems } = parseSettings({ lifecycle });
      expect(settings.lifecycle).toEqual(DEFAULT_SETTINGS.lifecycle);
      expect(canSave(problems)).toBe(false);
    }
  });

  it('ignores an SLA on a terminal status with a warning', () => {
    const { settings, problems } = parseSettings({ lifecycle: [{ status: 'A', sla: '1h' }, { status: 'Z', terminal: true, sla: '1h' }] });
    expect(settings.lifecycle[1].slaSeconds).toBeNull();
    expect(problems).toEqual([expect.objectContaining({ field: 'lifecycle[1].sla', severity: 'warning' })]);
    expect(canSave(problems)).toBe(true);
  });

  it('repairs wrong types everywhere and names each field', () => {
    const raw = {
      jaegerDatasourceUid: 12,
      prometheusDatasourceUid: 'a"b} or 1=1',
      attributes: { orderId: '', status: 'x y', previousStatus: 5, extra: 'z' },
      services: 'shop-api, crm-api ,,',
      deadLetterPattern: '([',
      personalDataKeys: [1, 'customer.email', 'customer.email'],
      lookback: '-1d',
      orderTraceLimit: 0,
      indexTraceLimit: '99999999',
      surprise: true,
    };
    const { settings, problems } = parseSettings(raw);
    expect(settings.jaegerDatasourceUid).toBeUndefined();
    expect(settings.prometheusDatasourceUid).toBeUndefined();
    expect(settings.attributes).toEqual(DEFAULT_SETTINGS.attributes);
    expect(settings.services).toEqual(['shop-api', 'crm-api']);
    expect(settings.deadLetterPattern).toBe(DEFAULT_SETTINGS.deadLetterPattern);
    expect(settings.personalDataKeys).toEqual(['customer.email']);
    expect(settings.lookbackSeconds).toBe(DEFAULT_SETTINGS.lookbackSeconds);
    expect(settings.orderTraceLimit).toBe(DEFAULT_SETTINGS.orderTraceLimit);
    expect(settings.indexTraceLimit).toBe(LIMITS.maxTraceLimit);
    expect(fieldsOf(raw).sort()).toEqual(
      [
        'surprise',
        'jaegerDatasourceUid',
        'prometheusDatasourceUid',
        'attributes.orderId',
        'attributes.status',
        'attributes.previousStatus',
        'attributes.extra',
        'deadLetterPattern',
        'personalDataKeys[0]',
        'lookback',
        'orderTraceLimit',
        'indexTraceLimit',
      ].sort()
    );
    // None of this touches the lifecycle, so it may be saved (with the repairs shown).
    expect(canSave(problems)).toBe(true);
  });

  it('clamps the look-back window to the bounds that keep lookups cheap', () => {
    expect(parseSettings({ lookback: '365d' }).settings.lookbackSeconds).toBe(LIMITS.maxLookbackSeconds);
    expect(parseSettings({ lookback: '1s' }).settings.lookbackSeconds).toBe(LIMITS.minLookbackSeconds);
  });

  it('keeps an empty deny-list (a company may have none) but not an empty service list', () => {
    const { settings, problems } = parseSettings({ personalDataKeys: [], services: [] });
    expect(settings.personalDataKeys).toEqual([]);
    expect(settings.services).toEqual(DEFAULT_SETTINGS.services);
    expect(problems.map((problem) => problem.field)).toEqual(['services']);
  });

  it('survives hostile and huge input without throwing', () => {
    const hostile = '"}) or vector(1) # \\ \u0000 ' + 'x'.repeat(10_000);
    const raw = {
      lifecycle: Array.from({ length: 5 }, (_, i) => ({ status: `${hostile}${i}`, sla: hostile, terminal: hostile, setBy: hostile })),
      attributes: { orderId: hostile },
      services: [hostile],
      deadLetterPattern: hostile,
      personalDataKeys: hostile,
      lookback: hostile,
      ['__proto__']: { polluted: true },
    };
    const { settings, problems } = parseSettings(JSON.parse(JSON.stringify(raw)));
    expect(settings.lifecycle).toEqual(DEFAULT_SETTINGS.lifecycle);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.message.length < 300)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses more statuses than it can show', () => {
    const lifecycle = Array.from({ length: LIMITS.maxStatuses + 1 }, (_, i) => ({ status: `S${i}` }));
    expect(canSave(parseSettings({ lifecycle }).problems)).toBe(false);
  });

  it('reads the Jaeger search API choice, detecting by default and refusing what it does not know', () => {
    expect(parseSettings({}).settings.jaegerApi).toBe('auto');
    expect(parseSettings({ jaegerApi: 'v1' }).settings.jaegerApi).toBe('v1');
    const { settings, problems } = parseSettings({ jaegerApi: 'v2' });
    expect(settings.jaegerApi).toBe('auto');
    expect(problems).toEqual([expect.objectContaining({ field: 'jaegerApi', severity: 'warning' })]);
    expect(toStoredSettings({ ...settings, jaegerApi: 'v3' }).jaegerApi).toBe('v3');
    expect(toStoredSettings(settings)).not.toHaveProperty('jaegerApi');
  });

  it('refuses numbers that are not finite or absurd, and dead-letter patterns that backtrack catastrophically', () => {
    const { settings, problems } = parseSettings({
      lifecycle: [
        { status: 'OPEN', sla: '9'.repeat(400) },
        { status: 'WAITING', sla: `${'9'.repeat(400)}m` },
        { status: 'DONE', terminal: true },
      ],
      deadLetterPattern: '(a+)+$',
    });
    expect(problems.filter((problem) => problem.severity === 'error').map((problem) => problem.field)).toEqual(['lifecycle[0].sla', 'lifecycle[1].sla']);
    expect(problems.find((problem) => problem.field === 'deadLetterPattern')?.message).toMatch(/repeats a group/);
    expect(settings.deadLetterPattern).toBe(DEFAULT_SETTINGS.deadLetterPattern);
    // A plain suffix pattern with alternatives stays.
    expect(parseSettings({ deadLetterPattern: '\\.(dlx|dlq|dead)$' }).problems).toEqual([]);
  });

  it('round-trips through the stored form', () => {
    const { settings } = parseSettings({
      jaegerDatasourceUid: 'j',
      lifecycle: [{ status: 'A', sla: '1d12h', setBy: 'svc' }, { status: 'B', terminal: true }],
      lookback: '7d',
    });
    const again = parseSettings(JSON.parse(JSON.stringify(toStoredSettings(settings))));
    expect(again.problems).toEqual([]);
    expect(again.settings).toEqual(settings);
    expect(parseSettings(toStoredSettings(DEFAULT_SETTINGS)).settings).toEqual(DEFAULT_SETTINGS);
  });
});
