import { isAllowed, PermissionCheck } from '../access/access';
import { SpanRef } from '../engine';
import { exploreTraceUrl } from './explore';

/** The ways a user may open one span's trace; empty for users who may not see raw traces. */
export interface TraceLinks {
  /** In-app drawer with Grafana's trace view. */
  drawer: boolean;
  /** Grafana Explore, for users who also hold `datasources:explore`. */
  exploreUrl?: string;
}

export interface TraceLinkContext {
  datasourceUid?: string;
  /** Where the span sits in time (µs), so Explore opens on a range that contains it. */
  startUs: number;
  endUs: number;
  has: PermissionCheck;
  appSubUrl?: string;
}

/** Which drill-down links a user sees for a span: none without a Jaeger datasource or the `traces:read` action. */
export function traceLinksFor(ref: SpanRef, context: TraceLinkContext): TraceLinks {
  if (!context.datasourceUid || !isAllowed('openTraceDrawer', context.has)) {
    return { drawer: false };
  }
  const links: TraceLinks = { drawer: true };
  if (isAllowed('openExplore', context.has)) {
    links.exploreUrl = exploreTraceUrl(
      {
        datasourceUid: context.datasourceUid,
        traceId: ref.traceId,
        spanId: ref.spanId,
        fromMs: Math.floor(context.startUs / 1000),
        toMs: Math.ceil(context.endUs / 1000),
      },
      ...(context.appSubUrl !== undefined ? [context.appSubUrl] : [])
    );
  }
  return links;
}
