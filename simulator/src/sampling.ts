import { Context, SpanStatusCode } from '@opentelemetry/api';
import { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Sampling } from './config';

/** `none`, `head:0.1`, `tail:0.1` → the sampling it names; undefined when it names none. */
export function parseSampling(value: string): Sampling | undefined {
  if (value === 'none') {
    return { policy: 'none' };
  }
  const match = /^(head|tail):(.+)$/.exec(value);
  const ratio = match ? Number(match[2]) : Number.NaN;
  if (!match || match[2].trim() === '' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    return undefined;
  }
  return { policy: match[1] === 'head' ? 'head' : 'tail', ratio };
}

export function describeSampling(sampling: Sampling): string {
  return sampling.policy === 'none' ? 'none' : `${sampling.policy}:${sampling.ratio}`;
}

/**
 * A trace's place in [0, 1), from the seed and the trace id alone: the same seed keeps the same
 * traces, whatever else the run does, and deciding draws nothing from the simulator's generators.
 */
export function traceDraw(seed: number, traceId: string): number {
  // FNV-1a over the id, seeded, then a final mix so neighbouring ids spread over the range.
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < traceId.length; index++) {
    hash = Math.imul(hash ^ traceId.charCodeAt(index), 0x01000193) >>> 0;
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b) >>> 0;
  return ((hash ^ (hash >>> 16)) >>> 0) / 0x100000000;
}

/** The policy a company should run in its collector: what Order Tracker needs is never dropped. */
function mustKeep(spans: ReadableSpan[], statusKey: string): boolean {
  return spans.some(
    (span) => typeof span.attributes[statusKey] === 'string' || span.status.code === SpanStatusCode.ERROR
  );
}

export interface TraceDecision {
  traceId: string;
  kept: boolean;
  spans: number;
}

interface Held {
  span: ReadableSpan;
  next: SpanProcessor;
}

/**
 * Where finished spans wait until their trace is decided. The simulator emits a step's traces
 * whole and then calls `settle()`, which keeps or drops each trace as the policy says and reports
 * it, so the ground truth can say what a reader cannot see. Without a policy spans pass straight
 * through, exactly as without the gate.
 */
export class SamplingGate {
  private sampling: Sampling = { policy: 'none' };
  private seed = 0;
  private readonly held = new Map<string, Held[]>();
  private dropped = 0;

  constructor(private readonly statusKey = 'order.status') {}

  use(sampling: Sampling, seed: number): void {
    this.sampling = sampling;
    this.seed = seed;
  }

  get active(): boolean {
    return this.sampling.policy !== 'none';
  }

  /** Spans dropped so far. */
  get sampledOutSpans(): number {
    return this.dropped;
  }

  hold(span: ReadableSpan, next: SpanProcessor): void {
    if (!this.active) {
      next.onEnd(span);
      return;
    }
    const traceId = span.spanContext().traceId;
    const spans = this.held.get(traceId);
    if (spans) {
      spans.push({ span, next });
    } else {
      this.held.set(traceId, [{ span, next }]);
    }
  }

  /** Decides every trace held so far: kept spans go on to their exporters, dropped ones are counted. */
  settle(): TraceDecision[] {
    const decisions: TraceDecision[] = [];
    for (const [traceId, held] of this.held) {
      const kept = this.keeps(
        traceId,
        held.map((entry) => entry.span)
      );
      if (kept) {
        for (const entry of held) {
          entry.next.onEnd(entry.span);
        }
      } else {
        this.dropped += held.length;
      }
      decisions.push({ traceId, kept, spans: held.length });
    }
    this.held.clear();
    return decisions;
  }

  private keeps(traceId: string, spans: ReadableSpan[]): boolean {
    const { sampling } = this;
    if (sampling.policy === 'none') {
      return true;
    }
    if (sampling.policy === 'tail' && mustKeep(spans, this.statusKey)) {
      return true;
    }
    return traceDraw(this.seed, traceId) < sampling.ratio;
  }
}

/** A span processor that hands finished spans to the gate instead of straight to `inner`. */
export class GatedSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly gate: SamplingGate
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.gate.hold(span, this.inner);
  }

  forceFlush(): Promise<void> {
    // The simulator settles after every step; anything still held here was never going to be reported.
    this.gate.settle();
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
