import { EngineConfig } from '../config';
import { EngineWarning, Evidence, StatusInterval } from '../model';

/** Evidence that rests on a span that is absent: with sampling, the span may merely not be stored. */
const RESTS_ON_ABSENCE = new Set<Evidence['kind']>(['unconsumed_message', 'status_disagreement', 'expected_status_missing']);

const SAMPLED = 'Traces are sampled, so the missing span may only have been sampled out.';

/**
 * Lifecycle statuses the order passed without any span reporting them (SUBMITTED, then
 * PRICE_CALCULATED, never FILE_UPLOADED): said plainly, and with sampling said to be expected.
 */
export function statusesNotSeen(intervals: StatusInterval[], config: EngineConfig): EngineWarning[] {
  const warnings: EngineWarning[] = [];
  for (let index = 1; index < intervals.length; index++) {
    const [before, after] = [intervals[index - 1], intervals[index]];
    if (before.lifecycleIndex < 0 || after.lifecycleIndex <= before.lifecycleIndex + 1 || after.terminal) {
      continue;
    }
    const skipped = config.statuses
      .slice(before.lifecycleIndex + 1, after.lifecycleIndex)
      .filter((status) => !status.terminal)
      .map((status) => status.name);
    if (skipped.length === 0) {
      continue;
    }
    warnings.push({
      code: 'status_not_seen',
      message: `${skipped.join(', ')} not seen between ${before.status} and ${after.status}: ${
        config.tracesSampled ? 'its traces may be sampled out' : 'no span reported it'
      }.`,
      spans: [before.span, after.span],
    });
  }
  return warnings;
}

/** With sampling, a cause that rests on an absent span is a hint, never the verdict's certainty. */
export function doubtAbsences(evidence: Evidence[], config: EngineConfig): Evidence[] {
  if (!config.tracesSampled) {
    return evidence;
  }
  return evidence.map((item) =>
    RESTS_ON_ABSENCE.has(item.kind) ? { ...item, severity: 'info', message: `${item.message} ${SAMPLED}` } : item
  );
}
