import type { CSSProperties } from 'react';
import { OrderSpan } from '../../engine';
import { barAt, barBox, sameBar, spanByRef, tooltipBox } from './bars';
import { laneGeometry, prepareLanes, ROW_HEIGHT_PX, rowTop, xScale } from './layout';
import { S, testBar, testLane } from './testLanes';

// 1000 px over 100 s: 10 px a second.
const scale = xScale({ startUs: 0, endUs: 100 * S }, 1000);
const lanes = prepareLanes([
  testLane('a', [testBar(10, 5, 'long'), testBar(11, 1, 'overlap'), testBar(50, 0.001, 'thin')]),
  testLane('b', [testBar(-20, 30, 'early'), testBar(95, 20, 'late')]),
]);
const geometry = laneGeometry(lanes);

/** Pixels to a millionth, so time-to-pixel rounding does not decide a test. */
const rounded = (box: CSSProperties) => Object.fromEntries(Object.entries(box).map(([key, px]) => [key, Math.round(Number(px) * 1e6) / 1e6]));

describe('swimlane bars', () => {
  it('tells two positions of the same bar from positions of different bars', () => {
    expect(sameBar({ lane: 1, index: 2 }, { lane: 1, index: 2 })).toBe(true);
    expect(sameBar(undefined, undefined)).toBe(true);
    expect(sameBar({ lane: 1, index: 2 }, { lane: 2, index: 1 })).toBe(false);
    expect(sameBar({ lane: 1, index: 2 }, undefined)).toBe(false);
  });

  it('finds the bar at a position, and nothing past the lanes', () => {
    expect(barAt(lanes, { lane: 0, index: 1 })?.span.spanId).toBe('overlap');
    expect(barAt(lanes, { lane: 5, index: 0 })).toBeUndefined();
    expect(barAt(lanes, { lane: 0, index: 9 })).toBeUndefined();
    expect(barAt(lanes, undefined)).toBeUndefined();
  });

  it('outlines a bar two pixels outside it, on its own row', () => {
    expect(rounded(barBox(scale, geometry, lanes, { lane: 0, index: 0 }, 1000))).toEqual({
      left: 98,
      top: rowTop(geometry, 0, 0) - 2,
      width: 54,
      height: ROW_HEIGHT_PX + 4,
    });
    expect(barBox(scale, geometry, lanes, { lane: 0, index: 1 }, 1000).top).toBe(rowTop(geometry, 0, 1) - 2);
  });

  it('keeps a thin bar wide enough to see, and a bar past either edge inside the area', () => {
    expect(rounded(barBox(scale, geometry, lanes, { lane: 0, index: 2 }, 1000)).width).toBe(10);
    expect(rounded(barBox(scale, geometry, lanes, { lane: 1, index: 0 }, 1000))).toMatchObject({ left: -4, width: 106 });
    expect(rounded(barBox(scale, geometry, lanes, { lane: 1, index: 1 }, 1000))).toMatchObject({ left: 948, width: 56 });
  });

  it('puts the tooltip under the lane, opening away from the nearer edge', () => {
    const below = geometry.tops[1] + geometry.heights[1];
    expect(rounded(tooltipBox(scale, geometry, { lane: 1, index: 0 }, 20 * S, 1000))).toEqual({ left: 200, top: below });
    expect(rounded(tooltipBox(scale, geometry, { lane: 1, index: 0 }, -20 * S, 1000))).toEqual({ left: 0, top: below });
    expect(rounded(tooltipBox(scale, geometry, { lane: 1, index: 1 }, 95 * S, 1000))).toEqual({ right: 50, top: below });
  });

  it('finds the span behind a bar by trace and span id', () => {
    const span = (traceId: string, spanId: string): OrderSpan => ({
      traceId,
      spanId,
      links: [],
      service: 'shop-api',
      operation: 'op',
      startUs: 0,
      durationUs: 1,
      attributes: {},
      events: [],
      status: 'ok',
      kind: 'server',
    });
    const spans = [span('t1', 's1'), span('t2', 's1')];
    expect(spanByRef(spans, { traceId: 't2', spanId: 's1' })).toBe(spans[1]);
    expect(spanByRef(spans, { traceId: 't1', spanId: 's1' })).toBe(spans[0]);
    expect(spanByRef(spans, { traceId: 't3', spanId: 's1' })).toBeUndefined();
    expect(spanByRef(undefined, { traceId: 't1', spanId: 's1' })).toBeUndefined();
  });
});
