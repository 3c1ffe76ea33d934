/**
 * The public types of the order reconstruction engine. Plain TypeScript: no Grafana, React or DOM.
 * Times are microseconds since the Unix epoch (what Jaeger speaks); durations are microseconds.
 * Names are stable: add fields, do not rename them.
 */

export type AttributeValue = string | number | boolean;
/** Flat attribute map (span tags, resource tags and event fields share this shape). */
export type Attributes = Record<string, AttributeValue>;

export type SpanStatus = 'ok' | 'error' | 'unset';
export type SpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal' | 'unspecified';

/** Points at one span of one trace: every bar, evidence item and row links through this. */
export interface SpanRef {
  traceId: string;
  spanId: string;
}

export interface SpanLink extends SpanRef {
  /** `follows_from` (Jaeger FOLLOWS_FROM, OTel span link) or `child_of` for an extra parent. */
  type: 'follows_from' | 'child_of';
}

export interface SpanEvent {
  timeUs: number;
  name: string;
  attributes: Attributes;
}

/** Messaging facts of a span, normalised from old and new OTel attribute names. */
export interface MessagingInfo {
  system: string;
  /** `publish` (send/publish/create), `receive`, `process`, `settle`, or the raw value. */
  operation: 'publish' | 'receive' | 'process' | 'settle' | 'other';
  destination?: string;
  deadLetter: boolean;
}

/** One span, whatever it was read from (Jaeger JSON, OTLP JSON, Grafana trace frame). */
export interface OrderSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  links: SpanLink[];
  service: string;
  operation: string;
  startUs: number;
  durationUs: number;
  attributes: Attributes;
  events: SpanEvent[];
  status: SpanStatus;
  statusMessage?: string;
  kind: SpanKind;
  messaging?: MessagingInfo;
}

export type WarningCode =
  | 'clock_skew'
  | 'missing_parent'
  | 'reference_cycle'
  | 'duplicate_span'
  | 'negative_duration'
  | 'invalid_span'
  | 'no_status'
  | 'unknown_status'
  | 'status_out_of_order'
  | 'partial_result'
  | 'limit_reached'
  | 'too_many_spans'
  | 'implausible_time'
  | 'after_terminal'
  | 'contradictory_status'
  | 'missing_process'
  | 'invalid_order_id'
  | 'status_not_seen'
  | 'other';

/** Doubtful data, said in plain words: the pages show these next to the result. */
export interface EngineWarning {
  code: WarningCode;
  message: string;
  spans?: SpanRef[];
}

export type SlaVerdict = 'ok' | 'warning' | 'breached' | 'none';

/** One stay of the order in one status. */
export interface StatusInterval {
  status: string;
  /** Position in the configured lifecycle; -1 for a status the lifecycle does not know. */
  lifecycleIndex: number;
  enteredAtUs: number;
  /** `null` while the order is still in this status. */
  leftAtUs: number | null;
  /** Until left, or until `now` for the current status. */
  durationUs: number;
  slaSeconds: number | null;
  /** `warning` from 80 % of the SLA on; `none` when the status has no SLA (or is terminal). */
  verdict: SlaVerdict;
  terminal: boolean;
  /** Service whose span first reported the status. */
  service: string;
  /** Every service that reported the status (the setter and those that recorded its event). */
  reportedBy: string[];
  span: SpanRef;
}

export type LaneKind = 'service' | 'queue' | 'storage';

export type SpanMark = 'error' | 'dead_letter' | 'retry' | 'slow' | 'invalid_file' | 'status_change';

export interface LaneSpan {
  span: SpanRef;
  operation: string;
  startUs: number;
  durationUs: number;
  status: SpanStatus;
  marks: SpanMark[];
  /** The order status this span changed the order into, if any. */
  orderStatus?: string;
}

/** One row of the swimlane: a service, a queue (messaging destination) or a storage (S3 bucket). */
export interface Lane {
  id: string;
  kind: LaneKind;
  name: string;
  spans: LaneSpan[];
}

/** A wait between two steps: publish → process on a queue, or the gap between two traces. */
export interface Wait {
  kind: 'queue' | 'gap';
  /** Queue (destination) for `queue` waits. */
  queue?: string;
  from: SpanRef;
  /** Absent when nothing consumed the message (yet). */
  to?: SpanRef;
  startUs: number;
  /** `null` when the wait has not ended. */
  endUs: number | null;
  durationUs: number;
}

export type EvidenceKind =
  | 'error'
  | 'retry'
  | 'dead_letter'
  | 'unconsumed_message'
  | 'slow_operation'
  | 'invalid_file'
  | 'status_disagreement'
  | 'expected_status_missing'
  | 'sla_breached'
  /** Failed requests without an order id of the service the order waits for (related by time only). */
  | 'service_errors';

export type EvidenceSeverity = 'info' | 'warning' | 'critical';

/** A fact that explains the order's state, pointing at the spans that prove it. */
export interface Evidence {
  kind: EvidenceKind;
  severity: EvidenceSeverity;
  atUs: number;
  /** The order's status when it happened. */
  status: string | null;
  service: string;
  /** Plain words, personal data already masked. */
  message: string;
  /** The spans that prove it; the first one is the best drill-down target. */
  spans: SpanRef[];
}

export type OrderState = 'on_track' | 'late' | 'stuck' | 'finished' | 'unknown';

/** The plain-language verdict for the order's current state. */
export interface Verdict {
  state: OrderState;
  /** e.g. "Stuck in SUBMITTED for 2 h 13 min (SLA 10 min): the price request was dead-lettered in RabbitMQ at 10:42". */
  headline: string;
  currentStatus: string | null;
  timeInStatusUs: number;
  slaSeconds: number | null;
  /** The most likely cause, if any evidence explains the state. */
  cause?: Evidence;
}

/** One order's whole life stitched from all its traces. */
export interface OrderTimeline {
  orderId: string;
  /** Deduplicated, masked spans sorted by start. */
  spans: OrderSpan[];
  traceIds: string[];
  statuses: StatusInterval[];
  currentStatus: string | null;
  lanes: Lane[];
  waits: Wait[];
  evidence: Evidence[];
  verdict: Verdict;
  warnings: EngineWarning[];
  firstSeenUs: number | null;
  lastSeenUs: number | null;
  /** The "now" the verdicts were computed against. */
  nowUs: number;
}

/** Latest known state of one order in an index window. */
export interface OrderIndexEntry {
  orderId: string;
  currentStatus: string;
  enteredAtUs: number;
  /** The span that entered the current status. */
  statusSpan: SpanRef;
  /** Statuses seen in the window, in order. */
  statusPath: string[];
  lastSeenUs: number;
  lastService: string;
  lastError?: { message: string; atUs: number; service: string; span: SpanRef };
  /** Evidence found in the indexed traces (a subset of what a full lookup finds). */
  evidence: Evidence[];
}

export interface TimeInStatusSample {
  orderId: string;
  durationUs: number;
  enteredAtUs: number;
}

export interface OrderIndex {
  windowStartUs: number;
  windowEndUs: number;
  orders: OrderIndexEntry[];
  /** Completed stays per status, for heatmaps without metrics. */
  timeInStatus: Record<string, TimeInStatusSample[]>;
  /** True when a search hit its limit: some orders may be missing. */
  truncated: boolean;
  warnings: EngineWarning[];
}

export interface StuckOrder {
  orderId: string;
  status: string;
  enteredAtUs: number;
  timeInStatusUs: number;
  slaSeconds: number;
  overdueUs: number;
  lastService: string;
  lastSeenUs: number;
  lastError?: string;
  /** Plain-language cause, or "unknown" wording when nothing explains it. */
  likelyCause: string;
  causeEvidence?: Evidence;
  /** The best trace to open for this row. */
  span: SpanRef;
}

// ---------------------------------------------------------------------------------------------
// Query planning

/**
 * Which search a Jaeger serves: `v3` is `/api/v3/traces` with `query.attributes` (Jaeger ≥ 2.19,
 * the only search from Jaeger's main branch on), `v1` is `/api/traces` (older Jaegers).
 */
export type JaegerApi = 'v1' | 'v3';

/** How to search one Jaeger: found out once per datasource (see the datasource layer). */
export interface JaegerDialect {
  api: JaegerApi;
  /** A v3 search without a service name answers for every service (storage-dependent). */
  serviceless: boolean;
}

export type JaegerRequestPurpose = 'order' | 'index-status' | 'index-cause' | 'service-errors';

/** One Jaeger search, as a path with query (relative to the datasource base URL). */
export interface JaegerSearchRequest {
  id: string;
  purpose: JaegerRequestPurpose;
  /** The service searched; absent when one v3 search covers every service. */
  service?: string;
  /** Set for index searches by status. */
  status?: string;
  /** Set for cause searches of one order. */
  orderId?: string;
  api: JaegerApi;
  /** e.g. `/api/traces?service=crm-api&tags=%7B…%7D&start=…&end=…&limit=200`. */
  path: string;
  /** The limit asked for (`null` when the API has none, as v3 search depth). */
  limit: number;
}

/** All requests of one wave: they are sent in parallel. */
export interface JaegerRequestPlan {
  startUs: number;
  endUs: number;
  requests: JaegerSearchRequest[];
}

export type RequestOutcomeState = 'ok' | 'empty' | 'limit_reached' | 'error' | 'timeout' | 'aborted';

/** What happened to one request of a wave: never dropped silently. */
export interface RequestOutcome {
  request: JaegerSearchRequest;
  state: RequestOutcomeState;
  traceCount: number;
  durationMs: number;
  message?: string;
  /** The HTTP status of a failed request, when the transport said. */
  httpStatus?: number;
}

/** Result of executing a plan: the raw payloads (to be read by the span readers) and outcomes. */
export interface PlanResult {
  payloads: unknown[];
  outcomes: RequestOutcome[];
  /** True when any request failed or hit its limit: the result may be incomplete. */
  partial: boolean;
}

export class OrderIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderIdError';
  }
}
