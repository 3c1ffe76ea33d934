import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DirtClass, FaultKind } from './config';
import type { TruthLeak } from './leaks';
import { ServiceName, Status } from './lifecycle';
import { StepKind } from './plan';

export interface TruthStatus {
  status: Status;
  enteredAtMs: number;
  service: ServiceName;
}

export interface TruthFault {
  kind: FaultKind;
  /** The status the order was in when the fault happened. */
  status: Status;
  atMs: number;
  detail?: string;
}

/** Warning codes of Order Tracker's engine that a correct reader gives about dirty telemetry. */
export type ReaderWarning =
  | 'invalid_order_id'
  | 'implausible_time'
  | 'after_terminal'
  | 'unknown_status'
  | 'contradictory_status'
  | 'missing_process'
  | 'status_not_seen';

/** One piece of dirty telemetry the order got (`--dirty…`). */
export interface TruthDirt {
  class: DirtClass;
  /** When the dirty span says it started (epoch ms; far from now for the time classes). */
  atMs: number;
  /** The service that emitted it (for `missing_service_name`, the one whose resource lacks the name). */
  service: ServiceName;
  traceId: string;
  spanId: string;
  detail: string;
  /** The span's trace was sampled out: nobody can see this dirt. */
  sampledOut?: true;
}

/** A trace of the order that sampling dropped (`--sampling`). */
export interface TruthSampledOut {
  step: StepKind;
  atMs: number;
  traceId: string;
  /** The status this trace reported (set or recorded), now unseen. */
  status?: Status;
}

/**
 * What a correct reader of the stored traces concludes about the order, written when the world is
 * dirty or sampled. Dirt never changes it; sampling may hide statuses.
 */
export interface ReaderTruth {
  /** The statuses the stored traces show, each entered at its first report that was kept. */
  statuses: TruthStatus[];
  /** The last of them; null when sampling kept no status report of the order. */
  currentStatus: Status | null;
  /** Warnings an order lookup must give (and may give more). */
  warnings: ReaderWarning[];
  /** Warnings an index of a window holding the order must give because of it. */
  indexWarnings: ReaderWarning[];
}

/** One line of the ground-truth file: what really happened to an order up to now. */
export interface OrderTruth {
  orderId: string;
  createdAtMs: number;
  statuses: TruthStatus[];
  currentStatus: Status;
  faults: TruthFault[];
  /** Dirty telemetry emitted for the order (only with `--dirty…`). */
  dirt?: TruthDirt[];
  /** The order's traces sampling dropped (only with `--sampling`). */
  sampledOut?: TruthSampledOut[];
  /** What a correct reader concludes (only with `--dirty…` or `--sampling`). */
  reader?: ReaderTruth;
  /** The personal data the order's spans carry (only with `--leaky`): kind, service, where, how many spans. */
  leaks?: TruthLeak[];
}

/** Writes the whole truth (one JSON object per line) atomically, so a reader never sees half a file. */
export function writeTruthFile(file: string, orders: Iterable<OrderTruth>): number {
  const lines: string[] = [];
  for (const order of orders) {
    lines.push(JSON.stringify(order));
  }
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  renameSync(temporary, file);
  return lines.length;
}
