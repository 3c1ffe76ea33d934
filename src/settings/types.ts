/** One status of the order lifecycle, in lifecycle order. */
export interface StatusDefinition {
  name: string;
  /** Longest normal stay in seconds; `null` means no SLA (drafts, terminal statuses). */
  slaSeconds: number | null;
  terminal: boolean;
  /** The service expected to set this status; used to name who is late. */
  setBy?: string;
}

/** Span attribute keys of the telemetry contract; companies may name them differently. */
export interface AttributeNames {
  orderId: string;
  status: string;
  previousStatus: string;
}

/**
 * Which Jaeger search API to use: `auto` finds it out once per datasource; `v3` and `v1` are for
 * gateways that answer the probes oddly.
 */
export type JaegerApiSetting = 'auto' | 'v3' | 'v1';

/** The validated settings every part of the app works from. */
export interface OrderTrackerSettings {
  jaegerDatasourceUid?: string;
  prometheusDatasourceUid?: string;
  /** Ordered statuses; the order defines the expected next status. */
  lifecycle: StatusDefinition[];
  attributes: AttributeNames;
  /** Services searched for an order's spans (Jaeger searches need a service). */
  services: string[];
  /** Regular expression (source) matching dead-letter destinations. */
  deadLetterPattern: string;
  /** Attribute keys masked before anything reaches the screen (exact keys or `prefix.*`). */
  personalDataKeys: string[];
  /** How far back an order lookup searches, in seconds. */
  lookbackSeconds: number;
  /** Traces per service asked for when looking up one order. */
  orderTraceLimit: number;
  /** Traces per service asked for when indexing many orders (stuck orders, overview). */
  indexTraceLimit: number;
  jaegerApi: JaegerApiSetting;
  /**
   * The collector samples traces (keeping, as recommended, every trace that changes a status or
   * holds an error): an absent span then proves nothing, and causes that rest on an absence say so.
   */
  tracesSampled: boolean;
  /**
   * Jaeger's storage matches tag values as regular expressions (Elasticsearch, OpenSearch): search
   * values are escaped. "Check setup" finds out which applies.
   */
  tagValuesAsPatterns: boolean;
  /** Mask text that looks like personal data (e-mail, phone, card numbers) wherever it appears. */
  maskPersonalPatterns: boolean;
  /**
   * What one load of the stuck-orders page may cost: requests sent and megabytes of answers read.
   * The most overdue orders are listed first; how many were left out is said per status.
   */
  stuckRequestBudget: number;
  stuckMegabyteBudget: number;
}

/** What an admin stores (plugin `jsonData`): everything optional, durations as text such as "10m". */
export interface StoredStatus {
  status?: unknown;
  sla?: unknown;
  terminal?: unknown;
  setBy?: unknown;
}

export interface StoredSettings {
  jaegerDatasourceUid?: unknown;
  prometheusDatasourceUid?: unknown;
  lifecycle?: unknown;
  attributes?: unknown;
  services?: unknown;
  deadLetterPattern?: unknown;
  personalDataKeys?: unknown;
  lookback?: unknown;
  orderTraceLimit?: unknown;
  indexTraceLimit?: unknown;
  stuckRequestBudget?: unknown;
  stuckMegabyteBudget?: unknown;
  jaegerApi?: unknown;
  tracesSampled?: unknown;
  tagValuesAsPatterns?: unknown;
  maskPersonalPatterns?: unknown;
}

export interface SettingsProblem {
  /** Which setting, as a path an admin recognises: `lifecycle[3].sla`. */
  field: string;
  message: string;
  /** An `error` makes the lifecycle unusable and blocks saving; a `warning` was repaired. */
  severity: 'error' | 'warning';
}

export interface ParsedSettings {
  settings: OrderTrackerSettings;
  problems: SettingsProblem[];
}
