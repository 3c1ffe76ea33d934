import { EngineConfig, expectedNext } from './config';
import { formatClock, formatHumanDuration, formatSla } from './format';
import { Evidence, StatusInterval, Verdict } from './model';
import { strongestCause } from './evidence';

/** The plain-language verdict for an order's current state, naming the strongest evidence. */
export function verdictFor(
  current: StatusInterval | undefined,
  evidence: Evidence[],
  config: EngineConfig,
  nowUs: number,
  spanCount: number
): Verdict {
  if (!current) {
    return {
      state: 'unknown',
      headline:
        spanCount === 0
          ? 'No traces were found for this order in the searched time window.'
          : `The order's spans carry no "${config.statusKey}" attribute, so its status is unknown.`,
      currentStatus: null,
      timeInStatusUs: 0,
      slaSeconds: null,
    };
  }
  const since = current.enteredAtUs - config.clockSkewToleranceUs;
  const timeInStatusUs = current.durationUs;
  const base = { currentStatus: current.status, timeInStatusUs, slaSeconds: current.slaSeconds };
  if (current.lifecycleIndex < 0) {
    // Only statuses the lifecycle does not know: no SLA to hold it to, so never "on track".
    return {
      ...base,
      state: 'unknown',
      headline: `Reported as ${current.status}, which is not in the configured lifecycle: whether it is on time cannot be told.`,
    };
  }
  if (current.terminal) {
    return {
      ...base,
      state: 'finished',
      headline: `${current.status} at ${formatClock(current.enteredAtUs, nowUs)}.`,
    };
  }
  const cause = strongestCause(evidence, since);
  const took = formatHumanDuration(timeInStatusUs);
  if (current.slaSeconds === null) {
    return {
      ...base,
      state: 'on_track',
      headline: `In ${current.status} for ${took} (no SLA)${cause && cause.severity !== 'info' ? `; note: ${lowerFirst(cause.message)}` : '.'}`,
      ...(cause ? { cause } : {}),
    };
  }
  const sla = formatSla(current.slaSeconds);
  if (current.verdict === 'breached') {
    const explanation =
      cause && cause.kind !== 'expected_status_missing'
        ? lowerFirst(cause.message)
        : `no span explains it; ${expectedNextPhrase(config, current.status)}.`;
    return {
      ...base,
      state: 'stuck',
      headline: `Stuck in ${current.status} for ${took} (SLA ${sla}): ${explanation}`,
      ...(cause ? { cause } : {}),
    };
  }
  const late = current.verdict === 'warning';
  const problem = cause && cause.severity !== 'info' ? cause : undefined;
  return {
    ...base,
    state: late ? 'late' : 'on_track',
    headline: `${late ? 'Close to its SLA' : 'On track'}: in ${current.status} for ${took} (SLA ${sla})${problem ? `; ${lowerFirst(problem.message)}` : '.'}`,
    ...(problem ? { cause: problem } : {}),
  };
}

function lowerFirst(text: string): string {
  // Keep service names and status names as they are; only soften a leading "The".
  return text.startsWith('The ') ? `the ${text.slice(4)}` : text;
}

/** "FILE_UPLOADED was expected from shop-api": the words for a stuck order nothing explains. */
export function expectedNextPhrase(config: EngineConfig, status: string): string {
  const next = expectedNext(config, status);
  const sampled = config.tracesSampled ? ' (its trace may have been sampled out)' : '';
  return `${next.status ?? 'the next status'} was expected${next.setBy ? ` from ${next.setBy}` : ''}${sampled}`;
}
