import { chunkInterval, coversInterval, mergeIntervals, subtractIntervals } from './intervals';

const i = (startUs: number, endUs: number) => ({ startUs, endUs });

describe('intervals', () => {
  it('merges touching and overlapping intervals, dropping empty ones', () => {
    expect(mergeIntervals([i(5, 7), i(0, 2), i(2, 3), i(6, 9), i(4, 4)])).toEqual([i(0, 3), i(5, 9)]);
  });

  it('subtracts what is covered, keeping the gaps in time order', () => {
    expect(subtractIntervals(i(0, 10), [i(2, 3), i(8, 12), i(-5, 1)])).toEqual([i(1, 2), i(3, 8)]);
    expect(subtractIntervals(i(0, 10), [])).toEqual([i(0, 10)]);
    expect(subtractIntervals(i(0, 10), [i(-1, 11)])).toEqual([]);
  });

  it('cuts an interval into pieces of at most the width', () => {
    expect(chunkInterval(i(0, 10), 4)).toEqual([i(0, 4), i(4, 8), i(8, 10)]);
    expect(chunkInterval(i(0, 3), 0)).toEqual([i(0, 1), i(1, 2), i(2, 3)]);
  });

  it('knows when an interval is covered', () => {
    expect(coversInterval([i(0, 5), i(5, 10)], i(1, 9))).toBe(true);
    expect(coversInterval([i(0, 5), i(6, 10)], i(1, 9))).toBe(false);
  });
});
