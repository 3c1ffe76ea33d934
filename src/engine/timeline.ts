import { EngineConfig } from './config';
import { EngineWarning, OrderSpan, OrderTimeline } from './model';
import { buildLanes } from './timeline/lanes';
import { orderLevelEvidence } from './timeline/orderEvidence';
import { seenRange, selectOrderSpans } from './timeline/orderSpans';
import { orderStatuses, statusClock } from './timeline/orderStatuses';
import { plausibleSpans } from './timeline/plausibleSpans';
import { doubtAbsences, statusesNotSeen } from './timeline/sampling';
import { markRecoveredErrors } from './timeline/recoveredErrors';
import { deepestSlowSpans, inspectOrderSpans } from './timeline/spanFindings';
import { mergeDuplicateSpans } from './timeline/spanIndex';
import { checkStructure } from './timeline/structure';
import { queueWaits, traceGaps } from './timeline/waits';
import { verdictFor } from './verdict';

/**
 * Stitches one order's story from spans of many traces (in any order, with duplicates and spans
 * of other orders mixed in). Linear in spans apart from one sort by start time.
 */
export function buildOrderTimeline(
  orderId: string,
  input: OrderSpan[],
  config: EngineConfig,
  nowUs: number,
  incomingWarnings: EngineWarning[] = [],
  window: { notBeforeUs?: number } = {}
): OrderTimeline {
  const read = mergeDuplicateSpans(input);
  const selected = selectOrderSpans(orderId, read.byKey, config.orderIdKey);
  const { spans, warnings: timeWarnings } = plausibleSpans(selected, nowUs, window.notBeforeUs);
  const structureWarnings = checkStructure(spans, read.byKey, config.clockSkewToleranceUs);
  const statuses = orderStatuses(spans, config, nowUs);
  const statusAt = statusClock(statuses.intervals, config.clockSkewToleranceUs);
  const spanStatuses = spans.map((span) => statusAt(span.startUs));
  const slow = deepestSlowSpans(spans, spanStatuses, config);
  const findings = inspectOrderSpans(spans, spanStatuses, slow, config, nowUs);
  // In place: errors a later attempt got past become `info`, so the verdict never names them.
  markRecoveredErrors(spans, read.byKey, findings.evidence);
  const lanes = buildLanes(spans, findings.marks, config);
  const queues = queueWaits(spans, read.byKey, { config, nowUs, statusAt, current: statuses.current });
  const evidence = doubtAbsences(
    [...findings.evidence, ...queues.evidence, ...orderLevelEvidence(statuses.intervals, config, nowUs)],
    config
  ).sort((a, b) => a.atUs - b.atUs);
  return {
    orderId,
    spans,
    traceIds: [...new Set(spans.map((span) => span.traceId))],
    statuses: statuses.intervals,
    currentStatus: statuses.current?.status ?? null,
    lanes,
    waits: [...queues.waits, ...traceGaps(spans)],
    evidence,
    verdict: verdictFor(statuses.current, evidence, config, nowUs, spans.length),
    warnings: [
      ...incomingWarnings,
      ...read.warnings,
      ...timeWarnings,
      ...structureWarnings,
      ...statuses.warnings,
      ...statusesNotSeen(statuses.intervals, config),
    ],
    ...seenRange(spans),
    nowUs,
  };
}
