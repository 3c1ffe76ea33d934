import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FaultKind } from './config';
import { ServiceName, Status } from './lifecycle';

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

/** One line of the ground-truth file: what really happened to an order up to now. */
export interface OrderTruth {
  orderId: string;
  createdAtMs: number;
  statuses: TruthStatus[];
  currentStatus: Status;
  faults: TruthFault[];
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
