import { EngineConfig } from '../config';
import { createPersonalDataMasker, maskSpanTexts } from '../personalData';
import { isRecord, ReadOptions, ReadResult, WarningTally } from './common';
import { isTraceFrame, readTraceFrames } from './frame';
import { readJaegerTraces } from './jaeger';
import { readOtlpTraces } from './otlp';

export type SpanFormat = 'jaeger' | 'otlp' | 'frame' | 'unknown';

/** Which reader a payload needs, by shape. */
export function detectSpanFormat(payload: unknown): SpanFormat {
  const first = Array.isArray(payload) ? payload[0] : payload;
  if (!isRecord(first)) {
    return 'unknown';
  }
  if (isTraceFrame(first)) {
    return 'frame';
  }
  if (isRecord(first.result) || Array.isArray(first.resourceSpans)) {
    return 'otlp';
  }
  if (Array.isArray(first.data) || Array.isArray(first.spans)) {
    return 'jaeger';
  }
  return 'unknown';
}

/**
 * Reads spans from any supported payload (or a list of payloads of mixed formats, as one plan's
 * responses), masking deny-listed attributes and marking dead-letter destinations from the config.
 */
export function readSpans(payloads: unknown[], config: EngineConfig): ReadResult {
  // The values the deny-list masks in this read, to be masked again wherever they reappear.
  const denied = new Set<string>();
  const masker = config.mask.active ? config.mask.collecting(denied) : config.mask;
  const options: ReadOptions = { masker, deadLetter: config.deadLetter, maxSpans: config.maxSpans };
  const tally = new WarningTally();
  const spans: ReadResult['spans'] = [];
  for (const payload of payloads) {
    const remaining = config.maxSpans - spans.length;
    if (remaining <= 0) {
      tally.tooManySpans(config.maxSpans);
      break;
    }
    const limited = { ...options, maxSpans: remaining };
    let result: ReadResult;
    switch (detectSpanFormat(payload)) {
      case 'jaeger':
        result = readJaegerTraces(payload, limited, tally);
        break;
      case 'otlp':
        result = readOtlpTraces(payload, limited, tally);
        break;
      case 'frame':
        result = readTraceFrames(payload, limited, tally);
        break;
      default:
        if (payload !== null && payload !== undefined) {
          tally.add('invalid_span', 'A response that holds no traces in a known format was ignored');
        }
        continue;
    }
    for (const span of result.spans) {
      // Jaeger names a resource without service.name "missing-service-name"; readers say "unknown".
      if (span.service === 'unknown' || span.service === 'missing-service-name') {
        tally.add('missing_process', `A span names no service: it is shown under "${span.service}" and its status still counts`);
      }
      spans.push(span);
    }
  }
  const protectedKeys = [config.orderIdKey, config.statusKey, config.previousStatusKey];
  if (denied.size > 0) {
    maskSpanTexts(spans, createPersonalDataMasker(denied, config.maskPersonalPatterns), protectedKeys);
  } else if (config.maskPersonalPatterns) {
    maskSpanTexts(spans, config.personalData, protectedKeys);
  }
  return { spans, warnings: tally.toWarnings() };
}
