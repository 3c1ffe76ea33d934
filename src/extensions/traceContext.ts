import type { PluginExtensionResourceAttributesContext, TraceKeyValuePair } from '@grafana/data';

/**
 * What Grafana's trace view hands the links of `grafana/traceview/header/actions`: its `Trace`
 * (spans with their tags and process, times in µs) plus the datasource, built in Grafana's
 * TracePageHeader as `{ ...trace, datasource: { name, uid, type } }`. Grafana names that type
 * `TraceViewPluginExtensionContext` but does not export it from @grafana/data, so this is the part
 * Order Tracker reads, made of the pieces @grafana/data does export.
 */
export interface TraceHeaderContext {
  traceID: string;
  spans: ReadonlyArray<{
    spanID: string;
    tags: ReadonlyArray<TraceKeyValuePair<unknown>>;
    process?: { serviceName: string; tags?: ReadonlyArray<TraceKeyValuePair<unknown>> };
  }>;
  /** µs since the epoch. */
  startTime: number;
  endTime: number;
  datasource: { name: string; uid: string; type: string };
}

/**
 * What `grafana/traceview/resource-attributes` links receive (Grafana exports this type). Grafana
 * 12.1 passed only `attributes` (the resource's) and `datasource`; 12.2 added `spanAttributes`, later
 * versions the time range and the trace and span ids.
 */
export type AttributeRowContext = Pick<PluginExtensionResourceAttributesContext, 'attributes' | 'datasource'> &
  Partial<PluginExtensionResourceAttributesContext>;

/** A tag value as an order id: strings as they are, numbers written out; anything else is no id. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The distinct order ids a trace carries under `key`, in the order its spans first name them
 * (span tags, then the span's resource tags).
 */
export function orderIdsInTrace(context: TraceHeaderContext | undefined, key: string): string[] {
  const ids = new Set<string>();
  for (const span of context?.spans ?? []) {
    for (const tag of [...span.tags, ...(span.process?.tags ?? [])]) {
      const id = tag.key === key ? idOf(tag.value) : undefined;
      if (id !== undefined) {
        ids.add(id);
      }
    }
  }
  return [...ids];
}

/**
 * The order id of the span whose attribute row the link sits on: its span attributes (Grafana 12.2
 * and later pass them) before its resource attributes (all versions since 12.1).
 */
export function orderIdOfSpan(context: AttributeRowContext | undefined, key: string): string | undefined {
  const values = [...(context?.spanAttributes?.[key] ?? []), ...(context?.attributes?.[key] ?? [])];
  for (const value of values) {
    const id = idOf(value);
    if (id !== undefined) {
      return id;
    }
  }
  return undefined;
}
