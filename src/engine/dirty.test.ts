import { DEFAULT_SETTINGS } from '../settings/defaults';
import { testSpan } from '../test/spanBuilders';
import {
  buildOrderIndex,
  buildOrderTimeline,
  compileConfig,
  findStuckOrders,
  formatClock,
  OrderSpan,
  planOrderLookup,
  readSpans,
} from './index';

// Data real instrumentation produces, which the simulator's clean world never did.
const config = compileConfig(DEFAULT_SETTINGS);
const NOW = 1_780_000_000_000_000;
const MIN = 60_000_000;
const HOUR = 60 * MIN;
const YEAR = 365 * 24 * HOUR;
const WINDOW = { startUs: NOW - 30 * 24 * HOUR, endUs: NOW };

const statusSpan = (orderId: string, status: string, startUs: number, service = 'shop-api'): OrderSpan =>
  testSpan({ service, startUs, attributes: { 'order.id': orderId, 'order.status': status } });

const timeline = (spans: OrderSpan[]) => buildOrderTimeline('A', spans, config, NOW);
const codes = (warnings: Array<{ code: string }>) => warnings.map((warning) => warning.code);

describe('dirty telemetry', () => {
  it('keeps ids a lookup would refuse out of the index, and counts them', () => {
    const bad = ['', 'x'.repeat(201), 'ALX-1\u0007', ' ALX-2 '];
    const spans = [
      ...bad.map((id) => statusSpan(id, 'SUBMITTED', NOW - 5 * HOUR)),
      statusSpan('ALX-OK', 'SUBMITTED', NOW - 5 * HOUR),
    ];
    const index = buildOrderIndex(spans, config, WINDOW, { nowUs: NOW });
    expect(index.orders.map((order) => order.orderId)).toEqual(['ALX-OK']);
    expect(findStuckOrders(index, config, NOW).map((order) => order.orderId)).toEqual(['ALX-OK']);
    expect(index.warnings).toEqual([
      expect.objectContaining({ code: 'invalid_order_id', message: expect.stringMatching(/^4 order ids/) }),
    ]);
  });

  it('formats times beyond what a Date can hold without throwing', () => {
    expect(formatClock(1e22)).toBe('an unknown time');
    expect(formatClock(-1e22)).toBe('an unknown time');
    expect(formatClock(Number.NaN)).toBe('an unknown time');
  });

  it('sets a status dated a century ahead aside: it neither becomes current nor stretches the swimlane', () => {
    const future = statusSpan('A', 'FILE_UPLOADED', NOW + 100 * YEAR);
    const result = timeline([statusSpan('A', 'SUBMITTED', NOW - 2 * HOUR), future]);
    expect(result.currentStatus).toBe('SUBMITTED');
    expect(result.verdict.state).toBe('stuck');
    expect(result.lastSeenUs).toBeLessThanOrEqual(NOW);
    expect(result.spans).not.toContain(future);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'implausible_time',
          spans: [{ traceId: future.traceId, spanId: future.spanId }],
        }),
      ])
    );
    const index = buildOrderIndex([statusSpan('A', 'SUBMITTED', NOW - 2 * HOUR), future], config, WINDOW, {
      nowUs: NOW,
    });
    expect(index.orders[0].currentStatus).toBe('SUBMITTED');
    expect(index.orders[0].lastSeenUs).toBeLessThanOrEqual(NOW);
    expect(codes(index.warnings)).toContain('implausible_time');
  });

  it('handles a span time beyond the range of a Date', () => {
    const result = timeline([statusSpan('A', 'SUBMITTED', NOW - HOUR), statusSpan('A', 'FILE_UPLOADED', 9e21)]);
    expect(result.currentStatus).toBe('SUBMITTED');
    expect(() => JSON.stringify(result)).not.toThrow();
    expect(result.verdict.headline).toMatch(/SUBMITTED/);
  });

  it.each([0.5, 5])(
    'does not reopen a cancelled order when another service reports SUBMITTED %s s later',
    (seconds) => {
      const spans = [
        statusSpan('A', 'SUBMITTED', NOW - 3 * HOUR),
        statusSpan('A', 'CANCELLED', NOW - 2 * HOUR, 'crm-api'),
        statusSpan('A', 'SUBMITTED', NOW - 2 * HOUR + seconds * 1_000_000, 'mes-api'),
      ];
      const result = timeline(spans);
      expect(result.currentStatus).toBe('CANCELLED');
      expect(result.verdict.state).toBe('finished');
      expect(result.warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'after_terminal',
            message: expect.stringContaining('mes-api reported SUBMITTED'),
          }),
        ])
      );
      const index = buildOrderIndex(spans, config, WINDOW, { nowUs: NOW });
      expect(findStuckOrders(index, config, NOW)).toEqual([]);
      expect(codes(index.warnings)).toContain('after_terminal');
    }
  );

  it('never calls an order on track because of a status outside the lifecycle, nor takes it off the stuck list', () => {
    const spans = [
      statusSpan('A', 'SUBMITTED', NOW - 3 * HOUR),
      statusSpan('A', 'ON_HOLD_BY_LEGACY_ERP', NOW - HOUR, 'crm-api'),
    ];
    const result = timeline(spans);
    expect(result.currentStatus).toBe('SUBMITTED');
    expect(result.verdict.state).toBe('stuck');
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'unknown_status', message: expect.stringContaining('ON_HOLD_BY_LEGACY_ERP') }),
      ])
    );
    const index = buildOrderIndex(spans, config, WINDOW, { nowUs: NOW });
    expect(findStuckOrders(index, config, NOW).map((order) => [order.orderId, order.status])).toEqual([
      ['A', 'SUBMITTED'],
    ]);
  });

  it('says it cannot tell when an order reports only statuses the lifecycle does not know', () => {
    const result = timeline([statusSpan('A', 'LEGACY_OPEN', NOW - HOUR)]);
    expect(result.verdict.state).toBe('unknown');
    expect(result.verdict.headline).toMatch(/not in the configured lifecycle/);
  });

  it('reports two services contradicting each other at the same moment', () => {
    const spans = [
      statusSpan('A', 'SUBMITTED', NOW - HOUR, 'shop-api'),
      statusSpan('A', 'FILE_UPLOADED', NOW - HOUR, 'mes-api'),
    ];
    expect(timeline(spans).warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'contradictory_status',
          message: expect.stringMatching(
            /shop-api reported SUBMITTED and mes-api reported FILE_UPLOADED|mes-api reported FILE_UPLOADED and shop-api reported SUBMITTED/
          ),
        }),
      ])
    );
  });

  describe('sampled traces', () => {
    const sampled = compileConfig({ ...DEFAULT_SETTINGS, tracesSampled: true });
    const spans = [
      statusSpan('A', 'SUBMITTED', NOW - 5 * HOUR),
      statusSpan('A', 'PRICE_CALCULATED', NOW - 4 * HOUR, 'crm-api'),
    ];

    it('says a lifecycle status was not seen, and that sampling may be why', () => {
      const plain = buildOrderTimeline('A', spans, config, NOW).warnings.find(
        (warning) => warning.code === 'status_not_seen'
      );
      expect(plain?.message).toBe(
        'FILE_UPLOADED not seen between SUBMITTED and PRICE_CALCULATED: no span reported it.'
      );
      const withSampling = buildOrderTimeline('A', spans, sampled, NOW).warnings.find(
        (warning) => warning.code === 'status_not_seen'
      );
      expect(withSampling?.message).toBe(
        'FILE_UPLOADED not seen between SUBMITTED and PRICE_CALCULATED: its traces may be sampled out.'
      );
    });

    it('does not present an absent span as the certain cause of a stuck order', () => {
      const stuck = buildOrderTimeline('A', [statusSpan('A', 'SUBMITTED', NOW - 5 * HOUR)], sampled, NOW);
      expect(stuck.verdict.state).toBe('stuck');
      expect(stuck.verdict.headline).toMatch(
        /FILE_UPLOADED was expected from shop-api \(its trace may have been sampled out\)/
      );
      const absent = stuck.evidence.filter((item) => item.kind === 'expected_status_missing');
      expect(absent.every((item) => item.severity === 'info' && /sampled out/.test(item.message))).toBe(true);
    });
  });

  it('escapes regular-expression characters only where the storage matches tag values as patterns', () => {
    const id = 'ALX-1.2*[x]';
    const path = (tagValuesAsPatterns: boolean) =>
      planOrderLookup(id, { ...DEFAULT_SETTINGS, tagValuesAsPatterns }, { nowUs: NOW }).requests[0].path;
    const tags = (search: string) => JSON.parse(new URLSearchParams(search.split('?')[1]).get('tags') ?? '');
    expect(tags(path(false))).toEqual({ 'order.id': id });
    const escaped = tags(path(true))['order.id'];
    expect(escaped).toBe('ALX-1\\.2\\*\\[x\\]');
    // As Lucene reads it: the escaped pattern matches the id itself and nothing else.
    const asRegex = new RegExp(`^${escaped}$`);
    expect(asRegex.test(id)).toBe(true);
    expect(asRegex.test('ALX-1x2*[x]')).toBe(false);
  });
});

describe('spans without a process', () => {
  it('shows them under "unknown" and says so', () => {
    const read = readSpans(
      [
        {
          data: [
            {
              traceID: 'a'.repeat(32),
              spans: [
                {
                  traceID: 'a'.repeat(32),
                  spanID: 'b'.repeat(16),
                  startTime: NOW,
                  duration: 1,
                  processID: 'p9',
                  tags: [],
                },
              ],
              processes: {},
            },
          ],
        },
      ],
      config
    );
    expect(read.spans[0].service).toBe('unknown');
    expect(read.warnings).toEqual([expect.objectContaining({ code: 'missing_process' })]);
  });
});
