import { EngineConfig } from '../config';
import { MASKED } from '../mask';
import { createPersonalDataMasker, PersonalDataMasker } from '../personalData';
import { isRecord } from './common';
import { TraceFrameLike } from './frame';

/**
 * Grafana trace-frame fields that hold ids, times, numbers or enumerations: never masked, so the
 * trace view keeps its structure (ids, times and durations are what DevOps need).
 */
const STRUCTURAL_FIELDS = new Set([
  'traceID',
  'spanID',
  'parentSpanID',
  'startTime',
  'duration',
  'kind',
  'statusCode',
  'errorIconColor',
  'traceState',
]);

/** Fields whose values are lists of `{ key, value }` pairs (span tags, resource attributes). */
const KEY_VALUE_FIELDS = new Set(['tags', 'serviceTags']);

type KeyValue = { key: string; value: unknown };

/**
 * A Grafana trace data frame (what the Jaeger datasource gives Grafana's traces panel) with the same
 * masking the order pages apply: deny-listed keys (and keys nested under them) replaced by `••••••`
 * in span tags, resource attributes, event fields and link tags; their values and, when
 * `maskPersonalPatterns` is on, e-mail addresses, phone numbers and card numbers replaced wherever
 * they appear as text (operation and service names, status messages, event names and fields,
 * warnings, stack traces, attribute values). Ids, times, durations and the order id and status
 * attributes are never touched. Returns the same frames when nothing changes; never mutates them.
 */
export function maskTraceFrames<F extends TraceFrameLike>(frames: F[], config: EngineConfig): F[] {
  if (!config.mask.active && !config.maskPersonalPatterns) {
    return frames;
  }
  const denied = new Set<string>();
  const keyMasker = config.mask.collecting(denied);
  const maskKeys = (pairs: unknown): unknown => mapPairs(pairs, (pair) => (keyMasker.isDenied(pair.key) ? mask(pair) : pair));
  const mask = (pair: KeyValue): KeyValue => {
    if (pair.value === MASKED) {
      return pair;
    }
    if (typeof pair.value === 'string' || typeof pair.value === 'number') {
      keyMasker.record(pair.value);
    }
    return { ...pair, value: MASKED };
  };
  // First every deny-listed key, so their values are known before the free text is read.
  const keyed = frames.map((frame) => mapColumns(frame, (name, value) => maskPairsIn(name, value, maskKeys)));
  const text: PersonalDataMasker | undefined =
    denied.size > 0
      ? createPersonalDataMasker(denied, config.maskPersonalPatterns)
      : config.maskPersonalPatterns
        ? config.personalData
        : undefined;
  if (!text) {
    return keyed;
  }
  const protectedKeys = new Set([config.orderIdKey, config.statusKey, config.previousStatusKey]);
  const maskValues = (pairs: unknown): unknown =>
    mapPairs(pairs, (pair) => {
      if (typeof pair.value !== 'string' || protectedKeys.has(pair.key)) {
        return pair;
      }
      const value = text.text(pair.value);
      return value === pair.value ? pair : { ...pair, value };
    });
  return keyed.map((frame) =>
    mapColumns(frame, (name, value) => {
      if (typeof value === 'string') {
        return text.text(value);
      }
      if (name === 'warnings' || name === 'stackTraces') {
        return mapList(value, (item) => (typeof item === 'string' ? text.text(item) : item));
      }
      return maskPairsIn(name, value, maskValues, (log) => {
        const name = typeof log.name === 'string' ? text.text(log.name) : log.name;
        return name === log.name ? log : { ...log, name };
      });
    })
  );
}

/** The frame with `change` applied to every value of every non-structural field; the same frame when nothing changed. */
function mapColumns<F extends TraceFrameLike>(frame: F, change: (name: string, value: unknown) => unknown): F {
  let changedFields: F['fields'] | undefined;
  frame.fields.forEach((field, index) => {
    if (STRUCTURAL_FIELDS.has(field.name)) {
      return;
    }
    const values = toArray(field.values);
    let changedValues: unknown[] | undefined;
    values.forEach((value, row) => {
      const next = change(field.name, value);
      if (next !== value) {
        changedValues ??= values.slice();
        changedValues[row] = next;
      }
    });
    if (changedValues) {
      changedFields ??= frame.fields.slice();
      changedFields[index] = { ...field, values: changedValues };
    }
  });
  return changedFields ? { ...frame, fields: changedFields } : frame;
}

/**
 * Applies `pairs` to the key-value lists a cell holds: span tags and resource attributes directly,
 * event fields inside each log (and the log itself through `log`), link tags inside each reference.
 */
function maskPairsIn(
  name: string,
  value: unknown,
  pairs: (list: unknown) => unknown,
  log: (entry: Record<string, unknown>) => Record<string, unknown> = (entry) => entry
): unknown {
  if (KEY_VALUE_FIELDS.has(name)) {
    return pairs(value);
  }
  if (name === 'logs' || name === 'references') {
    const inner = name === 'logs' ? 'fields' : 'tags';
    return mapList(value, (entry) => {
      if (!isRecord(entry)) {
        return entry;
      }
      const own = name === 'logs' ? log(entry) : entry;
      const list = pairs(own[inner]);
      return list === own[inner] ? own : { ...own, [inner]: list };
    });
  }
  return value;
}

function mapPairs(list: unknown, change: (pair: KeyValue) => KeyValue): unknown {
  return mapList(list, (item) => (isRecord(item) && typeof item.key === 'string' ? change(item as KeyValue) : item));
}

/** The list with `change` applied to each item; the same list when nothing changed (or not a list). */
function mapList(list: unknown, change: (item: unknown) => unknown): unknown {
  if (!Array.isArray(list)) {
    return list;
  }
  let copy: unknown[] | undefined;
  list.forEach((item: unknown, index) => {
    const next = change(item);
    if (next !== item) {
      copy ??= list.slice();
      copy[index] = next;
    }
  });
  return copy ?? list;
}

function toArray(values: TraceFrameLike['fields'][number]['values']): unknown[] {
  if (Array.isArray(values)) {
    return values;
  }
  if (isRecord(values) && typeof values.toArray === 'function') {
    const array: unknown = values.toArray();
    return Array.isArray(array) ? array : [];
  }
  return Array.from(values as ArrayLike<unknown>);
}
