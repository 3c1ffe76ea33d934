import { DataFrame, FieldType, createDataFrame } from '@grafana/data';
import { OrderIndex, OrderIndexEntry } from '../../engine';
import { StatusDefinition } from '../../settings/types';

/** One stay of one order, rebuilt from the index (completed stays plus the current one). */
export interface OrderStay {
  status: string;
  fromMs: number;
  toMs: number;
}

/** The stays of an order in the window, oldest first. */
export function staysOf(index: OrderIndex, entry: OrderIndexEntry, nowUs: number): OrderStay[] {
  const stays: OrderStay[] = [];
  for (const [status, samples] of Object.entries(index.timeInStatus)) {
    for (const sample of samples) {
      if (sample.orderId === entry.orderId) {
        stays.push({
          status,
          fromMs: sample.enteredAtUs / 1000,
          toMs: (sample.enteredAtUs + sample.durationUs) / 1000,
        });
      }
    }
  }
  stays.push({ status: entry.currentStatus, fromMs: entry.enteredAtUs / 1000, toMs: nowUs / 1000 });
  return stays.sort((a, b) => a.fromMs - b.fromMs);
}

/** Rows of the multi-order swimlane: stuck orders first (most overdue), then the most recently seen. */
export function swimlaneOrders(index: OrderIndex, stuckIds: string[], limit: number): OrderIndexEntry[] {
  const byId = new Map(index.orders.map((entry) => [entry.orderId, entry]));
  const chosen: OrderIndexEntry[] = [];
  for (const id of stuckIds) {
    const entry = byId.get(id);
    if (entry && chosen.length < limit) {
      chosen.push(entry);
    }
  }
  const rest = index.orders
    .filter((entry) => !stuckIds.includes(entry.orderId))
    .sort((a, b) => b.lastSeenUs - a.lastSeenUs);
  for (const entry of rest) {
    if (chosen.length >= limit) {
      break;
    }
    chosen.push(entry);
  }
  return chosen;
}

/**
 * A state-timeline frame: one time field (every status change of the chosen orders) and one
 * string field per order holding the status it was in at that time (null before it existed).
 */
export function swimlaneFrame(index: OrderIndex, orders: OrderIndexEntry[], nowUs: number): DataFrame {
  const staysPerOrder = orders.map((entry) => staysOf(index, entry, nowUs));
  const times = Array.from(
    new Set(staysPerOrder.flatMap((stays) => stays.map((stay) => stay.fromMs)).concat(nowUs / 1000))
  ).sort((a, b) => a - b);
  const fields = orders.map((entry, row) => {
    const stays = staysPerOrder[row];
    const values = times.map((time) => {
      let status: string | null = null;
      for (const stay of stays) {
        if (stay.fromMs <= time) {
          status = stay.status;
        }
      }
      return status;
    });
    return { name: entry.orderId, type: FieldType.string, values };
  });
  return createDataFrame({
    name: 'orders',
    fields: [{ name: 'time', type: FieldType.time, values: times }, ...fields],
  });
}

/** Orders per current status in the window, in lifecycle order (one row per status). */
export function countsFrame(index: OrderIndex, lifecycle: StatusDefinition[]): DataFrame {
  const counts = new Map<string, number>();
  for (const entry of index.orders) {
    counts.set(entry.currentStatus, (counts.get(entry.currentStatus) ?? 0) + 1);
  }
  return createDataFrame({
    name: 'orders per status',
    fields: [
      { name: 'status', type: FieldType.string, values: lifecycle.map((status) => status.name) },
      { name: 'orders', type: FieldType.number, values: lifecycle.map((status) => counts.get(status.name) ?? 0) },
    ],
  });
}

/** Completed stays in a status as (left at, seconds) points, for a heatmap Grafana buckets itself. */
export function staysFrame(index: OrderIndex, status: string): DataFrame {
  const samples = [...(index.timeInStatus[status] ?? [])].sort(
    (a, b) => a.enteredAtUs + a.durationUs - (b.enteredAtUs + b.durationUs)
  );
  return createDataFrame({
    name: `time in ${status}`,
    fields: [
      {
        name: 'time',
        type: FieldType.time,
        values: samples.map((sample) => (sample.enteredAtUs + sample.durationUs) / 1000),
      },
      {
        name: 'seconds',
        type: FieldType.number,
        values: samples.map((sample) => sample.durationUs / 1_000_000),
        config: { unit: 's' },
      },
    ],
  });
}
