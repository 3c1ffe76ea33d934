import { MASKED, Masker } from '../mask';
import { Attributes, SpanEvent, SpanLink } from '../model';
import {
  NO_EVENTS,
  NO_LINKS,
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

/**
 * Reads Jaeger's `/api/traces` JSON: `{data: [trace]}`, a list of traces, or one trace.
 * Never throws; what it cannot read is counted in warnings.
 */
export function readJaegerTraces(payload: unknown, options: ReadOptions = {}, tally = new WarningTally()): ReadResult {
  const spans: ReadResult['spans'] = [];
  const traces =
    isRecord(payload) && Array.isArray(payload.data) ? payload.data : Array.isArray(payload) ? payload : [payload];
  const maxSpans = options.maxSpans ?? Infinity;
  const masker = options.masker?.active ? options.masker : undefined;
  for (const trace of traces) {
    if (!isRecord(trace)) {
      continue;
    }
    const processes = isRecord(trace.processes) ? trace.processes : {};
    const traceSpans = asArray(trace.spans);
    for (const raw of traceSpans) {
      if (spans.length >= maxSpans) {
        tally.tooManySpans(maxSpans);
        break;
      }
      if (!isRecord(raw)) {
        tally.notAnObject();
        continue;
      }
      const traceId = normaliseId(raw.traceID ?? trace.traceID, 32);
      const spanId = normaliseId(raw.spanID, 16);
      const startUs = asFiniteNumber(raw.startTime);
      if (!traceId || !spanId || startUs === undefined) {
        tally.withoutIds();
        continue;
      }
      let parentSpanId: string | undefined;
      let links: SpanLink[] = NO_LINKS;
      for (const reference of asArray(raw.references)) {
        if (!isRecord(reference)) {
          continue;
        }
        const refTrace: string = normaliseId(reference.traceID, 32) ?? traceId;
        const refSpan = normaliseId(reference.spanID, 16);
        if (!refSpan) {
          continue;
        }
        const childOf = reference.refType === 'CHILD_OF';
        if (childOf && parentSpanId === undefined && refTrace === traceId) {
          parentSpanId = refSpan;
        } else {
          if (links === NO_LINKS) {
            links = [];
          }
          links.push({ traceId: refTrace, spanId: refSpan, type: childOf ? 'child_of' : 'follows_from' });
        }
      }
      if (parentSpanId === undefined) {
        const parent = normaliseId(raw.parentSpanID, 16);
        if (parent) {
          parentSpanId = parent;
        }
      }
      const process = typeof raw.processID === 'string' ? processes[raw.processID] : raw.process;
      const service = isRecord(process) ? asText(process.serviceName, 'unknown') : 'unknown';
      const logs = asArray(raw.logs);
      const events: SpanEvent[] = logs.length === 0 ? NO_EVENTS : [];
      for (const log of logs) {
        if (!isRecord(log)) {
          continue;
        }
        const attributes = readTags(log.fields, masker);
        const name = attributes.event;
        events.push({
          timeUs: asFiniteNumber(log.timestamp) ?? startUs,
          name: typeof name === 'string' ? name : 'log',
          attributes,
        });
      }
      spans.push(
        finishSpan(
          {
            traceId,
            spanId,
            parentSpanId,
            links,
            service,
            operation: asText(raw.operationName, ''),
            startUs,
            durationUs: asFiniteNumber(raw.duration) ?? 0,
            attributes: readTags(raw.tags, masker),
            events,
            masked: masker !== undefined,
          },
          options,
          tally
        )
      );
    }
  }
  return { spans, warnings: tally.toWarnings() };
}

/** Jaeger `[{key, type, value}]` tags into a flat map; int64 strings stay strings, bool strings become booleans. */
export function readTags(tags: unknown, masker?: Masker): Attributes {
  const attributes: Attributes = {};
  if (!Array.isArray(tags)) {
    return attributes;
  }
  for (const tag of tags) {
    if (!isRecord(tag) || typeof tag.key !== 'string') {
      continue;
    }
    let value = tag.value;
    if (tag.type === 'bool' && typeof value === 'string') {
      value = value === 'true';
    }
    const converted = toAttributeValue(value);
    if (converted !== undefined) {
      // Masking while building the map: no second pass, no copy.
      if (masker !== undefined && masker.isDenied(tag.key)) {
        masker.record(converted);
        attributes[tag.key] = MASKED;
      } else {
        attributes[tag.key] = converted;
      }
    }
  }
  return attributes;
}
