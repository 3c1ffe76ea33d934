import { Masker } from '../mask';
import {
  Attributes,
  AttributeValue,
  EngineWarning,
  MessagingInfo,
  OrderSpan,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanStatus,
} from '../model';

export interface ReadOptions {
  /** When given, deny-listed attributes (span and event) are masked while reading. */
  masker?: Masker;
  /** Regular expression of dead-letter destinations (default `\.(dlx|dlq)$`). */
  deadLetter?: RegExp;
  /** Spans beyond this are not read (a warning says so). */
  maxSpans?: number;
}

export interface ReadResult {
  spans: OrderSpan[];
  warnings: EngineWarning[];
}

/** Collects warnings by code so 100 000 bad spans give one line each, not 100 000. */
export class WarningTally {
  private counts = new Map<EngineWarning['code'], { count: number; sample: string }>();

  add(code: EngineWarning['code'], sample: string): void {
    const entry = this.counts.get(code);
    if (entry) {
      entry.count++;
    } else {
      this.counts.set(code, { count: 1, sample });
    }
  }

  /** The readers' common complaints, worded once. */
  tooManySpans(maxSpans: number): void {
    this.add('too_many_spans', `More than ${maxSpans} spans: the rest were not read`);
  }

  notAnObject(): void {
    this.add('invalid_span', 'A span that is not an object was skipped');
  }

  withoutIds(): void {
    this.add('invalid_span', 'A span without a trace id, span id or start time was skipped');
  }

  toWarnings(): EngineWarning[] {
    const warnings: EngineWarning[] = [];
    for (const [code, { count, sample }] of this.counts) {
      warnings.push({ code, message: count === 1 ? sample : `${sample} (${count} times)` });
    }
    return warnings;
  }
}

/** Shared empty lists: most spans have no links or events; frozen so nobody can fill them. */
export const NO_LINKS: SpanLink[] = Object.freeze([]) as unknown as SpanLink[];
export const NO_EVENTS: SpanEvent[] = Object.freeze([]) as unknown as SpanEvent[];

const DEFAULT_DEAD_LETTER = /\.(dlx|dlq)$/;
const HEX = /^[0-9a-f]+$/;

/** Lower-case hex, left-padded: Jaeger may drop leading zeros, OTLP never does. */
// Every span of a trace repeats its trace id: remember the last trace id's answer.
let lastTraceRaw: string | undefined;
let lastTraceId: string | undefined;

export function normaliseId(raw: unknown, width: 16 | 32): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64) {
    return undefined;
  }
  if (width === 16) {
    return normaliseNewId(raw, width);
  }
  if (raw !== lastTraceRaw) {
    lastTraceRaw = raw;
    lastTraceId = normaliseNewId(raw, width);
  }
  return lastTraceId;
}

function normaliseNewId(raw: string, width: 16 | 32): string | undefined {
  if (raw.length === width && isNonZeroLowerHex(raw)) {
    return raw;
  }
  let id = raw.toLowerCase();
  if (!HEX.test(id)) {
    id = base64ToHex(raw) ?? '';
    if (id === '') {
      return undefined;
    }
  }
  if (id.length < width) {
    id = '0'.repeat(width - id.length) + id;
  }
  return /^0+$/.test(id) ? undefined : id;
}

// Lower-case hex digits: 1 for '0', 2 for the others, 0 for anything else (a table, because
// random hex digits defeat the branch predictor and a regex costs more per call than the loop).
const HEX_DIGIT = new Uint8Array(128);
for (const digit of '0123456789abcdef') {
  HEX_DIGIT[digit.charCodeAt(0)] = digit === '0' ? 1 : 2;
}

/** The id every OTLP span and most Jaeger spans carry already: lower-case hex, not all zeros. */
function isNonZeroLowerHex(raw: string): boolean {
  let seen = 0;
  for (let index = 0; index < raw.length; index++) {
    const code = raw.charCodeAt(index);
    const digit = code < 128 ? HEX_DIGIT[code] : 0;
    if (digit === 0) {
      return false;
    }
    seen |= digit;
  }
  return seen > 1;
}

function base64ToHex(raw: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || (raw.length !== 12 && raw.length !== 24)) {
    return undefined;
  }
  let hex = '';
  try {
    const binary = atob(raw);
    for (let index = 0; index < binary.length; index++) {
      hex += binary.charCodeAt(index).toString(16).padStart(2, '0');
    }
  } catch {
    return undefined;
  }
  return hex;
}

export function toAttributeValue(value: unknown): AttributeValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) {
        return undefined;
      }
      try {
        return JSON.stringify(value);
      } catch {
        return undefined;
      }
    default:
      return undefined;
  }
}

function spanKind(raw: AttributeValue | undefined): SpanKind {
  if (typeof raw !== 'string') {
    return 'unspecified';
  }
  switch (raw.toLowerCase().replace(/^span_kind_/, '')) {
    case 'server':
      return 'server';
    case 'client':
      return 'client';
    case 'producer':
      return 'producer';
    case 'consumer':
      return 'consumer';
    case 'internal':
      return 'internal';
    default:
      return 'unspecified';
  }
}

function messagingOperation(raw: AttributeValue | undefined, kind: SpanKind): MessagingInfo['operation'] {
  if (typeof raw === 'string') {
    switch (raw.toLowerCase()) {
      case 'publish':
      case 'send':
      case 'create':
        return 'publish';
      case 'receive':
        return 'receive';
      case 'process':
      case 'deliver':
        return 'process';
      case 'settle':
        return 'settle';
    }
  }
  if (kind === 'producer') {
    return 'publish';
  }
  if (kind === 'consumer') {
    return 'process';
  }
  return 'other';
}

const DESTINATION_KEYS = [
  'messaging.destination.name',
  'messaging.destination',
  'messaging.rabbitmq.destination.routing_key',
  'messaging.rabbitmq.routing_key',
];

/** Old and new OTel messaging names, read into one shape. */
export function readMessaging(attributes: Attributes, kind: SpanKind, deadLetter: RegExp): MessagingInfo | undefined {
  const system = attributes['messaging.system'];
  let destination: string | undefined;
  let isDeadLetter = false;
  for (const key of DESTINATION_KEYS) {
    const value = attributes[key];
    if (typeof value === 'string' && value !== '') {
      destination ??= value;
      if (deadLetter.test(value)) {
        isDeadLetter = true;
      }
    }
  }
  if (system === undefined && destination === undefined) {
    return undefined;
  }
  return {
    system: typeof system === 'string' ? system : 'unknown',
    operation: messagingOperation(attributes['messaging.operation.type'] ?? attributes['messaging.operation'], kind),
    destination,
    deadLetter: isDeadLetter,
  };
}

/**
 * Every attribute finishSpan reads (status, kind, messaging). It reads them before masking, so a
 * reader that masks while reading must leave a span carrying a deny-listed one of these to it.
 */
export const KEYS_FINISH_SPAN_READS: readonly string[] = [
  'otel.status_code',
  'error',
  'otel.status_description',
  'span.kind',
  'messaging.system',
  ...DESTINATION_KEYS,
  'messaging.operation.type',
  'messaging.operation',
];

/** What a reader hands over: the span's own fields; status and kind when the format has them. */
export type SpanParts = Omit<OrderSpan, 'status' | 'kind' | 'messaging'> & {
  /** Explicit status/kind when the format has them (OTLP, gRPC frames); otherwise read from tags. */
  status?: SpanStatus;
  kind?: SpanKind;
  /** True when the reader already masked attributes and event fields. */
  masked?: boolean;
  /**
   * True when the reader knows the attributes hold none of KEYS_FINISH_SPAN_READS: most spans, and
   * looking for absent keys on attribute maps of many shapes is slow (megamorphic look-ups).
   */
  withoutFinishKeys?: boolean;
};

/**
 * Finishes a span: status and kind from Jaeger tags when not explicit, messaging, masking, sanity.
 * Every attribute read here must be listed in KEYS_FINISH_SPAN_READS.
 */
export function finishSpan(parts: SpanParts, options: ReadOptions, tally: WarningTally): OrderSpan {
  const attributes = parts.attributes;
  const lookUp = parts.withoutFinishKeys !== true;
  let status = parts.status ?? 'unset';
  if (status === 'unset' && lookUp) {
    const code = attributes['otel.status_code'];
    const error = attributes.error;
    if (error === true || error === 'true' || code === 'ERROR' || code === 'STATUS_CODE_ERROR') {
      status = 'error';
    } else if (code === 'OK' || code === 'STATUS_CODE_OK') {
      status = 'ok';
    }
  }
  let statusMessage = parts.statusMessage;
  if (statusMessage === undefined && lookUp && typeof attributes['otel.status_description'] === 'string') {
    statusMessage = attributes['otel.status_description'];
  }
  const kind =
    parts.kind && parts.kind !== 'unspecified'
      ? parts.kind
      : lookUp
        ? spanKind(attributes['span.kind'])
        : 'unspecified';
  let durationUs = parts.durationUs;
  if (!Number.isFinite(durationUs) || durationUs < 0) {
    tally.add(
      'negative_duration',
      `Span ${parts.spanId} of trace ${parts.traceId} has a negative or invalid duration; it is shown as 0`
    );
    durationUs = 0;
  }
  const masker = parts.masked ? undefined : options.masker;
  let events = parts.events;
  if (masker && masker.active) {
    for (let index = 0; index < events.length; index++) {
      const masked = masker.attributes(events[index].attributes);
      if (masked !== events[index].attributes) {
        if (events === parts.events) {
          events = events.slice();
        }
        events[index] = { ...events[index], attributes: masked };
      }
    }
  }
  const span: OrderSpan = {
    traceId: parts.traceId,
    spanId: parts.spanId,
    links: parts.links,
    service: parts.service,
    operation: parts.operation,
    startUs: parts.startUs,
    durationUs,
    attributes: masker ? masker.attributes(attributes) : attributes,
    events,
    status,
    kind,
  };
  if (parts.parentSpanId !== undefined && parts.parentSpanId !== parts.spanId) {
    span.parentSpanId = parts.parentSpanId;
  }
  if (statusMessage !== undefined) {
    span.statusMessage = statusMessage;
  }
  const messaging = lookUp ? readMessaging(attributes, kind, options.deadLetter ?? DEFAULT_DEAD_LETTER) : undefined;
  if (messaging) {
    span.messaging = messaging;
  }
  return span;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

export function asText(value: unknown, fallback: string): string {
  if (typeof value === 'string') {
    return value.length > 1000 ? value.slice(0, 1000) : value;
  }
  return fallback;
}
