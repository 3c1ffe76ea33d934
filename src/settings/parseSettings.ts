import { DEFAULT_SETTINGS, LIMITS } from './defaults';
import { formatDuration, parseDuration } from './duration';
import {
  AttributeNames,
  JaegerApiSetting,
  OrderTrackerSettings,
  ParsedSettings,
  SettingsProblem,
  StatusDefinition,
  StoredSettings,
  StoredStatus,
} from './types';

const KNOWN_KEYS: ReadonlyArray<keyof StoredSettings> = [
  'jaegerDatasourceUid',
  'prometheusDatasourceUid',
  'lifecycle',
  'attributes',
  'services',
  'deadLetterPattern',
  'personalDataKeys',
  'lookback',
  'orderTraceLimit',
  'indexTraceLimit',
  'jaegerApi',
  'tracesSampled',
  'tagValuesAsPatterns',
  'maskPersonalPatterns',
  'stuckRequestBudget',
  'stuckMegabyteBudget',
];

// Printable text without control characters: names end up in labels, URLs and messages.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Turns whatever is stored in the app's jsonData (missing, partial, wrong types, unknown keys) into
 * settings the app can work with, and says in plain words what it had to repair or reject.
 * Never throws.
 */
export function parseSettings(raw: unknown): ParsedSettings {
  const problems: SettingsProblem[] = [];
  const report = (field: string, message: string, severity: SettingsProblem['severity'] = 'warning') =>
    problems.push({ field, message, severity });

  if (raw === undefined || raw === null) {
    return { settings: cloneDefaults(), problems };
  }
  if (!isRecord(raw)) {
    report('settings', `are not an object (got ${describe(raw)}); the defaults are used`);
    return { settings: cloneDefaults(), problems };
  }
  for (const key of Object.keys(raw)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      report(key, 'is not a setting Order Tracker knows; it is ignored');
    }
  }
  const stored = raw as StoredSettings;

  const settings: OrderTrackerSettings = {
    jaegerDatasourceUid: readUid(stored.jaegerDatasourceUid, 'jaegerDatasourceUid', report),
    prometheusDatasourceUid: readUid(stored.prometheusDatasourceUid, 'prometheusDatasourceUid', report),
    lifecycle: readLifecycle(stored.lifecycle, report),
    attributes: readAttributes(stored.attributes, report),
    services: readNameList(stored.services, 'services', DEFAULT_SETTINGS.services, report, false),
    deadLetterPattern: readPattern(stored.deadLetterPattern, report),
    personalDataKeys: readNameList(
      stored.personalDataKeys,
      'personalDataKeys',
      DEFAULT_SETTINGS.personalDataKeys,
      report,
      true
    ),
    lookbackSeconds: readLookback(stored.lookback, report),
    orderTraceLimit: readLimit(stored.orderTraceLimit, 'orderTraceLimit', DEFAULT_SETTINGS.orderTraceLimit, report),
    indexTraceLimit: readLimit(stored.indexTraceLimit, 'indexTraceLimit', DEFAULT_SETTINGS.indexTraceLimit, report),
    jaegerApi: readJaegerApi(stored.jaegerApi, report),
    tracesSampled: readFlag(stored.tracesSampled, 'tracesSampled', report),
    tagValuesAsPatterns: readFlag(stored.tagValuesAsPatterns, 'tagValuesAsPatterns', report),
    maskPersonalPatterns:
      stored.maskPersonalPatterns === undefined ? true : readFlag(stored.maskPersonalPatterns, 'maskPersonalPatterns', report),
    stuckRequestBudget: readLimit(
      stored.stuckRequestBudget,
      'stuckRequestBudget',
      DEFAULT_SETTINGS.stuckRequestBudget,
      report,
      LIMITS.maxStuckRequests
    ),
    stuckMegabyteBudget: readLimit(
      stored.stuckMegabyteBudget,
      'stuckMegabyteBudget',
      DEFAULT_SETTINGS.stuckMegabyteBudget,
      report,
      LIMITS.maxStuckMegabytes
    ),
  };
  return { settings, problems };
}

/** The stored form of settings, as the configuration page saves them and admins provision them. */
export function toStoredSettings(settings: OrderTrackerSettings): StoredSettings {
  return {
    jaegerDatasourceUid: settings.jaegerDatasourceUid,
    prometheusDatasourceUid: settings.prometheusDatasourceUid,
    lifecycle: settings.lifecycle.map((status) => {
      const stored: StoredStatus = { status: status.name };
      if (status.slaSeconds !== null) {
        stored.sla = formatDuration(status.slaSeconds);
      }
      if (status.terminal) {
        stored.terminal = true;
      }
      if (status.setBy) {
        stored.setBy = status.setBy;
      }
      return stored;
    }),
    attributes: { ...settings.attributes },
    services: [...settings.services],
    deadLetterPattern: settings.deadLetterPattern,
    personalDataKeys: [...settings.personalDataKeys],
    lookback: formatDuration(settings.lookbackSeconds),
    orderTraceLimit: settings.orderTraceLimit,
    indexTraceLimit: settings.indexTraceLimit,
    ...(settings.jaegerApi !== 'auto' ? { jaegerApi: settings.jaegerApi } : {}),
    ...(settings.tracesSampled ? { tracesSampled: true } : {}),
    ...(settings.tagValuesAsPatterns ? { tagValuesAsPatterns: true } : {}),
    ...(settings.maskPersonalPatterns ? {} : { maskPersonalPatterns: false }),
    stuckRequestBudget: settings.stuckRequestBudget,
    stuckMegabyteBudget: settings.stuckMegabyteBudget,
  };
}

/** True when nothing blocks saving: every problem was repairable. */
export function canSave(problems: SettingsProblem[]): boolean {
  return problems.every((problem) => problem.severity !== 'error');
}

const JAEGER_APIS: readonly JaegerApiSetting[] = ['auto', 'v3', 'v1'];

function readJaegerApi(value: unknown, report: Report): JaegerApiSetting {
  if (value === undefined || value === null || value === '') {
    return DEFAULT_SETTINGS.jaegerApi;
  }
  const found = JAEGER_APIS.find((api) => api === value);
  if (!found) {
    report('jaegerApi', `must be one of ${JAEGER_APIS.join(', ')} (got ${describe(value)}); "auto" is used`);
    return DEFAULT_SETTINGS.jaegerApi;
  }
  return found;
}

function readFlag(value: unknown, field: string, report: Report): boolean {
  if (value === undefined || value === null || value === false || value === 'false') {
    return false;
  }
  if (value === true || value === 'true') {
    return true;
  }
  report(field, `must be true or false (got ${describe(value)}); false is used`);
  return false;
}

type Report = (field: string, message: string, severity?: SettingsProblem['severity']) => void;

function cloneDefaults(): OrderTrackerSettings {
  return {
    ...DEFAULT_SETTINGS,
    lifecycle: DEFAULT_SETTINGS.lifecycle.map((status) => ({ ...status })),
    attributes: { ...DEFAULT_SETTINGS.attributes },
    services: [...DEFAULT_SETTINGS.services],
    personalDataKeys: [...DEFAULT_SETTINGS.personalDataKeys],
  };
}

function readUid(value: unknown, field: string, report: Report): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    report(field, `must be a datasource uid (text), got ${describe(value)}; no datasource is selected`);
    return undefined;
  }
  const uid = value.trim();
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(uid)) {
    report(field, `"${clip(value)}" is not a valid datasource uid; no datasource is selected`);
    return undefined;
  }
  return uid;
}

function readLifecycle(value: unknown, report: Report): StatusDefinition[] {
  const fallback = () => DEFAULT_SETTINGS.lifecycle.map((status) => ({ ...status }));
  if (value === undefined || value === null) {
    return fallback();
  }
  if (!Array.isArray(value)) {
    report('lifecycle', `must be a list of statuses, got ${describe(value)}; the default lifecycle is used`, 'error');
    return fallback();
  }
  if (value.length > LIMITS.maxStatuses) {
    report('lifecycle', `has ${value.length} statuses; at most ${LIMITS.maxStatuses} are allowed`, 'error');
    return fallback();
  }
  const statuses: StatusDefinition[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const field = `lifecycle[${index}]`;
    const stored: StoredStatus = typeof entry === 'string' ? { status: entry } : isRecord(entry) ? entry : {};
    if (!isRecord(entry) && typeof entry !== 'string') {
      report(field, `must be a status (an object with "status"), got ${describe(entry)}`, 'error');
      return;
    }
    const name = readName(stored.status);
    if (name === undefined) {
      report(`${field}.status`, 'must be a non-empty status name without control characters', 'error');
      return;
    }
    if (seen.has(name)) {
      report(`${field}.status`, `"${name}" appears more than once`, 'error');
      return;
    }
    seen.add(name);
    const terminal = stored.terminal === true || stored.terminal === 'true';
    if (stored.terminal !== undefined && typeof stored.terminal !== 'boolean' && stored.terminal !== 'true' && stored.terminal !== 'false') {
      report(`${field}.terminal`, `must be true or false, got ${describe(stored.terminal)}`, 'error');
    }
    let slaSeconds: number | null = null;
    const sla = parseDuration(stored.sla);
    if (!sla.ok) {
      report(`${field}.sla`, `of ${name} ${sla.message}`, 'error');
    } else if (sla.seconds === 0) {
      report(`${field}.sla`, `of ${name} must be longer than zero`, 'error');
    } else if (terminal && sla.seconds !== null) {
      report(`${field}.sla`, `of ${name} is ignored: a terminal status has no SLA`);
    } else {
      slaSeconds = sla.seconds;
    }
    const setBy = stored.setBy === undefined ? undefined : readName(stored.setBy);
    if (stored.setBy !== undefined && setBy === undefined) {
      report(`${field}.setBy`, 'must be a service name; it is ignored');
    }
    statuses.push({ name, slaSeconds, terminal, ...(setBy ? { setBy } : {}) });
  });
  if (statuses.length === 0) {
    report('lifecycle', 'has no valid status; the default lifecycle is used', 'error');
    return fallback();
  }
  if (!statuses.some((status) => status.terminal)) {
    report('lifecycle', 'has no terminal status, so no order is ever finished', 'error');
  }
  if (statuses.every((status) => status.terminal)) {
    report('lifecycle', 'has only terminal statuses, so no order is ever open', 'error');
  }
  return statuses;
}

function readAttributes(value: unknown, report: Report): AttributeNames {
  const defaults = DEFAULT_SETTINGS.attributes;
  if (value === undefined || value === null) {
    return { ...defaults };
  }
  if (!isRecord(value)) {
    report('attributes', `must be an object, got ${describe(value)}; the defaults are used`);
    return { ...defaults };
  }
  const result: AttributeNames = { ...defaults };
  for (const key of Object.keys(defaults) as Array<keyof AttributeNames>) {
    if (value[key] === undefined) {
      continue;
    }
    const name = readName(value[key]);
    if (name === undefined || !/^[^\s"'{}=,\\]+$/.test(name)) {
      report(`attributes.${key}`, `"${clip(String(value[key]))}" is not an attribute name; "${defaults[key]}" is used`);
      continue;
    }
    result[key] = name;
  }
  for (const key of Object.keys(value)) {
    if (!(key in defaults)) {
      report(`attributes.${key}`, 'is not an attribute Order Tracker knows; it is ignored');
    }
  }
  return result;
}

function readNameList(
  value: unknown,
  field: string,
  defaults: string[],
  report: Report,
  allowEmpty: boolean
): string[] {
  if (value === undefined || value === null) {
    return [...defaults];
  }
  const items: unknown[] | undefined =
    typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (items === undefined) {
    report(field, `must be a list of names, got ${describe(value)}; the defaults are used`);
    return [...defaults];
  }
  const names: string[] = [];
  items.forEach((item, index) => {
    const name = readName(item);
    if (name === undefined) {
      if (!(typeof item === 'string' && item.trim() === '')) {
        report(`${field}[${index}]`, `is not a name (${describe(item)}); it is ignored`);
      }
      return;
    }
    if (!names.includes(name)) {
      names.push(name);
    }
  });
  if (names.length > LIMITS.maxServices && field === 'services') {
    report(field, `lists ${names.length} services; only the first ${LIMITS.maxServices} are searched`);
    return names.slice(0, LIMITS.maxServices);
  }
  if (names.length === 0 && !allowEmpty) {
    report(field, 'is empty; the defaults are used');
    return [...defaults];
  }
  return names;
}

function readPattern(value: unknown, report: Report): string {
  if (value === undefined || value === null || value === '') {
    return DEFAULT_SETTINGS.deadLetterPattern;
  }
  if (typeof value !== 'string') {
    report('deadLetterPattern', `must be a regular expression, got ${describe(value)}; the default is used`);
    return DEFAULT_SETTINGS.deadLetterPattern;
  }
  if (value.length > LIMITS.maxNameLength) {
    report('deadLetterPattern', `is longer than ${LIMITS.maxNameLength} characters; the default is used`);
    return DEFAULT_SETTINGS.deadLetterPattern;
  }
  try {
    new RegExp(value);
  } catch (error) {
    report('deadLetterPattern', `"${clip(value)}" is not a valid regular expression; the default is used`);
    return DEFAULT_SETTINGS.deadLetterPattern;
  }
  if (CATASTROPHIC.test(value)) {
    report(
      'deadLetterPattern',
      `"${clip(value)}" repeats a group that itself repeats or has alternatives, which can take minutes on one queue name; write it without the nested repetition (e.g. \\.(dlx|dlq)$); the default is used`
    );
    return DEFAULT_SETTINGS.deadLetterPattern;
  }
  return value;
}

/**
 * A group holding a quantifier or an alternation, itself quantified: `(a+)+`, `(a|a)*`, `(\w*){2,}`.
 * These backtrack catastrophically in JavaScript's regex engine; a dead-letter suffix never needs them.
 */
const CATASTROPHIC = /\((?:[^()\\]|\\.)*(?:[+*|]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

function readLookback(value: unknown, report: Report): number {
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    report('lookback', `${parsed.message}; ${formatDuration(DEFAULT_SETTINGS.lookbackSeconds)} is used`);
    return DEFAULT_SETTINGS.lookbackSeconds;
  }
  if (parsed.seconds === null) {
    return DEFAULT_SETTINGS.lookbackSeconds;
  }
  if (parsed.seconds > LIMITS.maxLookbackSeconds) {
    report('lookback', `is longer than ${formatDuration(LIMITS.maxLookbackSeconds)}, the most a lookup may search`);
    return LIMITS.maxLookbackSeconds;
  }
  if (parsed.seconds < LIMITS.minLookbackSeconds) {
    report('lookback', `is shorter than ${formatDuration(LIMITS.minLookbackSeconds)}; that is used instead`);
    return LIMITS.minLookbackSeconds;
  }
  return parsed.seconds;
}

function readLimit(
  value: unknown,
  field: string,
  fallback: number,
  report: Report,
  max: number = LIMITS.maxTraceLimit
): number {
  if (value === undefined || value === null || value === '') {
    return fallback;
  }
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    report(field, `must be a whole number of at least 1, got ${describe(value)}; ${fallback} is used`);
    return fallback;
  }
  if (number > max) {
    report(field, `is more than ${max}; ${max} is used`);
    return max;
  }
  return number;
}

function readName(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const name = value.trim();
  if (name === '' || name.length > LIMITS.maxNameLength || CONTROL_CHARACTERS.test(name)) {
    return undefined;
  }
  return name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'string') {
    return `"${clip(value)}"`;
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${clip(String(value))}`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
