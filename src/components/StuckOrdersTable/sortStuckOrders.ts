import { StuckOrder } from '../../engine';

export type StuckSortKey = 'orderId' | 'status' | 'enteredAt' | 'timeInStatus' | 'sla' | 'overdue' | 'lastService';
export interface StuckSort {
  key: StuckSortKey;
  direction: 'asc' | 'desc';
}

export const DEFAULT_SORT: StuckSort = { key: 'overdue', direction: 'desc' };

/** Every column the table sorts by (also what a `sort` URL value may name). */
export const SORT_KEYS: StuckSortKey[] = [
  'orderId',
  'status',
  'enteredAt',
  'timeInStatus',
  'sla',
  'overdue',
  'lastService',
];

const VALUE: Record<StuckSortKey, (order: StuckOrder) => number | string> = {
  orderId: (order) => order.orderId,
  status: (order) => order.status,
  enteredAt: (order) => order.enteredAtUs,
  timeInStatus: (order) => order.timeInStatusUs,
  sla: (order) => order.slaSeconds,
  overdue: (order) => order.overdueUs,
  lastService: (order) => order.lastService,
};

/** Filters by status (`null` = all) and sorts; ties fall back to order id so the order is stable. */
export function visibleStuckOrders<T extends StuckOrder>(orders: T[], status: string | null, sort: StuckSort): T[] {
  const value = VALUE[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return orders
    .filter((order) => status === null || order.status === status)
    .sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const primary = x < y ? -1 : x > y ? 1 : 0;
      return primary !== 0 ? primary * sign : a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
    });
}

/** Stuck orders per status, for the filter buttons. */
export function countByStatus(orders: StuckOrder[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const order of orders) {
    counts.set(order.status, (counts.get(order.status) ?? 0) + 1);
  }
  return counts;
}
