import { Attributes, SpanContext, SpanKind } from '@opentelemetry/api';
import { ServiceName } from '../lifecycle';
import { Layer } from '../telemetry';

/** A failure as instrumentation records it: ERROR status and an `exception` event. */
export interface SpanError {
  type: string;
  message: string;
}

export interface SpanSpec {
  service: ServiceName;
  layer: Layer;
  name: string;
  kind: SpanKind;
  startMs: number;
  endMs: number;
  parent?: SpanContext;
  links?: SpanContext[];
  attributes: Attributes;
  error?: SpanError;
  /** Events recorded on the span besides an error's `exception` (a handled exception, for one). */
  events?: Array<{ name: string; atMs: number; attributes: Attributes }>;
  /** Set an explicit OK status (successful HTTP server spans leave it unset, as instrumentation does). */
  ok?: boolean;
  /** Emit it from an SDK whose resource has no `service.name` (dirty world); `service` is whose process that is. */
  withoutServiceName?: boolean;
}

/** Where shapes and steps put their spans; an interface so they need not depend on the emitter. */
export interface SpanWriter {
  span(spec: SpanSpec): SpanContext;
}
