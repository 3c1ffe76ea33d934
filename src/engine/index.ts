// The engine's public API. Pages and the datasource layer import from here only.
export * from './model';
export { compileConfig, expectedNextStatus, slaFor, statusDefinition } from './config';
export type { EngineConfig, EngineOptions } from './config';
export { createMasker, MASKED } from './mask';
export type { Masker } from './mask';
export { formatClock, formatHumanDuration, formatSla } from './format';
export { checkOrderId, validateOrderId, MAX_ORDER_ID_LENGTH } from './orderId';
export type { OrderIdCheck } from './orderId';
export { readJaegerTraces } from './spans/jaeger';
export { readOtlpTraces } from './spans/otlp';
export { readTraceFrames } from './spans/frame';
export type { TraceFrameLike } from './spans/frame';
export { maskTraceFrames } from './spans/maskFrame';
export { detectSpanFormat, readSpans } from './spans/read';
export type { ReadOptions, ReadResult } from './spans/common';
export { buildOrderTimeline } from './timeline';
export {
  buildOrderIndex,
  describeOverdue,
  explainStuckOrders,
  findStuckOrders,
  timeInStatusSeconds,
} from './orderIndex';
export { describeSearch, indexOrders, outcomeWarnings, reconstructOrder } from './reconstruct';
export { planIndex, planOrderLookup, planStatusWindows, planStuckCauses, searchPath, servicesReporting } from './plan';
export {
  planServiceErrors,
  serviceErrorEvidence,
  serviceErrorsFor,
  serviceWaitOf,
  unexplainedWaitOf,
  withContextEvidence,
} from './context';
export type { ServiceWait } from './context';
export type { PlanOptions, StatusWindow } from './plan';
export { promString } from './promString';
