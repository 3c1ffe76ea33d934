import { StuckOrder } from '../../engine';
import { countByStatus, visibleStuckOrders } from './sortStuckOrders';

const order = (orderId: string, status: string, overdueUs: number): StuckOrder => ({
  orderId,
  status,
  overdueUs,
  enteredAtUs: 0,
  timeInStatusUs: overdueUs,
  slaSeconds: 600,
  lastService: 'shop-api',
  lastSeenUs: 0,
  likelyCause: '',
  span: { traceId: 't', spanId: 's' },
});

describe('visibleStuckOrders', () => {
  const orders = [order('B', 'SUBMITTED', 5), order('A', 'FILE_UPLOADED', 9), order('C', 'SUBMITTED', 5)];
  it('sorts by the chosen column, ties by order id', () => {
    expect(visibleStuckOrders(orders, null, { key: 'overdue', direction: 'desc' }).map((o) => o.orderId)).toEqual([
      'A',
      'B',
      'C',
    ]);
    expect(visibleStuckOrders(orders, null, { key: 'overdue', direction: 'asc' }).map((o) => o.orderId)).toEqual([
      'B',
      'C',
      'A',
    ]);
    expect(visibleStuckOrders(orders, null, { key: 'orderId', direction: 'desc' }).map((o) => o.orderId)).toEqual([
      'C',
      'B',
      'A',
    ]);
  });
  it('filters by status and counts per status', () => {
    expect(
      visibleStuckOrders(orders, 'SUBMITTED', { key: 'overdue', direction: 'desc' }).map((o) => o.orderId)
    ).toEqual(['B', 'C']);
    expect([...countByStatus(orders)]).toEqual([
      ['SUBMITTED', 2],
      ['FILE_UPLOADED', 1],
    ]);
  });
});
