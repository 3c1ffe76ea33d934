import { MASKED, Masker } from '../mask';
import { Attributes, AttributeValue, SpanEvent, SpanKind, SpanLink, SpanStatus } from '../model';
import {
  asText,
  finishSpan,
  KEYS_FINISH_SPAN_READS,
  NO_EVENTS,
  NO_LINKS,
  normaliseId,
  ReadOptions,
  ReadResult,
  WarningTally,
} from './common';

// What the per-span loop imports, bound once: where modules are not bundled (tsx runs the bench,
// jest the tests) every use of an import goes through export getters, about a tenth of the read.
const finish = finishSpan;
const idOf = normaliseId;
const textOf = asText;
const MASK = MASKED;
const NONE_LINKED: SpanLink[] = NO_LINKS;
const NO_EVENT: SpanEvent[] = NO_EVENTS;

/**
 * Reads OTLP/JSON traces: Jaeger `/api/v3` (`{result: {resourceSpans}}`), a bare
 * `{resourceSpans}` export request, or a list of either. Never throws.
 *
 * This is the primary read path (Jaeger's v3 search), measured by `npm run bench` against
 * JSON.parse of the same answer: the loops are written for that (no closures, no per-attribute
 * objects, no regular expressions per value, masking while the attribute map is built).
 */
export function readOtlpTraces(payload: unknown, options: ReadOptions = {}, tally = new WarningTally()): ReadResult {
  const spans: ReadResult['spans'] = [];
  const maxSpans = options.maxSpans ?? Infinity;
  const masker = options.masker?.active ? options.masker : undefined;
  const spanKeys = new KeyFacts(masker, true);
  // finishSpan reads no event attribute: every deny-listed one is masked while reading.
  const eventKeys = new KeyFacts(masker, false);
  const documents = Array.isArray(payload) ? payload : [payload];
  for (const document of documents) {
    const root = isObject(document) && isObject(document.result) ? document.result : document;
    if (!isObject(root) || !Array.isArray(root.resourceSpans)) {
      continue;
    }
    for (const resourceSpans of root.resourceSpans) {
      if (!isObject(resourceSpans)) {
        continue;
      }
      const resource = isObject(resourceSpans.resource) ? readKeyValues(resourceSpans.resource.attributes) : {};
      const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';
      const scopes = resourceSpans.scopeSpans ?? resourceSpans.instrumentationLibrarySpans;
      if (!Array.isArray(scopes)) {
        continue;
      }
      for (const scope of scopes) {
        if (!isObject(scope) || !Array.isArray(scope.spans)) {
          continue;
        }
        for (const raw of scope.spans) {
          if (spans.length >= maxSpans) {
            tally.tooManySpans(maxSpans);
            break;
          }
          if (!isObject(raw)) {
            tally.notAnObject();
            continue;
          }
          const traceId = idOf(raw.traceId, 32);
          const spanId = idOf(raw.spanId, 16);
          const startUs = nanosToMicros(raw.startTimeUnixNano);
          if (!traceId || !spanId || startUs === undefined) {
            tally.withoutIds();
            continue;
          }
          const endUs = nanosToMicros(raw.endTimeUnixNano) ?? startUs;
          const attributes = readKeyValues(raw.attributes, spanKeys);
          const seen = spanKeys.seen;
          const status = isObject(raw.status) ? raw.status : undefined;
          const message = status?.message;
          spans.push(
            finish(
              {
                traceId,
                spanId,
                parentSpanId: idOf(raw.parentSpanId, 16),
                links: readLinks(raw.links),
                service,
                operation: textOf(raw.name, ''),
                startUs,
                durationUs: endUs - startUs,
                attributes,
                events: readEvents(raw.events, startUs, eventKeys),
                status: otlpStatus(status?.code),
                statusMessage: typeof message === 'string' && message !== '' ? message : undefined,
                kind: otlpKind(raw.kind),
                // finishSpan reads status, kind and messaging before it masks: a span with a
                // deny-listed one of those keys is left to it to mask, so it sees what it always saw.
                masked: masker !== undefined && (seen & MASK_LATE) === 0,
                withoutFinishKeys: (seen & FINISH_KEY) === 0,
              },
              options,
              tally
            )
          );
        }
      }
    }
  }
  return { spans, warnings: tally.toWarnings() };
}

function readLinks(list: unknown): SpanLink[] {
  let links = NONE_LINKED;
  if (!Array.isArray(list)) {
    return links;
  }
  for (const link of list) {
    if (!isObject(link)) {
      continue;
    }
    const traceId = idOf(link.traceId, 32);
    const spanId = idOf(link.spanId, 16);
    if (traceId && spanId) {
      if (links === NONE_LINKED) {
        links = [];
      }
      links.push({ traceId, spanId, type: 'follows_from' });
    }
  }
  return links;
}

function readEvents(list: unknown, startUs: number, keys: KeyFacts): SpanEvent[] {
  let events = NO_EVENT;
  if (!Array.isArray(list)) {
    return events;
  }
  for (const event of list) {
    if (!isObject(event)) {
      continue;
    }
    if (events === NO_EVENT) {
      events = [];
    }
    events.push({
      timeUs: nanosToMicros(event.timeUnixNano) ?? startUs,
      name: textOf(event.name, 'event'),
      attributes: readKeyValues(event.attributes, keys),
    });
  }
  return events;
}

const MAX_SAFE_MICROS = Number.MAX_SAFE_INTEGER;

/** Nanoseconds as OTLP/JSON writes them (a decimal string, or a number) to whole microseconds. */
export function nanosToMicros(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const length = value.length;
    if (length === 0 || length > 25) {
      return undefined;
    }
    // Drop the last three digits instead of dividing, and add up the rest while checking that every
    // character is a digit: exact, and no regular expression, substring or BigInt per timestamp.
    const kept = length - 3;
    let micros = 0;
    let index = 0;
    for (; index < kept; index++) {
      const digit = value.charCodeAt(index) - 48;
      if (digit >>> 0 > 9) {
        return undefined;
      }
      micros = micros * 10 + digit;
    }
    for (; index < length; index++) {
      if ((value.charCodeAt(index) - 48) >>> 0 > 9) {
        return undefined;
      }
    }
    // Past 2^53 µs (after the year 2255) the sum is no longer exact: round the way Number() does.
    return micros <= MAX_SAFE_MICROS ? micros : Number(value.slice(0, -3));
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Math.floor(value / 1000);
  }
  return undefined;
}

function otlpStatus(code: unknown): SpanStatus {
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') {
    return 'error';
  }
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') {
    return 'ok';
  }
  return 'unset';
}

const KINDS: SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function otlpKind(kind: unknown): SpanKind {
  if (typeof kind === 'number') {
    return KINDS[kind] ?? 'unspecified';
  }
  if (typeof kind === 'string') {
    const name = kind.toLowerCase().replace(/^span_kind_/, '');
    return KINDS.find((candidate) => candidate === name) ?? 'unspecified';
  }
  return 'unspecified';
}

// common's isRecord, kept here: it runs twice per attribute, and a call into another module goes
// through an export getter wherever the code is not bundled (tsx, jest), which showed in profiles.
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deny-listed: masked while reading. */
const MASK_NOW = 1;
/** One of the keys finishSpan reads. */
const FINISH_KEY = 2;
/** Deny-listed and read by finishSpan: masked there, after it has read it. */
const MASK_LATE = 4;
const FINISH_KEYS = new Set(KEYS_FINISH_SPAN_READS);

/**
 * What the reader needs to know about an attribute key, worked out once. The spans of a scope
 * repeat the same keys in the same order, so answers are kept by position: most keys then cost one
 * string comparison instead of a deny-list look-up and a set look-up.
 */
class KeyFacts {
  /** The facts of the keys of the last list read, or-ed together. */
  seen = 0;
  private readonly keys: string[] = [];
  private readonly facts: number[] = [];

  constructor(
    private readonly masker: Masker | undefined,
    private readonly readByFinishSpan: boolean
  ) {}

  of(key: string, position: number): number {
    if (this.keys[position] === key) {
      return this.facts[position];
    }
    let facts = this.readByFinishSpan && FINISH_KEYS.has(key) ? FINISH_KEY : 0;
    if (this.masker !== undefined && this.masker.isDenied(key)) {
      facts |= facts === FINISH_KEY ? MASK_LATE : MASK_NOW;
    }
    this.keys[position] = key;
    this.facts[position] = facts;
    return facts;
  }

  /** A value masked while reading, told to the masker so it is found where it reappears. */
  masked(value: AttributeValue): void {
    this.masker?.record(value);
  }
}

/**
 * OTLP `[{key, value: {stringValue|intValue|…}}]` into a flat map (arrays and maps as JSON text).
 * With `keys`, deny-listed keys are masked as the map is built (no second pass, no copy), and
 * `keys.seen` tells what the list held.
 */
export function readKeyValues(list: unknown, keys?: KeyFacts): Attributes {
  const attributes: Attributes = {};
  if (keys !== undefined) {
    keys.seen = 0;
  }
  if (!Array.isArray(list)) {
    return attributes;
  }
  for (let index = 0; index < list.length; index++) {
    const entry: unknown = list[index];
    if (!isObject(entry)) {
      continue;
    }
    const key = entry.key;
    if (typeof key !== 'string') {
      continue;
    }
    const value = anyValue(entry.value);
    if (value === undefined) {
      continue;
    }
    if (keys === undefined) {
      attributes[key] = value;
      continue;
    }
    const facts = keys.of(key, index);
    keys.seen |= facts;
    if ((facts & MASK_NOW) === 0) {
      attributes[key] = value;
    } else {
      keys.masked(value);
      attributes[key] = MASK;
    }
  }
  return attributes;
}

/** An OTLP AnyValue as plain JSON: arrays and maps nested as they are, at most 8 levels deep. */
function plainValue(value: unknown, depth = 0): unknown {
  if (!isObject(value) || depth > 8) {
    return null;
  }
  if (isObject(value.arrayValue)) {
    const values = value.arrayValue.values;
    return Array.isArray(values) ? values.map((item) => plainValue(item, depth + 1)) : [];
  }
  if (isObject(value.kvlistValue)) {
    const values = value.kvlistValue.values;
    const map: Record<string, unknown> = {};
    for (const entry of Array.isArray(values) ? values : []) {
      if (isObject(entry) && typeof entry.key === 'string') {
        map[entry.key] = plainValue(entry.value, depth + 1);
      }
    }
    return map;
  }
  return anyValue(value) ?? null;
}

function anyValue(value: unknown): AttributeValue | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  // Most attributes are strings: answer them before looking for any other field.
  const text = value.stringValue;
  if (typeof text === 'string') {
    return text;
  }
  if (typeof value.boolValue === 'boolean') {
    return value.boolValue;
  }
  if (typeof value.intValue === 'string' || typeof value.intValue === 'number') {
    const number = Number(value.intValue);
    return Number.isSafeInteger(number) ? number : String(value.intValue);
  }
  if (typeof value.doubleValue === 'number' || typeof value.doubleValue === 'string') {
    const number = Number(value.doubleValue);
    return Number.isFinite(number) ? number : String(value.doubleValue);
  }
  if (isObject(value.arrayValue) || isObject(value.kvlistValue)) {
    // As Jaeger's /api/traces writes them (OpenTelemetry's AsString): ["a","b"], {"k":"v"}.
    try {
      return JSON.stringify(plainValue(value));
    } catch {
      return undefined;
    }
  }
  if (typeof value.bytesValue === 'string') {
    return value.bytesValue;
  }
  return undefined;
}
