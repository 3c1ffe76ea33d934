import { EngineConfig, expectedNext } from '../config';
import { formatClock, formatHumanDuration } from '../format';
import { Evidence, StatusInterval } from '../model';

/**
 * What the order's statuses say as a whole, beyond any single span: services disagreeing about the
 * status, past stays that broke their SLA, and the next status that never came.
 */
export function orderLevelEvidence(statuses: StatusInterval[], config: EngineConfig, nowUs: number): Evidence[] {
  const current = statuses.length > 0 ? statuses[statuses.length - 1] : undefined;
  const evidence = statusDisagreements(statuses, config, nowUs);
  evidence.push(...pastSlaBreaches(statuses, current));
  const missing = current ? expectedStatusMissing(current, config, nowUs) : undefined;
  if (missing) {
    evidence.push(missing);
  }
  return evidence;
}

/**
 * A status set by one service that a status keeper never recorded, although the keeper had been
 * following the order (it reported an earlier status): e.g. MES says MANUFACTURING_STARTED, CRM
 * still says MANUFACTURING_APPROVED. Keepers are the services that set terminal statuses, plus any
 * service seen recording a status another service set first.
 */
export function statusDisagreements(statuses: StatusInterval[], config: EngineConfig, nowUs: number): Evidence[] {
  const keepers = new Set(config.statusKeepers);
  for (const interval of statuses) {
    for (const service of interval.reportedBy) {
      if (service !== interval.service) {
        keepers.add(service);
      }
    }
  }
  const evidence: Evidence[] = [];
  const keeperLatest = new Map<string, StatusInterval>();
  for (const interval of statuses) {
    const followers = [...keepers].filter(
      (keeper) => keeperLatest.has(keeper) && !interval.reportedBy.includes(keeper)
    );
    const due = (interval.leftAtUs ?? nowUs) - interval.enteredAtUs >= config.statusEchoGraceUs;
    if (!interval.terminal && due && !keepers.has(interval.service)) {
      for (const keeper of followers) {
        const behind = keeperLatest.get(keeper) as StatusInterval;
        evidence.push({
          kind: 'status_disagreement',
          severity: 'critical',
          atUs: interval.enteredAtUs,
          status: interval.status,
          service: interval.service,
          message: `${interval.service} reports ${interval.status} since ${formatClock(interval.enteredAtUs, nowUs)}, but ${keeper} never recorded it (it last recorded ${behind.status}): a status event was lost between them.`,
          spans: [interval.span, behind.span],
        });
      }
    }
    for (const service of interval.reportedBy) {
      if (keepers.has(service)) {
        keeperLatest.set(service, interval);
      }
    }
  }
  return evidence;
}

/** Stays that are over and broke their SLA; the current stay is judged by the verdict instead. */
function pastSlaBreaches(statuses: StatusInterval[], current: StatusInterval | undefined): Evidence[] {
  const evidence: Evidence[] = [];
  for (const interval of statuses) {
    if (interval !== current && interval.verdict === 'breached' && interval.slaSeconds !== null) {
      evidence.push({
        kind: 'sla_breached',
        severity: 'warning',
        atUs: interval.enteredAtUs,
        status: interval.status,
        service: interval.service,
        message: `${interval.status} lasted ${formatHumanDuration(interval.durationUs)} (SLA ${formatHumanDuration(interval.slaSeconds * 1e6)}).`,
        spans: [interval.span],
      });
    }
  }
  return evidence;
}

/** The current status is past its SLA: name the status that should have followed and who sets it. */
function expectedStatusMissing(current: StatusInterval, config: EngineConfig, nowUs: number): Evidence | undefined {
  if (current.verdict !== 'breached' || current.terminal) {
    return undefined;
  }
  const next = expectedNext(config, current.status);
  return {
    kind: 'expected_status_missing',
    severity: 'critical',
    atUs: current.enteredAtUs,
    status: current.status,
    service: current.service,
    message: `${next.status ?? 'The next status'} never came${next.setBy ? ` from ${next.setBy}` : ''}: the order entered ${current.status} at ${formatClock(current.enteredAtUs, nowUs)} and nothing moved it on for ${formatHumanDuration(current.durationUs)}.`,
    spans: [current.span],
  };
}
