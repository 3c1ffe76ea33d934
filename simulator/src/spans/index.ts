export { SpanEmitter } from './emitter';
export type { StatusSpan, StepOutcome } from './emitter';
