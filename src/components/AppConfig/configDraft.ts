import { formatDuration } from '../../settings/duration';
import { parseSettings } from '../../settings/parseSettings';
import { AttributeNames, JaegerApiSetting, OrderTrackerSettings, ParsedSettings, StoredSettings } from '../../settings/types';

/** One lifecycle row as the admin types it; `key` keeps React rows stable while rows move. */
export interface StatusDraft {
  key: number;
  status: string;
  sla: string;
  terminal: boolean;
  setBy: string;
}

/** The configuration form's state: text as typed, validated by the one settings parser. */
export interface ConfigDraft {
  jaegerDatasourceUid?: string;
  prometheusDatasourceUid?: string;
  lifecycle: StatusDraft[];
  attributes: AttributeNames;
  services: string[];
  deadLetterPattern: string;
  personalDataKeys: string[];
  lookback: string;
  orderTraceLimit: string;
  indexTraceLimit: string;
  stuckRequestBudget: string;
  stuckMegabyteBudget: string;
  jaegerApi: JaegerApiSetting;
  tracesSampled: boolean;
  tagValuesAsPatterns: boolean;
  maskPersonalPatterns: boolean;
}

let nextKey = 1;
export function newStatusDraft(partial: Partial<StatusDraft> = {}): StatusDraft {
  return { key: nextKey++, status: '', sla: '', terminal: false, setBy: '', ...partial };
}

export function draftFromSettings(settings: OrderTrackerSettings): ConfigDraft {
  return {
    jaegerDatasourceUid: settings.jaegerDatasourceUid,
    prometheusDatasourceUid: settings.prometheusDatasourceUid,
    lifecycle: settings.lifecycle.map((status) =>
      newStatusDraft({
        status: status.name,
        sla: formatDuration(status.slaSeconds),
        terminal: status.terminal,
        setBy: status.setBy ?? '',
      })
    ),
    attributes: { ...settings.attributes },
    services: [...settings.services],
    deadLetterPattern: settings.deadLetterPattern,
    personalDataKeys: [...settings.personalDataKeys],
    lookback: formatDuration(settings.lookbackSeconds),
    orderTraceLimit: String(settings.orderTraceLimit),
    indexTraceLimit: String(settings.indexTraceLimit),
    stuckRequestBudget: String(settings.stuckRequestBudget),
    stuckMegabyteBudget: String(settings.stuckMegabyteBudget),
    jaegerApi: settings.jaegerApi,
    tracesSampled: settings.tracesSampled,
    tagValuesAsPatterns: settings.tagValuesAsPatterns,
    maskPersonalPatterns: settings.maskPersonalPatterns,
  };
}

/** The draft in the stored form, exactly as typed: the parser, not the form, decides what is valid. */
export function draftToStored(draft: ConfigDraft): StoredSettings {
  return {
    jaegerDatasourceUid: draft.jaegerDatasourceUid,
    prometheusDatasourceUid: draft.prometheusDatasourceUid,
    lifecycle: draft.lifecycle.map((row) => ({
      status: row.status,
      ...(row.sla.trim() !== '' ? { sla: row.sla } : {}),
      ...(row.terminal ? { terminal: true } : {}),
      ...(row.setBy.trim() !== '' ? { setBy: row.setBy } : {}),
    })),
    attributes: { ...draft.attributes },
    services: draft.services,
    deadLetterPattern: draft.deadLetterPattern,
    personalDataKeys: draft.personalDataKeys,
    lookback: draft.lookback,
    orderTraceLimit: draft.orderTraceLimit,
    indexTraceLimit: draft.indexTraceLimit,
    stuckRequestBudget: draft.stuckRequestBudget,
    stuckMegabyteBudget: draft.stuckMegabyteBudget,
    ...(draft.jaegerApi !== 'auto' ? { jaegerApi: draft.jaegerApi } : {}),
    ...(draft.tracesSampled ? { tracesSampled: true } : {}),
    ...(draft.tagValuesAsPatterns ? { tagValuesAsPatterns: true } : {}),
    ...(draft.maskPersonalPatterns ? {} : { maskPersonalPatterns: false }),
  };
}

export function validateDraft(draft: ConfigDraft): ParsedSettings {
  return parseSettings(draftToStored(draft));
}

/** Moves a lifecycle row up (-1) or down (+1); out-of-range moves change nothing. */
export function moveStatus(rows: StatusDraft[], index: number, offset: -1 | 1): StatusDraft[] {
  const target = index + offset;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) {
    return rows;
  }
  const next = [...rows];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}
