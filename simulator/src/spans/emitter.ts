import { HrTime, Link, ROOT_CONTEXT, SpanContext, SpanStatusCode, trace } from '@opentelemetry/api';
import type { LeakyWorld, Planted, TruthLeak } from '../leaks';
import { ServiceName } from '../lifecycle';
import { OrderPlan, Queue, Step } from '../plan';
import { Rng } from '../rng';
import { Telemetry } from '../telemetry';
import { StepSpans } from './steps';
import { SpanSpec, SpanWriter } from './types';

/** What emitting a step produced, for the simulator's bookkeeping. */
export interface StepOutcome {
  spans: number;
  /** Queue whose message was dead-lettered in this step. */
  deadLettered?: Queue;
  /** The trace of the span that recorded the step's status change (its exemplar points there). */
  statusTraceId?: string;
  /** That span itself: the dirty world hangs its spans in the same trace. */
  statusSpan?: StatusSpan;
  /** The personal data the step's spans carry (`--leaky` only). */
  leaks?: TruthLeak[];
}

export interface StatusSpan {
  context: SpanContext;
  startMs: number;
  service: ServiceName;
}

function hrTime(ms: number): HrTime {
  const micros = Math.round(ms * 1000);
  return [Math.floor(micros / 1_000_000), (micros % 1_000_000) * 1000];
}

/**
 * Turns planned steps into spans shaped like real instrumentation would produce them:
 * HTTP server/client, database, RabbitMQ and S3 spans, one trace per step, consumers linked to
 * their producers. Every span about the order carries `order.id`; status changes carry
 * `order.status` (and `order.status.previous`) on the span that starts exactly at the step's time.
 */
export class SpanEmitter implements SpanWriter {
  private count = 0;
  /** While a step that changes the status is emitted: that status, and the trace that records it. */
  private statusChange?: { status: string; traceId?: string; span?: StatusSpan };
  /** While a step is emitted in the leaky world: its order and step, and the step's first span. */
  private leakyStep?: { plan: OrderPlan; step: Step; root?: SpanContext };

  constructor(
    private readonly telemetry: Telemetry,
    private readonly onSpan: (service: ServiceName) => void = () => undefined,
    /** The careless instrumentation of `--leaky`; absent, spans are what the steps say. */
    private readonly leaky?: LeakyWorld
  ) {}

  get spansEmitted(): number {
    return this.count;
  }

  /**
   * Emits one step of an order. `messages` holds the producer span contexts of the order's
   * in-flight messages (the consumer links to them); `rng` is the order's emission generator.
   */
  emitStep(plan: OrderPlan, step: Step, rng: Rng, messages: Map<string, SpanContext>): StepOutcome {
    this.telemetry.ids.use(rng);
    const before = this.count;
    this.statusChange = step.status ? { status: step.status.status } : undefined;
    this.leakyStep = this.leaky ? { plan, step } : undefined;
    const deadLettered = new StepSpans(this, plan, step, rng, messages).run();
    const statusTraceId = this.statusChange?.traceId;
    const statusSpan = this.statusChange?.span;
    this.statusChange = undefined;
    let leaks: TruthLeak[] | undefined;
    if (this.leaky) {
      // The spans the leaky world adds take ids from its own stream: the clean spans keep theirs.
      this.telemetry.ids.use(this.leaky.rngOf(plan));
      this.leaky.extraSpans(plan, step, this.leakyStep?.root, this);
      this.leakyStep = undefined;
      leaks = this.leaky.takeStepLeaks();
    }
    return {
      spans: this.count - before,
      deadLettered,
      statusTraceId,
      ...(statusSpan ? { statusSpan } : {}),
      ...(leaks ? { leaks } : {}),
    };
  }

  span(given: SpanSpec): SpanContext {
    const leakyStep = this.leakyStep;
    let spec = given;
    let planted: Planted[] = [];
    if (this.leaky && leakyStep) {
      const rewritten = this.leaky.rewrite(given, leakyStep.plan, leakyStep.step);
      spec = rewritten.spec;
      planted = [...rewritten.planted, ...this.leaky.extraLeaks(given)];
    }
    const tracer = spec.withoutServiceName
      ? this.telemetry.namelessTracer(spec.layer)
      : this.telemetry.tracer(spec.service, spec.layer);
    const links: Link[] = (spec.links ?? []).map((context) => ({ context }));
    const parentContext = spec.parent ? trace.setSpanContext(ROOT_CONTEXT, spec.parent) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      spec.name,
      { kind: spec.kind, startTime: hrTime(spec.startMs), attributes: spec.attributes, links, root: !spec.parent },
      parentContext
    );
    if (spec.error) {
      span.addEvent(
        'exception',
        { 'exception.type': spec.error.type, 'exception.message': spec.error.message, 'exception.escaped': false },
        hrTime(spec.endMs - Math.min(1, (spec.endMs - spec.startMs) / 10))
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error.message });
    } else if (spec.ok) {
      span.setStatus({ code: SpanStatusCode.OK });
    }
    for (const event of spec.events ?? []) {
      span.addEvent(event.name, event.attributes, hrTime(event.atMs));
    }
    span.end(hrTime(Math.max(spec.endMs, spec.startMs)));
    if (
      this.statusChange &&
      this.statusChange.traceId === undefined &&
      spec.attributes['order.status'] === this.statusChange.status
    ) {
      this.statusChange.traceId = span.spanContext().traceId;
      this.statusChange.span = { context: span.spanContext(), startMs: spec.startMs, service: spec.service };
    }
    this.count++;
    this.onSpan(spec.service);
    if (this.leaky && leakyStep) {
      leakyStep.root ??= span.spanContext();
      this.leaky.record(spec, planted, span.spanContext());
    }
    return span.spanContext();
  }
}
