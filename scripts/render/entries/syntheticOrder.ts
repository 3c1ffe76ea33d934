import { Lane, LaneSpan, SpanMark, StatusInterval, Wait } from '../../../src/engine';
import { SwimlaneData } from '../../../src/components/Swimlane/layout';

const S = 1_000_000;
const STATUSES = ['INITIATED', 'SUBMITTED', 'FILE_UPLOADED', 'PRICE_CALCULATED', 'MANUFACTURING_APPROVED', 'MANUFACTURING_STARTED', 'MANUFACTURING_COMPLETED', 'SHIPPED'];
const LANES: Array<[Lane['kind'], string]> = [
  ['service', 'shop-api'],
  ['service', 'crm-api'],
  ['service', 'mes-api'],
  ['queue', 'orders.submitted'],
  ['queue', 'orders.file-uploaded'],
  ['queue', 'mes.price-requests'],
  ['queue', 'crm.price-results'],
  ['queue', 'crm.price-results.dlq'],
  ['queue', 'mes.manufacturing-orders'],
  ['queue', 'crm.status-events'],
  ['storage', 's3://alexandrite-model-uploads'],
  ['storage', 's3://alexandrite-models'],
];

/** A deterministic pseudo-random order of `spanCount` spans over a week: bursts of work between long waits. */
export function syntheticOrder(spanCount: number, seed = 1): SwimlaneData {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const startUs = Date.UTC(2025, 11, 25, 8) * 1000;
  const weekUs = 7 * 86_400 * S;
  const bursts = Math.max(8, Math.round(spanCount / 25));
  const burstStarts = Array.from({ length: bursts }, (_, i) => startUs + (i / bursts) * weekUs + random() * 3600 * S).sort((a, b) => a - b);
  const lanes: Lane[] = LANES.map(([kind, name]) => ({ id: `${kind}:${name}`, kind, name, spans: [] as LaneSpan[] }));
  for (let i = 0; i < spanCount; i++) {
    const burst = burstStarts[Math.floor(random() * bursts)];
    const laneIndex = Math.floor(random() * random() * LANES.length);
    const marks: SpanMark[] = [];
    const roll = random();
    if (roll < 0.03) {
      marks.push('error');
    } else if (roll < 0.04) {
      marks.push('retry');
    } else if (roll < 0.045) {
      marks.push('slow');
    } else if (roll < 0.047 && LANES[laneIndex][0] === 'queue') {
      marks.push('dead_letter');
    }
    if (random() < 0.01) {
      marks.push('status_change');
    }
    lanes[laneIndex].spans.push({
      span: { traceId: `trace${Math.floor(i / 20)}`, spanId: `span${i}` },
      operation: `operation ${i % 37}`,
      startUs: burst + random() * 120 * S,
      durationUs: Math.floor(random() * random() * 30 * S),
      status: marks.includes('error') ? 'error' : 'ok',
      marks,
    });
  }
  for (const lane of lanes) {
    lane.spans.sort((a, b) => a.startUs - b.startUs);
  }
  const statuses: StatusInterval[] = STATUSES.map((status, index) => {
    const entered = startUs + (index / STATUSES.length) * weekUs;
    const last = index === STATUSES.length - 1;
    return {
      status,
      lifecycleIndex: index,
      enteredAtUs: entered,
      leftAtUs: last ? null : entered + weekUs / STATUSES.length,
      durationUs: weekUs / STATUSES.length,
      slaSeconds: index === 0 ? null : 86_400,
      verdict: index === 0 ? 'none' : index % 3 === 0 ? 'breached' : index % 3 === 1 ? 'ok' : 'warning',
      terminal: false,
      service: 'crm-api',
      reportedBy: ['crm-api'],
      span: { traceId: 'trace0', spanId: 'span0' },
    };
  });
  const waits: Wait[] = burstStarts.slice(1).map((start, i) => ({
    kind: i % 2 === 0 ? 'gap' : 'queue',
    queue: 'mes.price-requests',
    from: { traceId: 'trace0', spanId: 'span0' },
    startUs: burstStarts[i] + 130 * S,
    endUs: start,
    durationUs: start - burstStarts[i] - 130 * S,
  }));
  return { statuses, lanes, waits, firstSeenUs: startUs, lastSeenUs: startUs + weekUs, nowUs: startUs + weekUs + 3600 * S };
}
