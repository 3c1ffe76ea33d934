import { DIRT_CLASSES, SimulatorConfig } from './config';
import { PlannedDirt, READER_WARNINGS, emitDirt, planDirt } from './dirt';
import { LIFECYCLE, ServiceName, Status } from './lifecycle';
import { OrderPlan } from './plan';
import type { StepOutcome } from './spans';
import { SpanWriter } from './spans/types';
import { Telemetry } from './telemetry';
import { OrderTruth, ReaderTruth, ReaderWarning, TruthDirt, TruthStatus } from './truth';

/** One report of a status by one service, and whether its trace reached the collector. */
interface StatusReport {
  status: Status;
  atMs: number;
  service: ServiceName;
  kept: boolean;
}

interface OrderWorld {
  dirt: PlannedDirt[];
  reports: StatusReport[];
}

export interface RealWorldSummary {
  /** Spans sampling dropped. */
  sampledOut?: number;
  /** Dirt emitted, per class. */
  dirt?: Record<string, number>;
}

/**
 * The clean flow as real telemetry arrives: dirty spans added to some orders (`--dirty…`) and
 * traces dropped by sampling (`--sampling`). It keeps, per order, what a correct reader of the
 * stored traces can conclude, beside the truth of what really happened. A clean, unsampled run
 * has none (`create` returns undefined), so it draws nothing and writes the truth as it always did.
 */
export class RealWorld {
  private readonly orders = new Map<number, OrderWorld>();
  private readonly dirtEmitted = new Map<string, number>();

  private constructor(
    private readonly config: SimulatorConfig,
    private readonly telemetry: Telemetry,
    private readonly out: SpanWriter
  ) {}

  static create(config: SimulatorConfig, telemetry: Telemetry, out: SpanWriter): RealWorld | undefined {
    const dirty = DIRT_CLASSES.some((dirtClass) => config.dirt[dirtClass] > 0);
    if (!dirty && config.sampling.policy === 'none') {
      return undefined;
    }
    telemetry.gate.use(config.sampling, config.seed);
    return new RealWorld(config, telemetry, out);
  }

  private get dirty(): boolean {
    return DIRT_CLASSES.some((dirtClass) => this.config.dirt[dirtClass] > 0);
  }

  private get sampled(): boolean {
    return this.config.sampling.policy !== 'none';
  }

  addOrder(plan: OrderPlan): void {
    this.orders.set(plan.index, { dirt: planDirt(this.config.seed, plan, this.config.dirt), reports: [] });
  }

  /**
   * After the simulator emitted step `stepIndex` of the order (and wrote its truth): emits the
   * dirt that comes with the step, lets the sampling decide the step's traces, and brings the
   * truth's `dirt`, `sampledOut` and `reader` up to date.
   */
  afterStep(plan: OrderPlan, stepIndex: number, outcome: StepOutcome, truth: OrderTruth): void {
    const world = this.orders.get(plan.index);
    const step = plan.steps[stepIndex];
    if (!world || !step) {
      return;
    }
    const dirtRecords = this.dirty ? (truth.dirt ??= []) : [];
    const sampledOut = this.sampled ? (truth.sampledOut ??= []) : [];
    const statusTrace = outcome.statusSpan?.context.traceId;
    const emitted: TruthDirt[] = [];
    const dirtReports: Array<{ record: TruthDirt; status: Status }> = [];
    for (const dirt of world.dirt) {
      if (dirt.stepIndex !== stepIndex || !outcome.statusSpan) {
        continue;
      }
      this.telemetry.ids.use(dirt.rng);
      const { record, reports } = emitDirt(
        dirt,
        { orderId: plan.orderId, step, statusSpan: outcome.statusSpan },
        this.out
      );
      dirtRecords.push(record);
      emitted.push(record);
      if (reports) {
        dirtReports.push({ record, status: reports });
      }
      this.dirtEmitted.set(dirt.class, (this.dirtEmitted.get(dirt.class) ?? 0) + 1);
    }

    const dropped = new Set(
      this.telemetry.gate
        .settle()
        .filter((decision) => !decision.kept)
        .map((decision) => decision.traceId)
    );
    for (const record of emitted) {
      if (dropped.has(record.traceId)) {
        record.sampledOut = true;
      }
    }
    const dirtOnly = new Set(emitted.map((record) => record.traceId).filter((traceId) => traceId !== statusTrace));
    const reported = step.status?.status ?? step.recordsStatus?.status;
    for (const traceId of dropped) {
      if (dirtOnly.has(traceId)) {
        continue;
      }
      // A step without a captured status span (the CRM recording an MES status) has one trace.
      const carriesStatus = reported !== undefined && (statusTrace === undefined || statusTrace === traceId);
      sampledOut.push({ step: step.kind, atMs: step.atMs, traceId, ...(carriesStatus ? { status: reported } : {}) });
    }
    if (step.status) {
      const atMs = outcome.statusSpan?.startMs ?? step.atMs;
      world.reports.push({
        status: step.status.status,
        atMs,
        service: step.status.service,
        kept: statusTrace === undefined || !dropped.has(statusTrace),
      });
    } else if (step.recordsStatus) {
      const kept = ![...dropped].some((traceId) => !dirtOnly.has(traceId));
      world.reports.push({ status: step.recordsStatus.status, atMs: step.atMs, service: 'crm-api', kept });
    }
    for (const { record, status } of dirtReports) {
      world.reports.push({ status, atMs: record.atMs, service: record.service, kept: !record.sampledOut });
    }
    truth.reader = readerView(truth, world.reports);
  }

  summary(): RealWorldSummary {
    return {
      ...(this.sampled ? { sampledOut: this.telemetry.gate.sampledOutSpans } : {}),
      ...(this.dirty
        ? {
            dirt: Object.fromEntries(
              DIRT_CLASSES.map((dirtClass) => [dirtClass, this.dirtEmitted.get(dirtClass) ?? 0])
            ),
          }
        : {}),
    };
  }
}

/** What the stored traces let a correct reader conclude: the kept reports, and what to warn about. */
function readerView(truth: OrderTruth, reports: StatusReport[]): ReaderTruth {
  const statuses: TruthStatus[] = [];
  for (const real of truth.statuses) {
    const seen = reports
      .filter((report) => report.status === real.status && report.kept)
      .sort((a, b) => a.atMs - b.atMs)[0];
    if (seen) {
      statuses.push({ status: seen.status, enteredAtMs: seen.atMs, service: seen.service });
    }
  }
  const warnings = new Set<ReaderWarning>();
  const indexWarnings = new Set<ReaderWarning>();
  for (const dirt of truth.dirt ?? []) {
    if (!dirt.sampledOut) {
      READER_WARNINGS[dirt.class].lookup.forEach((code) => warnings.add(code));
      READER_WARNINGS[dirt.class].index.forEach((code) => indexWarnings.add(code));
    }
  }
  if (skipsLifecycleStatuses(statuses)) {
    warnings.add('status_not_seen');
  }
  return {
    statuses,
    currentStatus: statuses[statuses.length - 1]?.status ?? null,
    warnings: [...warnings].sort(),
    indexWarnings: [...indexWarnings].sort(),
  };
}

/**
 * Whether two statuses a reader sees follow each other with a lifecycle status between them that
 * nobody was seen reporting (a jump to a terminal status, such as a cancellation, skips nothing).
 */
function skipsLifecycleStatuses(statuses: TruthStatus[]): boolean {
  const position = (status: Status) => LIFECYCLE.findIndex((definition) => definition.name === status);
  for (let index = 1; index < statuses.length; index++) {
    const before = position(statuses[index - 1].status);
    const after = position(statuses[index].status);
    const definition = LIFECYCLE[after];
    if (before < 0 || !definition || definition.terminal || after <= before + 1) {
      continue;
    }
    if (LIFECYCLE.slice(before + 1, after).some((status) => !status.terminal)) {
      return true;
    }
  }
  return false;
}
