import { orderIdFromSegment, orderIdSegment, orderPageUrl } from './constants';
import { resolveAppRoute } from './test/appRoutes';

const IDS = [
  'ALX-2026-000123',
  '.',
  '..',
  '...',
  'A%2FB',
  'A%41',
  'A/B',
  'A/../B',
  '~..',
  '~hex~002e',
  '~hex~zz',
  'a b',
  '%',
  '100%',
  '?x',
  '#y',
  'ALX-"9"{x}\\y',
  'Bestellung-Ä-😀',
];

describe("an order's page URL", () => {
  it.each(IDS)('routes %s to its own order', (orderId) => {
    expect(resolveAppRoute(orderPageUrl(orderId))?.orderId).toBe(orderId);
  });

  it('keeps ordinary ids readable in the URL', () => {
    expect(orderPageUrl('ALX-2026-000123')).toBe('/a/alexandrite-ordertracker-app/orders/ALX-2026-000123');
    expect(orderIdSegment('a b')).toBe('a%20b');
  });

  it('reads a segment that only looks spelled out as it is', () => {
    expect(orderIdFromSegment('~hex~zz')).toBe('~hex~zz');
    expect(orderIdFromSegment('~hex~002')).toBe('~hex~002');
  });
});
