/** A span of time in microseconds, start inclusive, end exclusive. */
export interface Interval {
  startUs: number;
  endUs: number;
}

/** The intervals sorted and merged where they touch or overlap. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals
    .filter((interval) => interval.endUs > interval.startUs)
    .sort((a, b) => a.startUs - b.startUs);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.startUs <= last.endUs) {
      last.endUs = Math.max(last.endUs, interval.endUs);
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

/** The parts of `wanted` that none of `covered` holds, in time order. */
export function subtractIntervals(wanted: Interval, covered: Interval[]): Interval[] {
  const parts: Interval[] = [];
  let startUs = wanted.startUs;
  for (const block of mergeIntervals(covered)) {
    if (block.endUs <= startUs) {
      continue;
    }
    if (block.startUs >= wanted.endUs) {
      break;
    }
    if (block.startUs > startUs) {
      parts.push({ startUs, endUs: block.startUs });
    }
    startUs = Math.max(startUs, block.endUs);
  }
  if (startUs < wanted.endUs) {
    parts.push({ startUs, endUs: wanted.endUs });
  }
  return parts;
}

/** `interval` cut into pieces no longer than `widthUs` (at least one microsecond each). */
export function chunkInterval(interval: Interval, widthUs: number): Interval[] {
  const width = Math.max(1, widthUs);
  const pieces: Interval[] = [];
  for (let startUs = interval.startUs; startUs < interval.endUs; startUs += width) {
    pieces.push({ startUs, endUs: Math.min(interval.endUs, startUs + width) });
  }
  return pieces;
}

/** True when `covered` holds all of `wanted`. */
export function coversInterval(covered: Interval[], wanted: Interval): boolean {
  return subtractIntervals(wanted, covered).length === 0;
}
