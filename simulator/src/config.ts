/** Every failure mode the simulator can inject, as named in the ground truth's `faults[].kind`. */
export const FAULT_KINDS = [
  'lost_message',
  'dead_letter',
  'slow_price_calculation',
  'missing_file',
  'corrupt_file',
  'operator_never_picks_up',
  'status_event_lost',
  'api_error',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Per-order probabilities. The order-ending fates (all but slow/api_error, plus abandon/cancel) exclude each other. */
export interface FaultRates {
  lost_message: number;
  dead_letter: number;
  slow_price_calculation: number;
  missing_file: number;
  corrupt_file: number;
  operator_never_picks_up: number;
  status_event_lost: number;
  api_error: number;
  /** Drafts never submitted (normal, not a fault). */
  abandon: number;
  /** Orders the customer cancels (normal, not a fault). */
  cancel: number;
}

/**
 * Classes of dirty telemetry the simulator can add to an order (`--dirty-<class>`), as named in the
 * ground truth's `dirt[].class`: what real instrumentation produces and a reader must survive.
 */
export const DIRT_CLASSES = [
  'invalid_order_id',
  'time_overflow',
  'century_ahead_status',
  'far_future_span',
  'clock_reset_span',
  'after_terminal',
  'unknown_status',
  'contradictory_status',
  'missing_service_name',
] as const;
export type DirtClass = (typeof DIRT_CLASSES)[number];

/** Per-order probability of each class of dirt; all 0 (a clean world) unless asked for. */
export type DirtRates = Record<DirtClass, number>;

/**
 * Which traces reach the collector: all, each with probability `ratio` decided by the trace id
 * (head), or every trace that changes a status or holds an error plus `ratio` of the rest (tail).
 */
export type Sampling = { policy: 'none' } | { policy: 'head' | 'tail'; ratio: number };

export type Mode = 'history' | 'live' | 'history+live';

export interface SimulatorConfig {
  mode: Mode;
  seed: number;
  /** OTLP/HTTP base URL (the exporter posts to `<url>/v1/traces`). */
  otlpUrl: string;
  days: number;
  ordersPerDay: number;
  /** Live mode: new orders per real minute. */
  rate: number;
  /** Live mode: how many times faster than real time an order's waits pass. */
  timeCompression: number;
  /** End of the history window (epoch ms); defaults to now. Fixing it makes timestamps reproducible too. */
  endTimeMs?: number;
  /**
   * History only: stop at this time (epoch ms, inside the window), write the truth, report
   * `history-paused` and go on when a line arrives on stdin. A test can let Prometheus scrape the
   * metrics at a known state before the rest of the history moves them (rates then have a truth).
   */
  pauseAtMs?: number;
  truthFile?: string;
  metricsHost: string;
  /** 0 disables the metrics endpoint. */
  metricsPort: number;
  /** Keep the metrics endpoint (and process) up after a history run. */
  serve: boolean;
  /** Live mode: stop after this many real seconds (0 = until a signal). */
  durationSeconds: number;
  faults: FaultRates;
  /** Spans kept in the export queue per service; the history run waits for the exporter instead of dropping. */
  exportBatchSize: number;
  quiet: boolean;
  /** Wait up to this many seconds for the OTLP endpoint to answer before sending (containers start in any order). */
  waitForOtlpSeconds: number;
  dirt: DirtRates;
  sampling: Sampling;
  /**
   * Instrument like a careless service (`--leaky`): personal data in span names, attributes,
   * exception messages and S3 keys, listed in the truth's `leaks`. Off: the reference instrumentation.
   */
  leaky: boolean;
}

export const DEFAULT_FAULT_RATES: FaultRates = {
  lost_message: 0.02,
  dead_letter: 0.02,
  slow_price_calculation: 0.06,
  missing_file: 0.01,
  corrupt_file: 0.01,
  operator_never_picks_up: 0.02,
  status_event_lost: 0.02,
  api_error: 0.05,
  abandon: 0.08,
  cancel: 0.06,
};

export const NO_DIRT: DirtRates = {
  invalid_order_id: 0,
  time_overflow: 0,
  century_ahead_status: 0,
  far_future_span: 0,
  clock_reset_span: 0,
  after_terminal: 0,
  unknown_status: 0,
  contradictory_status: 0,
  missing_service_name: 0,
};

export const DEFAULT_CONFIG: SimulatorConfig = {
  mode: 'history+live',
  seed: 42,
  otlpUrl: 'http://127.0.0.1:4318',
  days: 14,
  ordersPerDay: 120,
  rate: 6,
  timeCompression: 60,
  metricsHost: '127.0.0.1',
  metricsPort: 9464,
  serve: false,
  durationSeconds: 0,
  faults: DEFAULT_FAULT_RATES,
  exportBatchSize: 512,
  quiet: false,
  waitForOtlpSeconds: 0,
  dirt: NO_DIRT,
  sampling: { policy: 'none' },
  leaky: false,
};
