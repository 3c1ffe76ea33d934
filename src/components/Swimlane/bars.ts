import type { CSSProperties } from 'react';
import { LaneSpan, OrderSpan, SpanRef } from '../../engine';
import { BarPosition, LaneGeometry, PreparedLane, ROW_HEIGHT_PX, rowTop } from './layout';

export function sameBar(a: BarPosition | undefined, b: BarPosition | undefined): boolean {
  return a === b || (!!a && !!b && a.lane === b.lane && a.index === b.index);
}

export function barAt(lanes: PreparedLane[], position: BarPosition | undefined): LaneSpan | undefined {
  return position ? lanes[position.lane]?.spans[position.index] : undefined;
}

/** The outline around a bar: a little larger than the bar, and never lost off either edge. */
export function barBox(
  scale: (us: number) => number,
  geometry: LaneGeometry,
  lanes: PreparedLane[],
  position: BarPosition,
  width: number
): CSSProperties {
  const prepared = lanes[position.lane];
  const bar = prepared.spans[position.index];
  const x0 = Math.min(Math.max(scale(bar.startUs), -2), width);
  const x1 = Math.min(Math.max(scale(bar.startUs + bar.durationUs), x0 + 6), width + 2);
  const top = rowTop(geometry, position.lane, prepared.rows[position.index]);
  return { left: x0 - 2, top: top - 2, width: x1 - x0 + 4, height: ROW_HEIGHT_PX + 4 };
}

/** Below the bar's lane; anchored on its right edge in the right half so it does not run off the area. */
export function tooltipBox(
  scale: (us: number) => number,
  geometry: LaneGeometry,
  position: BarPosition,
  startUs: number,
  width: number
): CSSProperties {
  const x = Math.min(Math.max(scale(startUs), 0), width);
  const below = geometry.tops[position.lane] + geometry.heights[position.lane];
  return x > width / 2 ? { right: width - x, top: below } : { left: x, top: below };
}

const spanKey = (ref: SpanRef) => `${ref.traceId}:${ref.spanId}`;

const spanIndexes = new WeakMap<OrderSpan[], Map<string, OrderSpan>>();

/** The span behind a bar, for its tooltip; the index is built on first use, not on render. */
export function spanByRef(spans: OrderSpan[] | undefined, ref: SpanRef): OrderSpan | undefined {
  if (!spans) {
    return undefined;
  }
  let index = spanIndexes.get(spans);
  if (!index) {
    index = new Map(spans.map((span) => [spanKey(span), span]));
    spanIndexes.set(spans, index);
  }
  return index.get(spanKey(ref));
}
