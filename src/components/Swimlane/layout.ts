import { Lane, LaneSpan, OrderTimeline } from '../../engine';

/** What the swimlane draws: the parts of an order's timeline that sit on its time axis. */
export type SwimlaneData = Pick<OrderTimeline, 'statuses' | 'lanes' | 'waits' | 'firstSeenUs' | 'lastSeenUs' | 'nowUs'>;

/** A span of time in microseconds since the epoch, as the engine speaks. */
export interface TimeWindow {
  startUs: number;
  endUs: number;
}

/** Bars of one lane that overlap are stacked into at most this many rows. */
export const MAX_ROWS = 3;
/** A window narrower than this is not worth zooming into (1 ms). */
export const MIN_WINDOW_US = 1_000;

/** One lane, prepared once per timeline: spans sorted by start and packed into rows. */
export interface PreparedLane {
  lane: Lane;
  /** Sorted by start. */
  spans: LaneSpan[];
  /** Row of each span (same index as `spans`). */
  rows: Uint8Array;
  rowCount: number;
}

/** The whole time the swimlane can show: the order's first span to its last, or to now while it is open. */
export function timeDomain(data: SwimlaneData): TimeWindow {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const take = (us: number | null | undefined) => {
    if (typeof us === 'number' && Number.isFinite(us)) {
      start = Math.min(start, us);
      end = Math.max(end, us);
    }
  };
  take(data.firstSeenUs);
  take(data.lastSeenUs);
  for (const status of data.statuses) {
    take(status.enteredAtUs);
    take(status.leftAtUs);
  }
  const current = data.statuses[data.statuses.length - 1];
  if (current && current.leftAtUs === null && !current.terminal) {
    // The order still sits in its status: the time it has been waiting is part of the picture.
    take(data.nowUs);
  }
  for (const wait of data.waits) {
    take(wait.startUs);
    take(wait.endUs ?? (current && !current.terminal ? data.nowUs : wait.startUs));
  }
  if (!Number.isFinite(start)) {
    start = data.nowUs - 60_000_000;
    end = data.nowUs;
  }
  const length = Math.max(end - start, MIN_WINDOW_US * 10);
  const pad = length * 0.02;
  return { startUs: start - pad, endUs: start + length + pad };
}

export function prepareLanes(lanes: Lane[]): PreparedLane[] {
  return lanes.map((lane) => {
    let spans = lane.spans;
    for (let i = 1; i < spans.length; i++) {
      if (spans[i].startUs < spans[i - 1].startUs) {
        spans = [...lane.spans].sort((a, b) => a.startUs - b.startUs);
        break;
      }
    }
    const rows = new Uint8Array(spans.length);
    const rowEnds: number[] = [];
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i];
      let row = rowEnds.findIndex((end) => end <= span.startUs);
      if (row === -1) {
        row = rowEnds.length < MAX_ROWS ? rowEnds.length : indexOfSmallest(rowEnds);
      }
      rowEnds[row] = Math.max(rowEnds[row] ?? 0, span.startUs + Math.max(span.durationUs, 0));
      rows[i] = row;
    }
    return { lane, spans, rows, rowCount: Math.max(rowEnds.length, 1) };
  });
}

function indexOfSmallest(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] < values[best]) {
      best = i;
    }
  }
  return best;
}

/** Zooms by `factor` (< 1 zooms in) keeping `anchorUs` where it is, inside the domain. */
export function zoomWindow(view: TimeWindow, factor: number, anchorUs: number, domain: TimeWindow): TimeWindow {
  const domainLength = domain.endUs - domain.startUs;
  const length = clamp((view.endUs - view.startUs) * factor, MIN_WINDOW_US, domainLength);
  const share = clamp((anchorUs - view.startUs) / (view.endUs - view.startUs || 1), 0, 1);
  const start = anchorUs - share * length;
  return clampWindow({ startUs: start, endUs: start + length }, domain);
}

/** Moves the window by `deltaUs`, inside the domain. */
export function panWindow(view: TimeWindow, deltaUs: number, domain: TimeWindow): TimeWindow {
  return clampWindow({ startUs: view.startUs + deltaUs, endUs: view.endUs + deltaUs }, domain);
}

/** Centres the window on `centreUs` (keeping its length), inside the domain. */
export function centreWindow(view: TimeWindow, centreUs: number, domain: TimeWindow): TimeWindow {
  const half = (view.endUs - view.startUs) / 2;
  return clampWindow({ startUs: centreUs - half, endUs: centreUs + half }, domain);
}

/** The smallest move of `view` that shows all of [startUs, endUs] (or its start when it is longer). */
export function revealWindow(view: TimeWindow, startUs: number, endUs: number, domain: TimeWindow): TimeWindow {
  const length = view.endUs - view.startUs;
  const margin = length * 0.05;
  if (startUs >= view.startUs && endUs <= view.endUs) {
    return view;
  }
  if (endUs - startUs > length - 2 * margin || startUs < view.startUs) {
    return clampWindow({ startUs: startUs - margin, endUs: startUs - margin + length }, domain);
  }
  return clampWindow({ startUs: endUs + margin - length, endUs: endUs + margin }, domain);
}

export function clampWindow(view: TimeWindow, domain: TimeWindow): TimeWindow {
  const length = Math.min(view.endUs - view.startUs, domain.endUs - domain.startUs);
  let start = view.startUs;
  if (start < domain.startUs) {
    start = domain.startUs;
  }
  if (start + length > domain.endUs) {
    start = domain.endUs - length;
  }
  return { startUs: start, endUs: start + length };
}

export function isWholeDomain(view: TimeWindow, domain: TimeWindow): boolean {
  const tolerance = (domain.endUs - domain.startUs) * 1e-6;
  return Math.abs(view.startUs - domain.startUs) <= tolerance && Math.abs(view.endUs - domain.endUs) <= tolerance;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Maps time to pixels for one window and width. */
export interface XScale {
  (us: number): number;
  invert(px: number): number;
}

export function xScale(view: TimeWindow, width: number): XScale {
  const k = width / (view.endUs - view.startUs || 1);
  const scale = ((us: number) => (us - view.startUs) * k) as XScale;
  scale.invert = (px: number) => view.startUs + px / k;
  return scale;
}

// ------------------------------------------------------------------------------------------------
// Keyboard navigation between bars

/** A bar, by lane and index in the prepared lane's sorted spans. */
export interface BarPosition {
  lane: number;
  index: number;
}

export type Direction = 'left' | 'right' | 'up' | 'down' | 'first' | 'last';

export function firstBar(lanes: PreparedLane[], view?: TimeWindow): BarPosition | undefined {
  for (let lane = 0; lane < lanes.length; lane++) {
    const spans = lanes[lane].spans;
    if (spans.length === 0) {
      continue;
    }
    const index = view ? Math.min(firstStartingAtOrAfter(spans, view.startUs), spans.length - 1) : 0;
    return { lane, index };
  }
  return undefined;
}

/** The bar an arrow key moves to: along the lane in time, or to the nearest-in-time bar of the next lane. */
export function neighbourBar(lanes: PreparedLane[], from: BarPosition, direction: Direction): BarPosition {
  const spans = lanes[from.lane]?.spans ?? [];
  switch (direction) {
    case 'left':
      return { lane: from.lane, index: Math.max(from.index - 1, 0) };
    case 'right':
      return { lane: from.lane, index: Math.min(from.index + 1, spans.length - 1) };
    case 'first':
      return { lane: from.lane, index: 0 };
    case 'last':
      return { lane: from.lane, index: spans.length - 1 };
    case 'up':
    case 'down': {
      const step = direction === 'up' ? -1 : 1;
      const atUs = spans[from.index]?.startUs ?? 0;
      for (let lane = from.lane + step; lane >= 0 && lane < lanes.length; lane += step) {
        const candidates = lanes[lane].spans;
        if (candidates.length > 0) {
          return { lane, index: nearestByStart(candidates, atUs) };
        }
      }
      return from;
    }
  }
}

/** Index of the first span starting at or after `us` (spans sorted by start). */
export function firstStartingAtOrAfter(spans: LaneSpan[], us: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].startUs < us) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function nearestByStart(spans: LaneSpan[], us: number): number {
  const after = firstStartingAtOrAfter(spans, us);
  if (after >= spans.length) {
    return spans.length - 1;
  }
  if (after === 0) {
    return 0;
  }
  return us - spans[after - 1].startUs <= spans[after].startUs - us ? after - 1 : after;
}

// ------------------------------------------------------------------------------------------------
// Time axis

const SECOND = 1_000_000;
const NICE_STEPS_US = [
  1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  60 * SECOND, 2 * 60 * SECOND, 5 * 60 * SECOND, 10 * 60 * SECOND, 15 * 60 * SECOND, 30 * 60 * SECOND,
  3600 * SECOND, 2 * 3600 * SECOND, 3 * 3600 * SECOND, 6 * 3600 * SECOND, 12 * 3600 * SECOND,
  86400 * SECOND, 2 * 86400 * SECOND, 7 * 86400 * SECOND, 14 * 86400 * SECOND, 28 * 86400 * SECOND,
];

export interface AxisTicks {
  stepUs: number;
  ticksUs: number[];
}

/** Tick times for the window, at a step that leaves at least `minSpacingPx` between labels. */
export function timeTicks(view: TimeWindow, width: number, minSpacingPx = 96): AxisTicks {
  const length = view.endUs - view.startUs;
  const wanted = (length / Math.max(width, 1)) * minSpacingPx;
  const stepUs = NICE_STEPS_US.find((step) => step >= wanted) ?? Math.ceil(wanted / (86400 * SECOND)) * 86400 * SECOND;
  const ticksUs: number[] = [];
  for (let t = Math.ceil(view.startUs / stepUs) * stepUs; t <= view.endUs && ticksUs.length < 200; t += stepUs) {
    ticksUs.push(t);
  }
  return { stepUs, ticksUs };
}

/** The moment.js-style format a tick label needs at this step. */
export function tickFormat(stepUs: number): string {
  if (stepUs >= 86400 * SECOND) {
    return 'MMM D';
  }
  if (stepUs >= 3600 * SECOND) {
    return 'MMM D HH:mm';
  }
  if (stepUs >= 60 * SECOND) {
    return 'HH:mm';
  }
  if (stepUs >= SECOND) {
    return 'HH:mm:ss';
  }
  return 'HH:mm:ss.SSS';
}

// ------------------------------------------------------------------------------------------------
// Vertical geometry and hit testing

export const LANE_PADDING_PX = 7;
export const ROW_HEIGHT_PX = 10;
export const ROW_GAP_PX = 4;
export const MIN_LANE_HEIGHT_PX = 32;

export interface LaneGeometry {
  tops: number[];
  heights: number[];
  total: number;
}

export function laneGeometry(lanes: PreparedLane[]): LaneGeometry {
  const tops: number[] = [];
  const heights: number[] = [];
  let y = 0;
  for (const lane of lanes) {
    const height = Math.max(
      MIN_LANE_HEIGHT_PX,
      LANE_PADDING_PX * 2 + lane.rowCount * ROW_HEIGHT_PX + (lane.rowCount - 1) * ROW_GAP_PX
    );
    tops.push(y);
    heights.push(height);
    y += height;
  }
  return { tops, heights, total: y };
}

/** Top of a bar's row inside its lane. */
export function rowTop(geometry: LaneGeometry, lane: number, row: number): number {
  return geometry.tops[lane] + LANE_PADDING_PX + row * (ROW_HEIGHT_PX + ROW_GAP_PX);
}

/** The bar under a point of the lanes area, if any (bars narrower than a few pixels count as a few pixels). */
export function hitTest(
  lanes: PreparedLane[],
  geometry: LaneGeometry,
  scale: XScale,
  x: number,
  y: number,
  tolerancePx = 3
): BarPosition | undefined {
  const lane = geometry.tops.findIndex((top, i) => y >= top && y < top + geometry.heights[i]);
  if (lane === -1) {
    return undefined;
  }
  const prepared = lanes[lane];
  const inLane = y - geometry.tops[lane] - LANE_PADDING_PX;
  const row = Math.min(Math.max(Math.floor(inLane / (ROW_HEIGHT_PX + ROW_GAP_PX)), 0), prepared.rowCount - 1);
  const latest = firstStartingAtOrAfter(prepared.spans, scale.invert(x + tolerancePx));
  let best: BarPosition | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  // Long spans that started long ago may still cover x; the scan is bounded so a hover stays cheap.
  for (let i = latest - 1, scanned = 0; i >= 0 && scanned < 20_000; i--, scanned++) {
    if (prepared.rows[i] !== row) {
      continue;
    }
    const span = prepared.spans[i];
    const x0 = scale(span.startUs);
    const x1 = Math.max(scale(span.startUs + span.durationUs), x0 + 2);
    if (x >= x0 - tolerancePx && x <= x1 + tolerancePx) {
      const distance = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
      if (distance < bestDistance) {
        best = { lane, index: i };
        bestDistance = distance;
        if (distance === 0) {
          break;
        }
      }
    }
  }
  return best;
}
