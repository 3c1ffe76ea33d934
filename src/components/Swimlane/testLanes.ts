import { Lane, LaneSpan } from '../../engine';

/** One second in the engine's microseconds. */
export const S = 1_000_000;

/** A bar for tests, in seconds; `id` names its span (trace 't'). */
export function testBar(startS: number, durationS: number, id = `${startS}`): LaneSpan {
  return { span: { traceId: 't', spanId: id }, operation: `op ${id}`, startUs: startS * S, durationUs: durationS * S, status: 'ok', marks: [] };
}

export function testLane(id: string, spans: LaneSpan[]): Lane {
  return { id, kind: 'service', name: id, spans };
}
