import { EngineConfig } from '../config';
import { refOf } from '../evidence';
import { Lane, LaneSpan, OrderSpan, SpanMark } from '../model';
import { statusOf } from '../statuses';

const LANE_ORDER: Record<Lane['kind'], number> = { service: 0, queue: 1, storage: 2 };

/**
 * The swimlanes: one per service (every span), per queue (messaging spans with a destination) and
 * per S3 bucket. A messaging or S3 span is in its service lane and in its queue or storage lane,
 * as the same bar. Services come first, then queues, then storage, each in order of first span.
 */
export function buildLanes(spans: OrderSpan[], marks: SpanMark[][], config: EngineConfig): Lane[] {
  const lanes = new Map<string, Lane>();
  // Saves building the `service:` id for every span: most spans are only in their service lane.
  const serviceLanes = new Map<string, Lane>();
  const lane = (id: string, kind: Lane['kind'], name: string): Lane => {
    let found = lanes.get(id);
    if (!found) {
      found = { id, kind, name, spans: [] };
      lanes.set(id, found);
    }
    return found;
  };
  spans.forEach((span, index) => {
    const bar: LaneSpan = {
      span: refOf(span),
      operation: span.operation,
      startUs: span.startUs,
      durationUs: span.durationUs,
      status: span.status,
      marks: marks[index],
    };
    const status = statusOf(span, config);
    if (status !== undefined) {
      bar.orderStatus = status;
    }
    let serviceLane = serviceLanes.get(span.service);
    if (!serviceLane) {
      serviceLane = lane(`service:${span.service}`, 'service', span.service);
      serviceLanes.set(span.service, serviceLane);
    }
    serviceLane.spans.push(bar);
    if (span.messaging?.destination) {
      lane(`queue:${span.messaging.destination}`, 'queue', span.messaging.destination).spans.push(bar);
    }
    const bucket = span.attributes['aws.s3.bucket'];
    if (typeof bucket === 'string') {
      lane(`storage:${bucket}`, 'storage', `s3://${bucket}`).spans.push(bar);
    }
  });
  return [...lanes.values()].sort((a, b) => LANE_ORDER[a.kind] - LANE_ORDER[b.kind]);
}
