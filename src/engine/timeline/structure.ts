import { refOf } from '../evidence';
import { EngineWarning, OrderSpan, SpanRef } from '../model';
import { SpanIndex, spanKey } from './spanIndex';

/**
 * What is wrong with the shape of the order's traces: parents that were not found, children that
 * start before their parent (the services' clocks disagree) and parent cycles (hostile or corrupt
 * data). Only warns: the timeline is built regardless.
 */
export function checkStructure(spans: OrderSpan[], byKey: SpanIndex, clockSkewToleranceUs: number): EngineWarning[] {
  const warnings: EngineWarning[] = [];
  // Parent of each span as an index into `spans` (-1: none or not found), so the cycle walk
  // works on integers instead of string keys.
  const position = new Map<OrderSpan, number>();
  spans.forEach((span, index) => position.set(span, index));
  const parent = new Int32Array(spans.length).fill(-1);
  let missing = 0;
  const skewed: SpanRef[] = [];
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    if (!span.parentSpanId) {
      continue;
    }
    const found = byKey.get(spanKey(span.traceId, span.parentSpanId));
    if (!found) {
      missing++;
      continue;
    }
    parent[index] = position.get(found) ?? -1;
    if (span.startUs + clockSkewToleranceUs < found.startUs) {
      skewed.push(refOf(span));
    }
  }
  if (missing > 0) {
    warnings.push({
      code: 'missing_parent',
      message: `${missing} span${missing > 1 ? 's have' : ' has'} a parent that was not found (an incomplete trace); they are shown on their own.`,
    });
  }
  if (skewed.length > 0) {
    warnings.push({
      code: 'clock_skew',
      message: `${skewed.length} span${skewed.length > 1 ? 's start' : ' starts'} before ${
        skewed.length > 1 ? 'their parents' : 'its parent'
      }: the services' clocks disagree, so times across services are approximate.`,
      spans: skewed.slice(0, 10),
    });
  }
  const cycles = countParentCycles(parent);
  if (cycles > 0) {
    warnings.push({
      code: 'reference_cycle',
      message: `The parent references of ${cycles} trace part${
        cycles > 1 ? 's form cycles' : ' form a cycle'
      }; the data is corrupt and their nesting is ignored.`,
    });
  }
  return warnings;
}

/** Walks each parent chain once, colouring visited spans (0 unvisited, 1 on the current walk, 2 done). */
function countParentCycles(parent: Int32Array): number {
  const state = new Uint8Array(parent.length);
  let cycles = 0;
  for (let start = 0; start < parent.length; start++) {
    let cursor = start;
    while (cursor >= 0 && state[cursor] === 0) {
      state[cursor] = 1;
      cursor = parent[cursor];
    }
    if (cursor >= 0 && state[cursor] === 1) {
      cycles++;
    }
    cursor = start;
    while (cursor >= 0 && state[cursor] === 1) {
      state[cursor] = 2;
      cursor = parent[cursor];
    }
  }
  return cycles;
}
