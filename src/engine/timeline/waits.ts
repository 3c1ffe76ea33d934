import { EngineConfig } from '../config';
import { clip, refOf } from '../evidence';
import { formatClock, formatHumanDuration } from '../format';
import { Evidence, OrderSpan, StatusInterval, Wait } from '../model';
import { StatusAt } from './orderStatuses';
import { SpanIndex, spanKey } from './spanIndex';

export interface QueueWaits {
  waits: Wait[];
  /** `unconsumed_message` for publishes nobody processed while the order stood still. */
  evidence: Evidence[];
}

export interface QueueWaitContext {
  config: EngineConfig;
  nowUs: number;
  statusAt: StatusAt;
  /** The status the order is in now. */
  current: StatusInterval | undefined;
}

/**
 * Time messages spent on queues: publish → process for each consumer span whose link or parent is
 * a publish, and an open wait (until now) for each publish nothing processed. A dead-lettering
 * span takes its message off the queue without a wait of its own.
 */
export function queueWaits(spans: OrderSpan[], byKey: SpanIndex, context: QueueWaitContext): QueueWaits {
  const { config, nowUs, statusAt, current } = context;
  const waits: Wait[] = [];
  const evidence: Evidence[] = [];
  const consumed = new Set<string>();
  for (const span of spans) {
    const consumer = span.messaging
      ? span.messaging.operation === 'process' || span.messaging.operation === 'receive' || span.kind === 'consumer'
      : span.kind === 'consumer';
    if (!consumer && !span.messaging?.deadLetter) {
      continue;
    }
    const sources = span.links.map((link) => spanKey(link.traceId, link.spanId));
    if (span.parentSpanId) {
      sources.push(spanKey(span.traceId, span.parentSpanId));
    }
    for (const source of sources) {
      const producer = byKey.get(source);
      if (!producer || !(producer.messaging?.operation === 'publish' || producer.kind === 'producer')) {
        continue;
      }
      consumed.add(source);
      if (consumer) {
        waits.push({
          kind: 'queue',
          queue: producer.messaging?.destination ?? span.messaging?.destination,
          from: refOf(producer),
          to: refOf(span),
          startUs: producer.startUs,
          endUs: span.startUs,
          durationUs: Math.max(0, span.startUs - producer.startUs),
        });
      }
    }
  }
  for (const span of spans) {
    const publish =
      span.messaging?.operation === 'publish' || (span.kind === 'producer' && span.messaging !== undefined);
    if (!publish || span.messaging?.deadLetter || consumed.has(spanKey(span.traceId, span.spanId))) {
      continue;
    }
    const waited = nowUs - span.startUs;
    waits.push({
      kind: 'queue',
      queue: span.messaging?.destination,
      from: refOf(span),
      startUs: span.startUs,
      endUs: null,
      durationUs: Math.max(0, waited),
    });
    const statusThen = statusAt(span.startUs);
    // A message counts as lost only when it was due long ago and the order never moved on after it.
    if (waited >= config.unconsumedAfterUs && current && statusThen === current.status && !current.terminal) {
      evidence.push({
        kind: 'unconsumed_message',
        severity: 'critical',
        atUs: span.startUs,
        status: statusThen,
        service: span.service,
        message: `${span.service} published a message to ${clip(span.messaging?.destination ?? 'a queue', 80)} at ${formatClock(span.startUs, nowUs)}; nothing has processed it in ${formatHumanDuration(waited)}.`,
        spans: [refOf(span)],
      });
    }
  }
  return { waits, evidence };
}

/** Gaps of more than a second between traces, where the order waited and nothing happened. */
export function traceGaps(spans: OrderSpan[]): Wait[] {
  const waits: Wait[] = [];
  let lastEnd = -Infinity;
  let lastSpan: OrderSpan | undefined;
  for (const span of spans) {
    if (lastSpan && span.traceId !== lastSpan.traceId && span.startUs - lastEnd > 1_000_000) {
      waits.push({
        kind: 'gap',
        from: refOf(lastSpan),
        to: refOf(span),
        startUs: lastEnd,
        endUs: span.startUs,
        durationUs: span.startUs - lastEnd,
      });
    }
    const end = span.startUs + span.durationUs;
    if (end >= lastEnd) {
      lastEnd = end;
      lastSpan = span;
    }
  }
  return waits;
}
