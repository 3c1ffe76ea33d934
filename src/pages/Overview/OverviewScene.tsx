import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  SceneComponentProps,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObjectBase,
  SceneObjectState,
  sceneGraph,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, TextLink, useStyles2 } from '@grafana/ui';
import { CONFIG_PAGE_URL } from '../../constants';
import { FetcherFor, proxyFetcherFor } from '../../datasource/grafanaProxy';
import { LatestLoad } from '../../scenes/latestLoad';
import { OrderIndex, compileConfig, findStuckOrders } from '../../engine';
import { OrderTrackerSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { LeadTimeBreakdown } from './LeadTimeBreakdown';
import { loadOrderIndex } from '../../orders/loadOrderIndex';
import { PROMETHEUS_VARIABLE, metricsPanels, swimlanePanel, traceOnlyPanels } from './panels';
import { byLabel, PROMETHEUS_TIMEOUT_MS, queryVector } from '../../datasource/prometheusClient';
import { pooledFetch, RequestPool } from '../../datasource/requestPool';
import { meanTimeInStatus, orderMetricsPresent, stayExemplars } from '../../queries/promql';
import { LeadTimeStage, leadTimeFromIndex, leadTimeFromMetrics } from '../../orders/leadTime';
import { queryExemplars } from '../../datasource/prometheusExemplars';
import { ExemplarTraces } from '../../components/ExemplarTraces/ExemplarTraces';
import { StayExemplar, stayExemplarsFrom } from '../../components/ExemplarTraces/stayExemplars';
import { can } from '../../access/permissions';
import { exploreTraceUrl } from '../../links/explore';

export type OverviewMode =
  | { kind: 'metrics' }
  | { kind: 'trace-only'; reason: 'not_configured' | 'absent' | 'error'; detail?: string }
  | { kind: 'unconfigured' };

export interface OverviewSceneState extends SceneObjectState {
  settings: OrderTrackerSettings;
  loading: boolean;
  mode?: OverviewMode;
  error?: string;
  indexError?: string;
  index?: OrderIndex;
  leadTime?: LeadTimeStage[];
  leadTimeSource?: string;
  /** The stays Prometheus' exemplars name (metrics mode); undefined when they could not be read. */
  stays?: StayExemplar[];
  /** When the stays were read (epoch ms): their times are written relative to it. */
  staysReadAtMs?: number;
  body?: SceneFlexLayout;
  /** How the page reaches a datasource (Grafana's proxy unless the page factory says otherwise). */
  fetcherFor?: FetcherFor;
  /** Per Prometheus request (default PROMETHEUS_TIMEOUT_MS); a hanging Prometheus means trace-only mode. */
  prometheusTimeoutMs?: number;
}

const TRACE_ONLY_REASON = {
  not_configured: 'No Prometheus datasource is configured',
  absent: 'The Prometheus datasource has no order metrics (orders_in_status)',
  error: 'Prometheus did not answer',
};

/**
 * The overview body: decides between metrics and trace-only mode, loads the engine's index for the
 * swimlane (and, without metrics, for every panel) and swaps the panels in.
 */
export class OverviewScene extends SceneObjectBase<OverviewSceneState> {
  static Component = OverviewRenderer;
  private loads = new LatestLoad();

  constructor(state: Pick<OverviewSceneState, 'settings'> & Partial<OverviewSceneState>) {
    super({ loading: true, ...state });
    this.addActivationHandler(() => {
      void this.load();
      const subscription = sceneGraph.getTimeRange(this).subscribeToState(() => void this.load());
      return () => {
        subscription.unsubscribe();
        this.loads.cancel();
      };
    });
  }

  private prometheusUid(): string | undefined {
    if (!this.state.settings.prometheusDatasourceUid) {
      return undefined;
    }
    const chosen = sceneGraph.interpolate(this, `\${${PROMETHEUS_VARIABLE}}`);
    return chosen && !chosen.startsWith('$') ? chosen : this.state.settings.prometheusDatasourceUid;
  }

  load(): Promise<void> {
    return this.loads.run((signal) => this.loadBody(signal), {
      start: () => this.setState({ loading: true, error: undefined, indexError: undefined }),
      done: (update) => this.setState({ ...update, loading: false }),
      failed: (error) => this.setState({ loading: false, error, body: undefined }),
    });
  }

  /** What the page shows for the current time range: the mode, the index and the panels. */
  private async loadBody(signal: AbortSignal): Promise<Partial<OverviewSceneState>> {
    const { settings } = this.state;
    const fetcherFor = this.state.fetcherFor ?? proxyFetcherFor;
    const timeRange = sceneGraph.getTimeRange(this).state.value;
    const nowUs = timeRange.to.valueOf() * 1000;
    const windowSeconds = Math.max(60, Math.round((timeRange.to.valueOf() - timeRange.from.valueOf()) / 1000));
    const promUid = this.prometheusUid();
    // Prometheus gets its own timeout (each request really cancelled), so a hanging one never holds
    // the page: it goes on from the traces and says why.
    const prometheus = promUid
      ? pooledFetch(fetcherFor(promUid), new RequestPool(), this.state.prometheusTimeoutMs ?? PROMETHEUS_TIMEOUT_MS)
      : undefined;

    const modePromise: Promise<OverviewMode> = prometheus
      ? queryVector(prometheus, orderMetricsPresent(), { signal }).then(
          (present): OverviewMode =>
            present.length > 0 && present[0].value > 0 ? { kind: 'metrics' } : { kind: 'trace-only', reason: 'absent' },
          (error: unknown): OverviewMode => ({
            kind: 'trace-only',
            reason: 'error',
            detail: error instanceof Error ? error.message : String(error),
          })
        )
      : Promise.resolve({ kind: 'trace-only', reason: 'not_configured' });
    const indexPromise: Promise<OrderIndex | Error | undefined> = settings.jaegerDatasourceUid
      ? loadOrderIndex(settings, fetcherFor(settings.jaegerDatasourceUid), {
          nowUs,
          windowSeconds,
          signal,
        }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
      : Promise.resolve(undefined);

    const [modeFound, indexOrError] = await Promise.all([modePromise, indexPromise]);
    const index = indexOrError instanceof Error || indexOrError === undefined ? undefined : indexOrError;
    const indexError = indexOrError instanceof Error ? indexOrError.message : undefined;
    let mode = modeFound;
    if (mode.kind === 'trace-only' && !settings.jaegerDatasourceUid) {
      mode = { kind: 'unconfigured' };
    }
    if (mode.kind === 'trace-only' && !index) {
      return { mode, index: undefined, body: undefined, error: indexError ?? 'No traces could be read.' };
    }

    let leadTime: LeadTimeStage[] | undefined;
    let leadTimeSource: string | undefined;
    // Exemplars are an extra: a Prometheus without exemplar storage, or an error, leaves them out.
    const staysPromise: Promise<StayExemplar[] | undefined> =
      mode.kind === 'metrics' && prometheus
        ? queryExemplars(prometheus, stayExemplars(), {
            startSeconds: timeRange.from.valueOf() / 1000,
            endSeconds: timeRange.to.valueOf() / 1000,
            signal,
          }).then(
            (exemplars) => stayExemplarsFrom(exemplars, settings.lifecycle),
            () => undefined
          )
        : Promise.resolve(undefined);
    if (mode.kind === 'metrics' && prometheus) {
      try {
        const means = byLabel(
          await queryVector(prometheus, meanTimeInStatus(`${windowSeconds}s`), { signal }),
          'status'
        );
        leadTime = leadTimeFromMetrics(means, settings.lifecycle);
        leadTimeSource = 'Prometheus, stays completed in this range';
      } catch {
        leadTime = undefined;
      }
    }
    if (!leadTime && index) {
      leadTime = leadTimeFromIndex(index, settings.lifecycle);
      leadTimeSource = `traces, ${index.orders.length} orders in this range`;
    }

    const children: SceneFlexItem[] = [];
    if (mode.kind === 'metrics') {
      children.push(new SceneFlexItem({ body: metricsPanels(settings.lifecycle) }));
    } else if (mode.kind === 'trace-only' && index) {
      children.push(new SceneFlexItem({ body: traceOnlyPanels(index, settings.lifecycle, timeRange) }));
    }
    if (index) {
      const stuckIds = findStuckOrders(index, compileConfig(settings), nowUs).map((order) => order.orderId);
      children.push(
        new SceneFlexItem({ height: 520, body: swimlanePanel(index, stuckIds, settings.lifecycle, timeRange, nowUs) })
      );
    }
    return {
      mode,
      index,
      indexError,
      leadTime,
      leadTimeSource,
      stays: await staysPromise,
      staysReadAtMs: Date.now(),
      body: children.length > 0 ? new SceneFlexLayout({ direction: 'column', children }) : undefined,
    };
  }
}

/** Explore's URL for the trace that ended a stay, for users who may open raw traces in Explore. */
function stayTraceUrl(settings: OrderTrackerSettings): ((stay: StayExemplar) => string | undefined) | undefined {
  const datasourceUid = settings.jaegerDatasourceUid;
  if (!datasourceUid || !can('openExplore')) {
    return undefined;
  }
  return (stay) =>
    exploreTraceUrl({
      datasourceUid,
      traceId: stay.traceId,
      fromMs: stay.observedAtMs - stay.stayedSeconds * 1000,
      toMs: stay.observedAtMs,
    });
}

function OverviewRenderer({ model }: SceneComponentProps<OverviewScene>) {
  const { settings, loading, mode, error, indexError, index, leadTime, leadTimeSource, stays, staysReadAtMs, body } =
    model.useState();
  const styles = useStyles2(getStyles);
  if (loading && !mode) {
    return (
      <div data-testid={testIds.overview.loading}>
        <LoadingPlaceholder text="Reading order metrics and traces…" />
      </div>
    );
  }
  if (mode?.kind === 'unconfigured') {
    return (
      <div data-testid={testIds.overview.empty}>
        <Alert severity="info" title="No datasource is configured">
          The overview needs Prometheus (order metrics) or at least Jaeger (traces). An administrator chooses them on
          the{' '}
          <TextLink href={CONFIG_PAGE_URL} inline>
            configuration page
          </TextLink>
          .
        </Alert>
      </div>
    );
  }
  if (error) {
    return (
      <div data-testid={testIds.overview.error}>
        <Alert severity="error" title="The overview could not be loaded">
          {error}
        </Alert>
      </div>
    );
  }
  return (
    <div className={styles.page}>
      {mode?.kind === 'trace-only' && (
        <div data-testid={testIds.overview.traceOnly}>
          <Alert severity="info" title="Trace-only mode">
            {TRACE_ONLY_REASON[mode.reason]}
            {mode.detail ? ` (${mode.detail})` : ''}. Counts and time in status are computed from the{' '}
            {index?.orders.length ?? 0} orders found in the traces of this time range, not from metrics
            {index?.truncated ? '; some searches hit their limit, so some orders may be missing' : ''}.
          </Alert>
        </div>
      )}
      {mode?.kind === 'metrics' && (
        <div className={styles.mode} data-testid={testIds.overview.mode}>
          Counts and heatmaps from Prometheus order metrics; the swimlane from the traces.
        </div>
      )}
      {indexError && (
        <Alert severity="warning" title="The traces could not be read">
          {indexError} — the swimlane is missing.
        </Alert>
      )}
      {index && index.orders.length === 0 && (
        <div className={styles.mode} data-testid={testIds.overview.empty}>
          No order was seen in the traces of this time range.
        </div>
      )}
      {leadTime && (
        <section className={styles.section} aria-label="Lead-time breakdown">
          <h3 className={styles.heading}>Lead-time breakdown</h3>
          <LeadTimeBreakdown stages={leadTime} source={leadTimeSource ?? ''} />
        </section>
      )}
      {stays && (
        <section className={styles.section} aria-label="Stays behind the heatmaps">
          <h3 className={styles.heading}>Stays behind the heatmaps: the longest per status, with their traces</h3>
          <ExemplarTraces stays={stays} exploreUrlFor={stayTraceUrl(settings)} nowMs={staysReadAtMs ?? 0} />
        </section>
      )}
      {body && <body.Component model={body} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  mode: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  section: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
  }),
  heading: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1) }),
});
