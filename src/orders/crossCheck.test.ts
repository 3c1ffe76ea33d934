import { OrderIndex, OrderIndexEntry, StuckOrder } from '../engine';
import { DEFAULT_LIFECYCLE } from '../settings/defaults';
import { crossCheck } from './crossCheck';

const US = 1_000_000;
const NOW = 1_800_000_000 * US;

function entry(orderId: string, status: string, enteredAtUs: number): OrderIndexEntry {
  return {
    orderId,
    currentStatus: status,
    enteredAtUs,
    statusSpan: { traceId: 't', spanId: 's' },
    statusPath: [status],
    lastSeenUs: enteredAtUs,
    lastService: 'shop-api',
    evidence: [],
  };
}

function stuck(e: OrderIndexEntry, sla: number): StuckOrder {
  const time = NOW - e.enteredAtUs;
  return {
    orderId: e.orderId,
    status: e.currentStatus,
    enteredAtUs: e.enteredAtUs,
    timeInStatusUs: time,
    slaSeconds: sla,
    overdueUs: time - sla * US,
    lastService: 'shop-api',
    lastSeenUs: e.lastSeenUs,
    likelyCause: 'x',
    span: e.statusSpan,
  };
}

const old = entry('A', 'SUBMITTED', NOW - 3600 * US);
const index: OrderIndex = {
  windowStartUs: 0,
  windowEndUs: NOW,
  orders: [old, entry('B', 'FILE_UPLOADED', NOW - 60 * US)],
  timeInStatus: {},
  truncated: false,
  warnings: [],
};

describe('crossCheck', () => {
  it('agrees when Prometheus says what the traces say', () => {
    const checks = crossCheck(
      DEFAULT_LIFECYCLE,
      index,
      [stuck(old, 600)],
      {
        inStatus: new Map([
          ['SUBMITTED', 1],
          ['FILE_UPLOADED', 1],
        ]),
        oldestEnteredSeconds: new Map([
          ['SUBMITTED', (NOW - 3600 * US) / US],
          ['FILE_UPLOADED', (NOW - 60 * US) / US],
        ]),
      },
      NOW
    );
    expect(checks.flatMap((check) => check.mismatches)).toEqual([]);
    expect(checks.find((check) => check.status === 'SUBMITTED')).toMatchObject({
      traceStuck: 1,
      metricsPastSla: true,
      metricsInStatus: 1,
    });
  });

  it('names every disagreement', () => {
    const checks = crossCheck(
      DEFAULT_LIFECYCLE,
      index,
      [stuck(old, 600)],
      {
        inStatus: new Map([
          ['SUBMITTED', 1],
          ['FILE_UPLOADED', 2],
          ['SHIPPED', 1],
        ]),
        oldestEnteredSeconds: new Map([
          ['SUBMITTED', (NOW - 60 * US) / US],
          ['FILE_UPLOADED', (NOW - 60 * US) / US],
          ['SHIPPED', (NOW - 30 * 86400 * US) / US],
        ]),
      },
      NOW
    );
    const text = checks.flatMap((check) => check.mismatches).join('\n');
    expect(text).toContain('Prometheus counts 2 orders in FILE_UPLOADED, the traces 1.');
    expect(text).toContain('The traces show 1 stuck in SUBMITTED, but Prometheus');
    expect(text).toContain('oldest order in SUBMITTED entered it at different times');
    expect(text).toContain(
      'Prometheus says the oldest order in SHIPPED is past its SLA, but no trace shows a stuck order'
    );
  });
});
