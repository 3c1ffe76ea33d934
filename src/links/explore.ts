import { urlUtil } from '@grafana/data';
import { config } from '@grafana/runtime';

/** Where a trace link points: one trace of the Jaeger datasource, optionally one span in it. */
export interface TraceLinkTarget {
  datasourceUid: string;
  traceId: string;
  spanId?: string;
  /** The time range Explore opens with (epoch milliseconds). */
  fromMs: number;
  toMs: number;
}

/** The pane of an Explore URL (`schemaVersion=1`), as Grafana reads it. */
export interface ExplorePane {
  datasource: string;
  queries: Array<{ refId: string; datasource: { type: string; uid: string }; query: string }>;
  range: { from: string; to: string };
  panelsState?: { trace: { spanId: string } };
}

const PANE_ID = 'ordertracker';
/** Jaeger stores µs but Explore's range is ms; a margin keeps the whole trace inside the range. */
const RANGE_MARGIN_MS = 60_000;

/** The Explore pane that shows one Jaeger trace, focused on a span when one is given. */
export function exploreTracePane(target: TraceLinkTarget): ExplorePane {
  const from = Math.floor(Math.min(target.fromMs, target.toMs) - RANGE_MARGIN_MS);
  const to = Math.ceil(Math.max(target.fromMs, target.toMs) + RANGE_MARGIN_MS);
  const pane: ExplorePane = {
    datasource: target.datasourceUid,
    queries: [{ refId: 'A', datasource: { type: 'jaeger', uid: target.datasourceUid }, query: target.traceId }],
    range: { from: String(from), to: String(to) },
  };
  if (target.spanId) {
    pane.panelsState = { trace: { spanId: target.spanId } };
  }
  return pane;
}

/**
 * A link that opens one trace (and span) in Grafana Explore. Callers show it only to users allowed
 * to open Explore (`can('openExplore')`); this function does not check permissions.
 */
export function exploreTraceUrl(target: TraceLinkTarget, appSubUrl: string = config.appSubUrl ?? ''): string {
  return urlUtil.renderUrl(`${appSubUrl}/explore`, {
    schemaVersion: 1,
    panes: JSON.stringify({ [PANE_ID]: exploreTracePane(target) }),
  });
}
