import { Attributes, SpanEvent, SpanKind, SpanLink, SpanStatus } from '../model';
import {
  asArray,
  asFiniteNumber,
  asText,
  finishSpan,
  isRecord,
  normaliseId,
  ReadOptions,
  ReadResult,
  toAttributeValue,
  WarningTally,
} from './common';

/** The structural shape of a Grafana data frame: no Grafana import needed. */
export interface TraceFrameLike {
  fields: Array<{ name: string; values: ArrayLike<unknown> | { toArray(): unknown[] } }>;
  length?: number;
}

/**
 * Reads Grafana's Jaeger trace data frame (Explore / traces panel shape): fields `traceID, spanID,
 * parentSpanID, operationName, serviceName, startTime (ms), duration (ms), logs, references, tags`,
 * and from the gRPC variant `statusCode`, `statusMessage`, `kind`. Accepts one frame or a list.
 */
export function readTraceFrames(frames: unknown, options: ReadOptions = {}, tally = new WarningTally()): ReadResult {
  const spans: ReadResult['spans'] = [];
  const maxSpans = options.maxSpans ?? Infinity;
  for (const frame of Array.isArray(frames) ? frames : [frames]) {
    if (!isTraceFrame(frame)) {
      tally.add('invalid_span', 'A data frame that is not a trace frame (it has no spanID field) was ignored');
      continue;
    }
    const column = (name: string): unknown[] | undefined => {
      const field = frame.fields.find((candidate) => candidate.name === name);
      if (!field) {
        return undefined;
      }
      const values = field.values;
      if (Array.isArray(values)) {
        return values;
      }
      if (isRecord(values) && typeof values.toArray === 'function') {
        const array: unknown = values.toArray();
        return Array.isArray(array) ? array : undefined;
      }
      return Array.from(values as ArrayLike<unknown>);
    };
    const traceIds = column('traceID') ?? [];
    const spanIds = column('spanID') ?? [];
    const parents = column('parentSpanID') ?? [];
    const operations = column('operationName') ?? [];
    const services = column('serviceName') ?? [];
    const starts = column('startTime') ?? [];
    const durations = column('duration') ?? [];
    const logs = column('logs') ?? [];
    const references = column('references') ?? [];
    const tags = column('tags') ?? [];
    const statusCodes = column('statusCode') ?? [];
    const statusMessages = column('statusMessage') ?? [];
    const kinds = column('kind') ?? [];
    const rows = frame.length ?? spanIds.length;
    for (let row = 0; row < rows; row++) {
      if (spans.length >= maxSpans) {
        tally.tooManySpans(maxSpans);
        break;
      }
      const traceId = normaliseId(traceIds[row], 32);
      const spanId = normaliseId(spanIds[row], 16);
      const startMs = asFiniteNumber(starts[row]);
      if (!traceId || !spanId || startMs === undefined) {
        tally.withoutIds();
        continue;
      }
      const startUs = Math.round(startMs * 1000);
      const links: SpanLink[] = [];
      for (const reference of asArray(references[row])) {
        if (!isRecord(reference)) {
          continue;
        }
        const linkTrace = normaliseId(reference.traceID, 32) ?? traceId;
        const linkSpan = normaliseId(reference.spanID, 16);
        if (linkSpan) {
          links.push({
            traceId: linkTrace,
            spanId: linkSpan,
            type: reference.refType === 'CHILD_OF' ? 'child_of' : 'follows_from',
          });
        }
      }
      const events: SpanEvent[] = [];
      for (const log of asArray(logs[row])) {
        if (!isRecord(log)) {
          continue;
        }
        const attributes = keyValuePairs(log.fields);
        // An empty log name must not hide the event=exception field that names it.
        const name = typeof log.name === 'string' && log.name !== '' ? log.name : attributes.event;
        const timestamp = asFiniteNumber(log.timestamp);
        events.push({
          timeUs: timestamp === undefined ? startUs : Math.round(logTimeUs(timestamp, startMs)),
          name: typeof name === 'string' ? name : 'log',
          attributes,
        });
      }
      spans.push(
        finishSpan(
          {
            traceId,
            spanId,
            parentSpanId: normaliseId(parents[row], 16),
            links,
            service: asText(services[row], 'unknown'),
            operation: asText(operations[row], ''),
            startUs,
            durationUs: Math.round((asFiniteNumber(durations[row]) ?? 0) * 1000),
            attributes: keyValuePairs(tags[row]),
            events,
            status: frameStatus(statusCodes[row]),
            statusMessage:
              typeof statusMessages[row] === 'string' && statusMessages[row] !== ''
                ? (statusMessages[row] as string)
                : undefined,
            kind: frameKind(kinds[row]),
          },
          options,
          tally
        )
      );
    }
  }
  return { spans, warnings: tally.toWarnings() };
}

/**
 * A log time in microseconds. Grafana's HTTP variant of the frame writes milliseconds, its gRPC (v3)
 * variant microseconds: the reading closer to the span's own start is the right one (a millisecond
 * time read as microseconds lands in 1970, a microsecond time read as milliseconds in year 50 000).
 */
function logTimeUs(timestamp: number, spanStartMs: number): number {
  const spanUs = spanStartMs * 1000;
  return Math.abs(timestamp - spanUs) < Math.abs(timestamp * 1000 - spanUs) ? timestamp : timestamp * 1000;
}

export function isTraceFrame(value: unknown): value is TraceFrameLike {
  return (
    isRecord(value) &&
    Array.isArray(value.fields) &&
    value.fields.some((field) => isRecord(field) && field.name === 'spanID')
  );
}

function keyValuePairs(list: unknown): Attributes {
  const attributes: Attributes = {};
  for (const entry of asArray(list)) {
    if (isRecord(entry) && typeof entry.key === 'string') {
      const value = toAttributeValue(entry.value);
      if (value !== undefined) {
        attributes[entry.key] = value;
      }
    }
  }
  return attributes;
}

function frameStatus(code: unknown): SpanStatus | undefined {
  // Grafana's gRPC variant: 0 unset, 1 ok, 2 error.
  if (code === 2 || code === 'ERROR' || code === 'STATUS_CODE_ERROR') {
    return 'error';
  }
  if (code === 1 || code === 'OK' || code === 'STATUS_CODE_OK') {
    return 'ok';
  }
  return undefined;
}

function frameKind(kind: unknown): SpanKind | undefined {
  if (typeof kind !== 'string') {
    return undefined;
  }
  const name = kind.toLowerCase().replace(/^span_kind_/, '');
  const kinds: SpanKind[] = ['server', 'client', 'producer', 'consumer', 'internal'];
  return kinds.find((candidate) => candidate === name);
}
