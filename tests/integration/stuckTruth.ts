import { StatusDefinition } from '../../src/settings/types';
import type { OrderTruth } from './seed';

/** Orders this close to their SLA at "now" are left out of comparisons: a second decides them. */
export const BORDER_MS = 60_000;

/** How far past its SLA an order is at `nowMs` (undefined for a status without one). */
export function overdueMs(order: OrderTruth, lifecycle: StatusDefinition[], nowMs: number): number | undefined {
  const definition = lifecycle.find((status) => status.name === order.currentStatus);
  if (!definition || definition.terminal || definition.slaSeconds === null) {
    return undefined;
  }
  return nowMs - order.statuses[order.statuses.length - 1].enteredAtMs - definition.slaSeconds * 1000;
}

/** The orders the truth says are past their SLA at `nowMs`, with their status, and those at the border. */
export function stuckTruth(
  truth: OrderTruth[],
  lifecycle: StatusDefinition[],
  nowMs: number
): { stuck: Map<string, string>; border: Set<string> } {
  const stuck = new Map<string, string>();
  const border = new Set<string>();
  for (const order of truth) {
    const overdue = overdueMs(order, lifecycle, nowMs);
    if (overdue === undefined) {
      continue;
    }
    if (Math.abs(overdue) < BORDER_MS) {
      border.add(order.orderId);
    } else if (overdue > 0) {
      stuck.set(order.orderId, order.currentStatus);
    }
  }
  return { stuck, border };
}
