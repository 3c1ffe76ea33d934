import { EngineConfig, expectedNextStatus, statusDefinition } from './config';
import { clip, inspectSpan, isSlow, refOf } from './evidence';
import { formatClock, formatHumanDuration } from './format';
import {
  EngineWarning,
  Evidence,
  Lane,
  LaneSpan,
  OrderSpan,
  OrderTimeline,
  SpanRef,
  StatusInterval,
  Verdict,
  Wait,
} from './model';
import { buildStatusIntervals, StatusEvent, statusOf } from './statuses';
import { verdictFor } from './verdict';

const spanKey = (traceId: string, spanId: string) => `${traceId}:${spanId}`;

/** The order id a span carries, as text (numbers are accepted: some SDKs send ids as numbers). */
export function orderIdOf(span: OrderSpan, key: string): string | undefined {
  const value = span.attributes[key];
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' ? String(value) : undefined;
}

/**
 * Stitches one order's story from spans of many traces (in any order, with duplicates and spans
 * of other orders mixed in). Linear in spans apart from one sort by start time.
 */
export function buildOrderTimeline(
  orderId: string,
  input: OrderSpan[],
  config: EngineConfig,
  nowUs: number,
  incomingWarnings: EngineWarning[] = []
): OrderTimeline {
  const warnings: EngineWarning[] = [...incomingWarnings];

  // 1. De-duplicate: the same span comes back from several per-service searches.
  const unique = new Map<string, OrderSpan>();
  let duplicates = 0;
  for (const span of input) {
    const key = spanKey(span.traceId, span.spanId);
    if (unique.has(key)) {
      duplicates++;
    } else {
      unique.set(key, span);
    }
  }
  if (duplicates > 0) {
    const distinct = input.length - unique.size;
    if (distinct > 0) {
      // Repeats are normal (several services' searches return the same trace): only say so in a quiet note.
      warnings.push({
        code: 'duplicate_span',
        message: `${duplicates} duplicate span${duplicates > 1 ? 's were' : ' was'} merged.`,
      });
    }
  }

  // 2. The order's traces: those with a span carrying its id, plus traces linked to them.
  const mine = new Set<string>();
  const traceLinks = new Map<string, string[]>();
  for (const span of unique.values()) {
    if (orderIdOf(span, config.orderIdKey) === orderId) {
      mine.add(span.traceId);
    }
    for (const link of span.links) {
      if (link.traceId !== span.traceId) {
        pushTo(traceLinks, span.traceId, link.traceId);
        pushTo(traceLinks, link.traceId, span.traceId);
      }
    }
  }
  const queue = [...mine];
  while (queue.length > 0) {
    const traceId = queue.pop() as string;
    for (const linked of traceLinks.get(traceId) ?? []) {
      if (!mine.has(linked)) {
        mine.add(linked);
        queue.push(linked);
      }
    }
  }
  const spans: OrderSpan[] = [];
  for (const span of unique.values()) {
    if (!mine.has(span.traceId)) {
      continue;
    }
    const id = orderIdOf(span, config.orderIdKey);
    if (id === undefined || id === orderId) {
      spans.push(span);
    }
  }
  spans.sort(
    (a, b) =>
      a.startUs - b.startUs || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : a.spanId < b.spanId ? -1 : 1)
  );
  // Every span read (not only this order's) is a valid parent or link target.
  const byKey = unique;

  // 3. Structure: missing parents, clock skew between parent and child, parent cycles.
  checkStructure(spans, byKey, config, warnings);

  // 4. Statuses.
  const events: StatusEvent[] = [];
  for (const span of spans) {
    const status = statusOf(span, config);
    if (status !== undefined) {
      events.push({ status, timeUs: span.startUs, service: span.service, span: refOf(span) });
    }
  }
  const statuses = buildStatusIntervals(events, config, nowUs, warnings);
  const current = statuses.length > 0 ? statuses[statuses.length - 1] : undefined;
  if (spans.length > 0 && statuses.length === 0) {
    warnings.push({
      code: 'no_status',
      message: `None of the order's spans carries "${config.statusKey}": its status is unknown.`,
    });
  }

  // 5. Status at any time (spans are sorted, so one forward walk suffices).
  const statusTimes = statuses.map((interval) => interval.enteredAtUs);
  const statusAt = (timeUs: number): string | null => {
    let low = 0;
    let high = statusTimes.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (statusTimes[middle] <= timeUs + config.clockSkewToleranceUs) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found >= 0 ? statuses[found].status : statuses.length > 0 ? statuses[0].status : null;
  };

  // 6. Slow spans: only the deepest slow span of a chain is reported (its parents are slow because of it).
  const spanStatus: Array<string | null> = spans.map((span) => statusAt(span.startUs));
  const slow = spans.map((span, index) => isSlow(span, config, spanStatus[index]));
  const slowParents = new Set<string>();
  spans.forEach((span, index) => {
    if (slow[index] && span.parentSpanId) {
      slowParents.add(spanKey(span.traceId, span.parentSpanId));
    }
  });

  // 7. Lanes, marks and per-span evidence.
  const lanes = new Map<string, Lane>();
  const serviceLanes = new Map<string, Lane>();
  const evidence: Evidence[] = [];
  const lane = (id: string, kind: Lane['kind'], name: string): Lane => {
    let found = lanes.get(id);
    if (!found) {
      found = { id, kind, name, spans: [] };
      lanes.set(id, found);
    }
    return found;
  };
  spans.forEach((span, index) => {
    const reallySlow = slow[index] && !slowParents.has(spanKey(span.traceId, span.spanId));
    const inspected = inspectSpan(span, config, spanStatus[index], reallySlow, nowUs);
    for (const item of inspected.evidence) {
      evidence.push(item);
    }
    const bar: LaneSpan = {
      span: refOf(span),
      operation: span.operation,
      startUs: span.startUs,
      durationUs: span.durationUs,
      status: span.status,
      marks: inspected.marks,
    };
    const status = statusOf(span, config);
    if (status !== undefined) {
      bar.orderStatus = status;
    }
    let serviceLane = serviceLanes.get(span.service);
    if (!serviceLane) {
      serviceLane = lane(`service:${span.service}`, 'service', span.service);
      serviceLanes.set(span.service, serviceLane);
    }
    serviceLane.spans.push(bar);
    if (span.messaging?.destination) {
      lane(`queue:${span.messaging.destination}`, 'queue', span.messaging.destination).spans.push(bar);
    }
    const bucket = span.attributes['aws.s3.bucket'];
    if (typeof bucket === 'string') {
      lane(`storage:${bucket}`, 'storage', `s3://${bucket}`).spans.push(bar);
    }
  });
  markRecoveredErrors(spans, byKey, evidence);
  const laneOrder: Record<Lane['kind'], number> = { service: 0, queue: 1, storage: 2 };
  const laneList = [...lanes.values()].sort((a, b) => laneOrder[a.kind] - laneOrder[b.kind]);

  // 8. Waits on queues, and messages nobody processed.
  const waits = queueWaits(spans, byKey, config, nowUs, statusAt, current, evidence);
  addTraceGaps(spans, waits);

  // 9. Order-level evidence: services disagreeing, SLA breaches, the next status that never came.
  evidence.push(...statusDisagreements(statuses, config, nowUs));
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
  if (current && current.verdict === 'breached' && !current.terminal) {
    const next = expectedNextStatus(config, current.status);
    const setter = next ? statusDefinition(config, next)?.setBy : undefined;
    evidence.push({
      kind: 'expected_status_missing',
      severity: 'critical',
      atUs: current.enteredAtUs,
      status: current.status,
      service: current.service,
      message: `${next ?? 'The next status'} never came${setter ? ` from ${setter}` : ''}: the order entered ${current.status} at ${formatClock(current.enteredAtUs, nowUs)} and nothing moved it on for ${formatHumanDuration(current.durationUs)}.`,
      spans: [current.span],
    });
  }
  evidence.sort((a, b) => a.atUs - b.atUs);

  const verdict: Verdict = verdictFor(current, evidence, config, nowUs, spans.length);
  return {
    orderId,
    spans,
    traceIds: [...new Set(spans.map((span) => span.traceId))],
    statuses,
    currentStatus: current?.status ?? null,
    lanes: laneList,
    waits,
    evidence,
    verdict,
    warnings,
    firstSeenUs: spans.length > 0 ? spans[0].startUs : null,
    lastSeenUs: spans.length > 0 ? latestEnd(spans) : null,
    nowUs,
  };
}

function latestEnd(spans: OrderSpan[]): number {
  let latest = -Infinity;
  for (const span of spans) {
    latest = Math.max(latest, span.startUs + span.durationUs);
  }
  return latest;
}

/**
 * An error that a later attempt of the same operation in the same trace got past (a retried
 * request, a redelivered message) is history, not a cause: it stays in the evidence as `info`.
 */
function markRecoveredErrors(spans: OrderSpan[], byKey: Map<string, OrderSpan>, evidence: Evidence[]): void {
  const failedByTrace = new Map<string, Array<{ item: Evidence; span: OrderSpan }>>();
  for (const item of evidence) {
    const ref = item.spans[0];
    const span = item.kind === 'error' && ref ? byKey.get(spanKey(ref.traceId, ref.spanId)) : undefined;
    if (span) {
      const list = failedByTrace.get(span.traceId) ?? [];
      list.push({ item, span });
      failedByTrace.set(span.traceId, list);
    }
  }
  if (failedByTrace.size === 0) {
    return;
  }
  // HTTP client spans are named by method only: the route tells two PUTs apart.
  const route = (span: OrderSpan) => span.attributes['url.template'] ?? span.attributes['http.route'];
  const recovered = new Set<Evidence>();
  for (const span of spans) {
    const candidates = span.status === 'error' ? undefined : failedByTrace.get(span.traceId);
    for (const { item, span: failed } of candidates ?? []) {
      if (
        span.startUs > failed.startUs &&
        span.operation === failed.operation &&
        span.service === failed.service &&
        route(span) === route(failed)
      ) {
        recovered.add(item);
      }
    }
  }
  for (const item of recovered) {
    item.severity = 'info';
    item.message = `${item.message} A later attempt succeeded.`;
  }
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function checkStructure(
  spans: OrderSpan[],
  byKey: Map<string, OrderSpan>,
  config: EngineConfig,
  warnings: EngineWarning[]
): void {
  // Parent of each span as an index into `spans` (-1: none or not found), so the checks below
  // work on integers instead of string keys.
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
    if (span.startUs + config.clockSkewToleranceUs < found.startUs) {
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
  // Parent cycles (hostile or corrupt data): walk each chain once, colouring visited spans.
  // state: 0 unvisited, 1 on the current walk, 2 done.
  const state = new Uint8Array(spans.length);
  let cycles = 0;
  for (let start = 0; start < spans.length; start++) {
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
  if (cycles > 0) {
    warnings.push({
      code: 'reference_cycle',
      message: `The parent references of ${cycles} trace part${
        cycles > 1 ? 's form cycles' : ' form a cycle'
      }; the data is corrupt and their nesting is ignored.`,
    });
  }
}

function queueWaits(
  spans: OrderSpan[],
  byKey: Map<string, OrderSpan>,
  config: EngineConfig,
  nowUs: number,
  statusAt: (timeUs: number) => string | null,
  current: StatusInterval | undefined,
  evidence: Evidence[]
): Wait[] {
  const waits: Wait[] = [];
  const consumed = new Set<string>();
  for (const span of spans) {
    const consumer = span.messaging
      ? span.messaging.operation === 'process' || span.messaging.operation === 'receive' || span.kind === 'consumer'
      : span.kind === 'consumer';
    if (!consumer && !span.messaging?.deadLetter) {
      continue;
    }
    const sources = span.links.map((link) => spanKey(link.traceId, link.spanId));
    if (span.parentSpanId) {
      sources.push(spanKey(span.traceId, span.parentSpanId));
    }
    for (const source of sources) {
      const producer = byKey.get(source);
      if (!producer || !(producer.messaging?.operation === 'publish' || producer.kind === 'producer')) {
        continue;
      }
      consumed.add(source);
      if (consumer) {
        waits.push({
          kind: 'queue',
          queue: producer.messaging?.destination ?? span.messaging?.destination,
          from: refOf(producer),
          to: refOf(span),
          startUs: producer.startUs,
          endUs: span.startUs,
          durationUs: Math.max(0, span.startUs - producer.startUs),
        });
      }
    }
  }
  for (const span of spans) {
    const publish =
      span.messaging?.operation === 'publish' || (span.kind === 'producer' && span.messaging !== undefined);
    if (!publish || span.messaging?.deadLetter || consumed.has(spanKey(span.traceId, span.spanId))) {
      continue;
    }
    const waited = nowUs - span.startUs;
    waits.push({
      kind: 'queue',
      queue: span.messaging?.destination,
      from: refOf(span),
      startUs: span.startUs,
      endUs: null,
      durationUs: Math.max(0, waited),
    });
    const statusThen = statusAt(span.startUs);
    // A message counts as lost only when it was due long ago and the order never moved on after it.
    if (waited >= config.unconsumedAfterUs && current && statusThen === current.status && !current.terminal) {
      evidence.push({
        kind: 'unconsumed_message',
        severity: 'critical',
        atUs: span.startUs,
        status: statusThen,
        service: span.service,
        message: `${span.service} published a message to ${clip(span.messaging?.destination ?? 'a queue', 80)} at ${formatClock(span.startUs, nowUs)}; nothing has processed it in ${formatHumanDuration(waited)}.`,
        spans: [refOf(span)],
      });
    }
  }
  return waits;
}

/** Gaps between traces where the order waited and nothing happened (longer than a second). */
function addTraceGaps(spans: OrderSpan[], waits: Wait[]): void {
  let lastEnd = -Infinity;
  let lastSpan: OrderSpan | undefined;
  for (const span of spans) {
    if (lastSpan && span.traceId !== lastSpan.traceId && span.startUs - lastEnd > 1_000_000) {
      waits.push({
        kind: 'gap',
        from: refOf(lastSpan),
        to: refOf(span),
        startUs: lastEnd,
        endUs: span.startUs,
        durationUs: span.startUs - lastEnd,
      });
    }
    const end = span.startUs + span.durationUs;
    if (end >= lastEnd) {
      lastEnd = end;
      lastSpan = span;
    }
  }
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
