import { SpanContext } from '@opentelemetry/api';
import { SimulatorConfig } from './config';
import { LeakKind, LeakyWorld, TruthLeak } from './leaks';
import { Status } from './lifecycle';
import { OrderMetrics } from './metrics';
import { OrderPlan, planOrder } from './plan';
import { RealWorld } from './realWorld';
import { Rng, deriveSeed } from './rng';
import { SpanEmitter } from './spans';
import { Telemetry } from './telemetry';
import { OrderTruth, writeTruthFile } from './truth';

const DAY_MS = 86_400_000;
/** Flush the exporters every this many spans, so a long history never outruns the collector. */
const FLUSH_EVERY_SPANS = 4000;

interface OrderState {
  plan: OrderPlan;
  /** Draws the order's ids and small details; used only in step order, so it is reproducible. */
  rng: Rng;
  nextStep: number;
  messages: Map<string, SpanContext>;
  truth: OrderTruth | undefined;
}

export interface RunSummary {
  orders: number;
  spans: number;
  accepted: number;
  failed: number;
  faults: Record<string, number>;
  statuses: Record<string, number>;
  elapsedMs: number;
  /** Spans sampling dropped (`--sampling`); `spans` counts only those sent. */
  sampledOut?: number;
  /** Dirty telemetry emitted per class (`--dirty…`). */
  dirt?: Record<string, number>;
  /** Personal data planted per kind (`--leaky`), one per span and place. */
  leaks?: Record<LeakKind, number>;
}

type Log = (message: string) => void;

/**
 * Runs the order flow: plans orders, emits their steps as their time comes, keeps the ground
 * truth and the metrics in step with what was emitted.
 */
export class Simulator {
  private readonly orders: OrderState[] = [];
  private readonly emitter: SpanEmitter;
  /** Dirt and sampling, when the run asks for them. */
  private readonly world: RealWorld | undefined;
  /** Careless instrumentation, when the run asks for it (`--leaky`). */
  private readonly leaky: LeakyWorld | undefined;
  private nextOrderNumber: number;
  private truthDirty = false;
  private sinceFlush = 0;

  constructor(
    private readonly config: SimulatorConfig,
    private readonly telemetry: Telemetry,
    readonly metrics: OrderMetrics,
    private readonly log: Log
  ) {
    this.leaky = config.leaky ? new LeakyWorld(config.seed) : undefined;
    this.emitter = new SpanEmitter(telemetry, (service) => metrics.spansEmitted(service, 1), this.leaky);
    this.world = RealWorld.create(config, telemetry, this.emitter);
    this.nextOrderNumber = new Rng(config.seed, 3).int(100, 999);
  }

  /** The truth of every order that exists so far (its first step has happened). */
  *truths(): Iterable<OrderTruth> {
    for (const order of this.orders) {
      if (order.truth) {
        yield order.truth;
      }
    }
  }

  get spansEmitted(): number {
    return this.emitter.spansEmitted;
  }

  /**
   * Plans `days × ordersPerDay` orders created over the window ending at `endMs` and emits everything
   * up to `endMs`. With `pause` (a time inside the window), everything up to that time is emitted and
   * the truth written first, then `pause.wait()` decides when the rest follows; the orders, their
   * steps and timestamps are the same either way.
   */
  async runHistory(endMs: number, pause?: { atMs: number; wait: (summary: RunSummary) => Promise<void> }): Promise<RunSummary> {
    const started = Date.now();
    const rng = new Rng(this.config.seed, 1);
    const total = Math.round(this.config.days * this.config.ordersPerDay);
    const windowMs = this.config.days * DAY_MS;
    const createdAt: number[] = [];
    for (let i = 0; i < total; i++) {
      createdAt.push(Math.floor(endMs - windowMs + rng.next() * windowMs));
    }
    createdAt.sort((a, b) => a - b);
    let next = 0;
    if (pause && pause.atMs < endMs) {
      for (; next < createdAt.length && createdAt[next] < pause.atMs; next++) {
        await this.emitDue(this.addOrder(createdAt[next], 1), pause.atMs);
      }
      await this.telemetry.drain(this.emitter.spansEmitted, 120_000);
      this.writeTruth();
      await pause.wait(this.summary(Date.now() - started));
      for (const order of this.orders) {
        await this.emitDue(order, endMs);
      }
    }
    for (; next < createdAt.length; next++) {
      await this.emitDue(this.addOrder(createdAt[next], 1), endMs);
    }
    await this.telemetry.drain(this.emitter.spansEmitted, 120_000);
    this.writeTruth();
    return this.summary(Date.now() - started);
  }

  /**
   * Live mode: new orders arrive at `rate` per minute; waits between an order's steps pass
   * `timeCompression` times faster. Orders still in progress from the history continue on their
   * own clock. Resolves when `shouldStop` says so.
   */
  async runLive(shouldStop: () => boolean): Promise<RunSummary> {
    const started = Date.now();
    const rng = new Rng(this.config.seed, 2);
    const meanGapMs = 60_000 / Math.max(this.config.rate, 0.0001);
    let nextArrival = started + rng.exponential(meanGapMs);
    let lastTruthWrite = 0;
    while (!shouldStop()) {
      const now = Date.now();
      while (this.config.rate > 0 && nextArrival <= now) {
        this.addOrder(Math.floor(nextArrival), 1 / this.config.timeCompression);
        nextArrival += rng.exponential(meanGapMs);
      }
      for (const order of this.orders) {
        if (order.nextStep < order.plan.steps.length) {
          await this.emitDue(order, now);
        }
      }
      if (this.truthDirty && now - lastTruthWrite >= 2000) {
        this.writeTruth();
        lastTruthWrite = now;
      }
      await sleep(200);
    }
    await this.telemetry.drain(this.emitter.spansEmitted, 30_000);
    this.writeTruth();
    return this.summary(Date.now() - started);
  }

  private addOrder(createdAtMs: number, timeScale: number): OrderState {
    const index = this.orders.length;
    const plan = planOrder({
      seed: this.config.seed,
      index,
      orderNumber: this.nextOrderNumber++,
      createdAtMs,
      rates: this.config.faults,
      timeScale,
    });
    const order: OrderState = {
      plan,
      rng: new Rng(deriveSeed(this.config.seed, index, 2)),
      nextStep: 0,
      messages: new Map(),
      truth: undefined,
    };
    this.orders.push(order);
    this.world?.addOrder(plan);
    return order;
  }

  /** Emits the order's steps that have finished by `nowMs`. */
  private async emitDue(order: OrderState, nowMs: number): Promise<void> {
    const steps = order.plan.steps;
    while (order.nextStep < steps.length) {
      const step = steps[order.nextStep];
      if (!step || step.atMs + step.durationMs > nowMs) {
        break;
      }
      order.nextStep++;
      const outcome = this.emitter.emitStep(order.plan, step, order.rng, order.messages);
      const truth = this.truthOf(order, step.status?.status ?? 'INITIATED');
      if (step.status) {
        const previous = truth.statuses[truth.statuses.length - 1];
        truth.statuses.push({ status: step.status.status, enteredAtMs: step.atMs, service: step.status.service });
        truth.currentStatus = step.status.status;
        this.metrics.entered(
          step.status.status,
          previous
            ? {
                status: previous.status,
                stayedSeconds: (step.atMs - previous.enteredAtMs) / 1000,
                exemplar: outcome.statusTraceId
                  ? { traceId: outcome.statusTraceId, orderId: order.plan.orderId }
                  : undefined,
              }
            : undefined
        );
      }
      if (step.fault) {
        // The status the order is in when the fault happens (a retried call on the approving step
        // fails before the order is approved).
        const before = step.status && step.fault.atMs < step.atMs ? step.status.previous : undefined;
        truth.faults.push({
          kind: step.fault.kind,
          status: before ?? truth.currentStatus,
          atMs: step.fault.atMs,
          detail: step.fault.detail,
        });
        this.metrics.faultInjected(step.fault.kind);
      }
      if (outcome.deadLettered) {
        this.metrics.deadLettered(outcome.deadLettered);
      }
      if (outcome.leaks) {
        mergeLeaks((truth.leaks ??= []), outcome.leaks);
      }
      this.world?.afterStep(order.plan, order.nextStep - 1, outcome, truth);
      this.truthDirty = true;
      this.sinceFlush += outcome.spans;
      if (this.sinceFlush >= FLUSH_EVERY_SPANS) {
        this.sinceFlush = 0;
        // Back-pressure only: failures are counted by the exporters and reported at the end.
        await this.telemetry.flush().catch(() => undefined);
      }
    }
  }

  private truthOf(order: OrderState, firstStatus: Status): OrderTruth {
    if (!order.truth) {
      order.truth = {
        orderId: order.plan.orderId,
        createdAtMs: order.plan.createdAtMs,
        statuses: [],
        currentStatus: firstStatus,
        faults: [],
      };
    }
    return order.truth;
  }

  writeTruth(): void {
    if (this.config.truthFile) {
      writeTruthFile(this.config.truthFile, this.truths());
    }
    this.truthDirty = false;
  }

  summary(elapsedMs: number): RunSummary {
    const faults: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    let orders = 0;
    for (const truth of this.truths()) {
      orders++;
      statuses[truth.currentStatus] = (statuses[truth.currentStatus] ?? 0) + 1;
      for (const fault of truth.faults) {
        faults[fault.kind] = (faults[fault.kind] ?? 0) + 1;
      }
    }
    const stats = this.telemetry.stats();
    const spans = this.emitter.spansEmitted - stats.sampledOut;
    return {
      orders,
      spans,
      accepted: stats.accepted,
      failed: stats.failed,
      faults,
      statuses,
      elapsedMs,
      ...this.world?.summary(),
      ...(this.leaky ? { leaks: this.leaky.summary() } : {}),
    };
  }
}

/** Adds a step's leaks to the order's: one entry per kind and place, its span count summed. */
function mergeLeaks(into: TruthLeak[], leaks: TruthLeak[]): void {
  for (const leak of leaks) {
    const known = into.find((other) => other.kind === leak.kind && other.service === leak.service && other.field === leak.field && other.key === leak.key);
    if (known) {
      known.spans += leak.spans;
    } else {
      into.push({ ...leak });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
