export { SpanEmitter } from './emitter';
export type { StepOutcome } from './emitter';
