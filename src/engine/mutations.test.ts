/**
 * One bad value never takes a page down: recorded answers of a real Jaeger, in both the `/api/traces`
 * and the OTLP (`/api/v3/traces`) shape, with one to three values replaced by what real pipelines
 * and hostile senders produce (wrong types, nulls, huge and non-finite numbers, markup, control
 * characters, deep nesting) or removed. Every mutant goes through the whole engine (reader, order
 * timeline, verdict, index, stuck detection) and nothing may throw, nor may any text meant for a
 * person say NaN, Infinity, undefined or [object Object].
 */
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { ALWAYS_NONSENSE, mutate, NONSENSE, textsOf } from '../../tests/fixtures/mutate';
import { JaegerAnswer, random, toOtlpAnswer } from '../../tests/fixtures/otlpAnswer';
import { loadRecorded, RECORDED } from '../../tests/fixtures/recorded';
import {
  compileConfig,
  findStuckOrders,
  formatClock,
  formatHumanDuration,
  indexOrders,
  reconstructOrder,
} from './index';

const config = compileConfig(DEFAULT_SETTINGS);
const MUTANTS_PER_BASE = 150;

/** Every field ending in "Us" holds a finite number (or nothing): the swimlane and the formatting draw on them. */
function timesAreFinite(value: unknown, path = ''): string[] {
  const bad: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => bad.push(...timesAreFinite(item, `${path}[${index}]`)));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (
        /Us$/.test(key) &&
        item !== null &&
        item !== undefined &&
        !(typeof item === 'number' && Number.isFinite(item))
      ) {
        bad.push(`${path}.${key} = ${String(item)}`);
      }
      bad.push(...timesAreFinite(item, `${path}.${key}`));
    }
  }
  return bad;
}

interface Base {
  name: string;
  orderId: string;
  nowUs: number;
  payloads: unknown[];
}

function bases(): Base[] {
  return [RECORDED.deadLetter, RECORDED.operatorNeverPicksUp, RECORDED.closed].flatMap((orderId) => {
    const recorded = loadRecorded(orderId);
    const answers = recorded.requests.map((request) => request.response);
    return [
      { name: `${orderId} /api/traces`, orderId, nowUs: recorded.nowMs * 1000, payloads: answers },
      {
        name: `${orderId} OTLP`,
        orderId,
        nowUs: recorded.nowMs * 1000,
        payloads: answers.map((answer): unknown => JSON.parse(toOtlpAnswer(answer as JaegerAnswer))),
      },
    ];
  });
}

describe('one bad value never takes a page down', () => {
  it.each(bases().map((base, index) => [base.name, base, index] as const))('%s', (_name, base, index) => {
    const next = random(20261207 + index);
    const failures: string[] = [];
    for (let mutant = 0; mutant < MUTANTS_PER_BASE; mutant++) {
      const target = Math.floor(next() * base.payloads.length);
      const { payload, changes } = mutate(base.payloads[target], next);
      const payloads = base.payloads.map((original, at) => (at === target ? payload : original));
      const where = `mutant ${mutant} (${changes.join(', ')})`;
      try {
        const timeline = reconstructOrder(base.orderId, payloads, config, { nowUs: base.nowUs });
        const index = indexOrders(payloads, config, {
          startUs: base.nowUs - 30 * 86_400e6,
          endUs: base.nowUs,
          nowUs: base.nowUs,
        });
        const stuck = findStuckOrders(index, config, base.nowUs);
        // A span may be named "NaN" (then the page shows that name); only words the data does not hold are nonsense.
        const nonsenseHere = textsOf(payload).some((text) => NONSENSE.test(text)) ? ALWAYS_NONSENSE : NONSENSE;
        for (const result of [timeline, index, stuck]) {
          const nonsense = textsOf(result).find((text) => nonsenseHere.test(text));
          if (nonsense !== undefined) {
            failures.push(`${where}: says "${nonsense.slice(0, 160)}"`);
          }
          const bad = timesAreFinite(result);
          if (bad.length > 0) {
            failures.push(`${where}: ${bad.slice(0, 3).join('; ')}`);
          }
        }
        // What the page formats from the result.
        for (const us of [
          timeline.firstSeenUs,
          timeline.lastSeenUs,
          ...timeline.statuses.map((status) => status.enteredAtUs),
        ]) {
          if (us !== null) {
            formatClock(us);
          }
        }
        timeline.waits.forEach((wait) => formatHumanDuration(wait.durationUs));
        JSON.stringify([timeline, index, stuck]);
      } catch (error) {
        failures.push(`${where}: threw ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
