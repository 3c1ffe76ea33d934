import { Attributes, AttributeValue, SpanEvent, SpanKind, SpanLink, SpanStatus } from '../model';
import { asArray, asText, finishSpan, isRecord, normaliseId, ReadOptions, ReadResult, WarningTally } from './common';

/**
 * Reads OTLP/JSON traces: Jaeger `/api/v3` (`{result: {resourceSpans}}`), a bare
 * `{resourceSpans}` export request, or a list of either. Never throws.
 */
export function readOtlpTraces(payload: unknown, options: ReadOptions = {}, tally = new WarningTally()): ReadResult {
  const spans: ReadResult['spans'] = [];
  const maxSpans = options.maxSpans ?? Infinity;
  const documents = Array.isArray(payload) ? payload : [payload];
  for (const document of documents) {
    const root = isRecord(document) && isRecord(document.result) ? document.result : document;
    if (!isRecord(root)) {
      continue;
    }
    for (const resourceSpans of asArray(root.resourceSpans)) {
      if (!isRecord(resourceSpans)) {
        continue;
      }
      const resource = isRecord(resourceSpans.resource) ? readKeyValues(resourceSpans.resource.attributes) : {};
      const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';
      const scopes = asArray(resourceSpans.scopeSpans ?? resourceSpans.instrumentationLibrarySpans);
      for (const scope of scopes) {
        if (!isRecord(scope)) {
          continue;
        }
        for (const raw of asArray(scope.spans)) {
          if (spans.length >= maxSpans) {
            tally.tooManySpans(maxSpans);
            break;
          }
          if (!isRecord(raw)) {
            tally.notAnObject();
            continue;
          }
          const traceId = normaliseId(raw.traceId, 32);
          const spanId = normaliseId(raw.spanId, 16);
          const startUs = nanosToMicros(raw.startTimeUnixNano);
          if (!traceId || !spanId || startUs === undefined) {
            tally.withoutIds();
            continue;
          }
          const endUs = nanosToMicros(raw.endTimeUnixNano) ?? startUs;
          const links: SpanLink[] = [];
          for (const link of asArray(raw.links)) {
            if (!isRecord(link)) {
              continue;
            }
            const linkTrace = normaliseId(link.traceId, 32);
            const linkSpan = normaliseId(link.spanId, 16);
            if (linkTrace && linkSpan) {
              links.push({ traceId: linkTrace, spanId: linkSpan, type: 'follows_from' });
            }
          }
          const events: SpanEvent[] = [];
          for (const event of asArray(raw.events)) {
            if (!isRecord(event)) {
              continue;
            }
            events.push({
              timeUs: nanosToMicros(event.timeUnixNano) ?? startUs,
              name: asText(event.name, 'event'),
              attributes: readKeyValues(event.attributes),
            });
          }
          const status = isRecord(raw.status) ? raw.status : {};
          spans.push(
            finishSpan(
              {
                traceId,
                spanId,
                parentSpanId: normaliseId(raw.parentSpanId, 16),
                links,
                service,
                operation: asText(raw.name, ''),
                startUs,
                durationUs: endUs - startUs,
                attributes: readKeyValues(raw.attributes),
                events,
                status: otlpStatus(status.code),
                statusMessage: typeof status.message === 'string' && status.message !== '' ? status.message : undefined,
                kind: otlpKind(raw.kind),
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

/** Nanoseconds as OTLP/JSON writes them (a decimal string, or a number) to whole microseconds. */
export function nanosToMicros(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d{1,25}$/.test(value)) {
    // Drop the last three digits instead of dividing: exact for every realistic timestamp.
    return value.length <= 3 ? 0 : Number(value.slice(0, -3));
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

/** OTLP `[{key, value: {stringValue|intValue|…}}]` into a flat map (arrays and maps as JSON text). */
export function readKeyValues(list: unknown): Attributes {
  const attributes: Attributes = {};
  if (!Array.isArray(list)) {
    return attributes;
  }
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.key !== 'string') {
      continue;
    }
    const value = anyValue(entry.value);
    if (value !== undefined) {
      attributes[entry.key] = value;
    }
  }
  return attributes;
}

function anyValue(value: unknown): AttributeValue | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  if (typeof value.stringValue === 'string') {
    return value.stringValue;
  }
  if (typeof value.boolValue === 'boolean') {
    return value.boolValue;
  }
  if (value.intValue !== undefined) {
    const number = Number(value.intValue);
    return Number.isSafeInteger(number) ? number : String(value.intValue);
  }
  if (typeof value.doubleValue === 'number' || typeof value.doubleValue === 'string') {
    const number = Number(value.doubleValue);
    return Number.isFinite(number) ? number : String(value.doubleValue);
  }
  if (value.arrayValue !== undefined || value.kvlistValue !== undefined) {
    try {
      return JSON.stringify(value.arrayValue ?? value.kvlistValue);
    } catch {
      return undefined;
    }
  }
  if (typeof value.bytesValue === 'string') {
    return value.bytesValue;
  }
  return undefined;
}
