import { Lane, LaneSpan } from '../../engine';
import {
  clampWindow,
  firstBar,
  hitTest,
  laneGeometry,
  neighbourBar,
  panWindow,
  prepareLanes,
  revealWindow,
  rowTop,
  timeDomain,
  timeTicks,
  xScale,
  zoomWindow,
} from './layout';

const S = 1_000_000;

function bar(startS: number, durationS: number, id = `${startS}`): LaneSpan {
  return { span: { traceId: 't', spanId: id }, operation: `op ${id}`, startUs: startS * S, durationUs: durationS * S, status: 'ok', marks: [] };
}

function lane(id: string, spans: LaneSpan[]): Lane {
  return { id, kind: 'service', name: id, spans };
}

describe('swimlane layout', () => {
  it('stacks overlapping bars of a lane into rows, at most three', () => {
    const [prepared] = prepareLanes([lane('a', [bar(0, 10, 'a'), bar(1, 10, 'b'), bar(2, 10, 'c'), bar(3, 10, 'd'), bar(20, 1, 'e')])]);
    expect(Array.from(prepared.rows)).toEqual([0, 1, 2, 0, 0]);
    expect(prepared.rowCount).toBe(3);
  });

  it('sorts spans by start only when they are not sorted already', () => {
    const sorted = [bar(0, 1), bar(5, 1)];
    expect(prepareLanes([lane('a', sorted)])[0].spans).toBe(sorted);
    expect(prepareLanes([lane('a', [bar(5, 1), bar(0, 1)])])[0].spans.map((span) => span.startUs)).toEqual([0, 5 * S]);
  });

  it('reaches until now while the order still waits in a status, and not when it is finished', () => {
    const base = { lanes: [], waits: [], firstSeenUs: 0, lastSeenUs: 100 * S, nowUs: 1000 * S };
    const status = { status: 'SUBMITTED', lifecycleIndex: 1, enteredAtUs: 50 * S, leftAtUs: null, durationUs: 950 * S, slaSeconds: 600, verdict: 'breached' as const, terminal: false, service: 's', reportedBy: ['s'], span: { traceId: 't', spanId: 's' } };
    expect(timeDomain({ ...base, statuses: [status] }).endUs).toBeGreaterThanOrEqual(1000 * S);
    expect(timeDomain({ ...base, statuses: [{ ...status, terminal: true }] }).endUs).toBeLessThan(200 * S);
  });

  it('zooms around an anchor and never leaves the domain', () => {
    const domain = { startUs: 0, endUs: 100 * S };
    const zoomed = zoomWindow(domain, 0.5, 50 * S, domain);
    expect(zoomed).toEqual({ startUs: 25 * S, endUs: 75 * S });
    expect(zoomWindow(zoomed, 10, 0, domain)).toEqual(domain);
    expect(panWindow(zoomed, 1000 * S, domain)).toEqual({ startUs: 50 * S, endUs: 100 * S });
    expect(clampWindow({ startUs: -10 * S, endUs: 10 * S }, domain)).toEqual({ startUs: 0, endUs: 20 * S });
  });

  it('moves the window just enough to reveal a bar', () => {
    const domain = { startUs: 0, endUs: 100 * S };
    const view = { startUs: 0, endUs: 20 * S };
    expect(revealWindow(view, 5 * S, 6 * S, domain)).toBe(view);
    const moved = revealWindow(view, 30 * S, 31 * S, domain);
    expect(moved.startUs).toBeLessThanOrEqual(30 * S);
    expect(moved.endUs).toBeGreaterThanOrEqual(31 * S);
    expect(moved.endUs - moved.startUs).toBe(20 * S);
  });

  it('walks bars with arrow keys: along a lane, and to the nearest bar in time of the next non-empty lane', () => {
    const lanes = prepareLanes([lane('a', [bar(0, 1), bar(10, 1), bar(20, 1)]), lane('empty', []), lane('c', [bar(9, 1), bar(30, 1)])]);
    expect(firstBar(lanes)).toEqual({ lane: 0, index: 0 });
    expect(neighbourBar(lanes, { lane: 0, index: 0 }, 'right')).toEqual({ lane: 0, index: 1 });
    expect(neighbourBar(lanes, { lane: 0, index: 0 }, 'left')).toEqual({ lane: 0, index: 0 });
    expect(neighbourBar(lanes, { lane: 0, index: 1 }, 'down')).toEqual({ lane: 2, index: 0 });
    expect(neighbourBar(lanes, { lane: 2, index: 1 }, 'up')).toEqual({ lane: 0, index: 2 });
    expect(neighbourBar(lanes, { lane: 2, index: 1 }, 'down')).toEqual({ lane: 2, index: 1 });
    expect(neighbourBar(lanes, { lane: 0, index: 0 }, 'last')).toEqual({ lane: 0, index: 2 });
  });

  it('finds the bar under the pointer, and a thin bar within a few pixels', () => {
    const lanes = prepareLanes([lane('a', [bar(0, 10), bar(50, 0.001)])]);
    const geometry = laneGeometry(lanes);
    const scale = xScale({ startUs: 0, endUs: 100 * S }, 1000);
    const y = rowTop(geometry, 0, 0) + 3;
    expect(hitTest(lanes, geometry, scale, 50, y)).toEqual({ lane: 0, index: 0 });
    expect(hitTest(lanes, geometry, scale, 502, y)).toEqual({ lane: 0, index: 1 });
    expect(hitTest(lanes, geometry, scale, 300, y)).toBeUndefined();
    expect(hitTest(lanes, geometry, scale, 50, geometry.total + 5)).toBeUndefined();
  });

  it('chooses tick steps that leave room for the labels', () => {
    const day = { startUs: 0, endUs: 86_400 * S };
    const ticks = timeTicks(day, 960);
    expect(ticks.stepUs).toBe(3 * 3600 * S);
    expect(ticks.ticksUs[1] - ticks.ticksUs[0]).toBe(ticks.stepUs);
    expect(timeTicks({ startUs: 0, endUs: 0.5 * S }, 1000).stepUs).toBeLessThan(S);
  });
});
