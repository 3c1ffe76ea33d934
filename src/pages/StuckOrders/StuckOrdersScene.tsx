import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  SceneComponentProps,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
  sceneGraph,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, TextLink, useStyles2 } from '@grafana/ui';
import { can } from '../../access/permissions';
import { DEFAULT_SORT, SORT_KEYS, StuckSort, StuckSortKey } from '../../components/StuckOrdersTable/sortStuckOrders';
import { StuckOrdersTable } from '../../components/StuckOrdersTable/StuckOrdersTable';
import { CONFIG_PAGE_URL } from '../../constants';
import { FetcherFor, proxyFetcherFor } from '../../datasource/grafanaProxy';
import { LatestLoad } from '../../scenes/latestLoad';
import { exploreTraceUrl } from '../../links/explore';
import { OrderTrackerSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { StuckCompleteness } from './StuckCompleteness';
import { StuckOrdersResult, StuckRow, loadStuckOrders } from '../../orders/loadStuckOrders';

export interface StuckOrdersSceneState extends SceneObjectState {
  settings: OrderTrackerSettings;
  loading: boolean;
  error?: string;
  result?: StuckOrdersResult;
  statusFilter: string | null;
  sort: StuckSort;
  /** How the page reaches a datasource (Grafana's proxy unless the page factory says otherwise). */
  fetcherFor?: FetcherFor;
}

/**
 * The stuck-orders page body: Prometheus says how many orders are past their SLA per status, the
 * traces say which, most overdue first within the settings' budget (the time range's end is "now";
 * entries are searched from Prometheus' oldest one, not from the range's start).
 */
export class StuckOrdersScene extends SceneObjectBase<StuckOrdersSceneState> {
  static Component = StuckOrdersRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['status', 'sort'] });
  private loads = new LatestLoad();

  constructor(state: Pick<StuckOrdersSceneState, 'settings'> & Partial<StuckOrdersSceneState>) {
    super({ loading: true, statusFilter: null, sort: DEFAULT_SORT, ...state });
    this.addActivationHandler(() => {
      void this.load();
      const timeRange = sceneGraph.getTimeRange(this);
      const subscription = timeRange.subscribeToState(() => void this.load());
      return () => {
        subscription.unsubscribe();
        this.loads.cancel();
      };
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return {
      status: this.state.statusFilter ?? undefined,
      sort: this.state.sort === DEFAULT_SORT ? undefined : `${this.state.sort.key}:${this.state.sort.direction}`,
    };
  }

  updateFromUrl(values: SceneObjectUrlValues): void {
    const update: Partial<StuckOrdersSceneState> = {};
    if (values.status !== undefined) {
      update.statusFilter = typeof values.status === 'string' && values.status !== '' ? values.status : null;
    }
    if (typeof values.sort === 'string') {
      const [key, direction] = values.sort.split(':');
      if (SORT_KEYS.includes(key as StuckSortKey) && (direction === 'asc' || direction === 'desc')) {
        update.sort = { key: key as StuckSortKey, direction };
      }
    }
    if (Object.keys(update).length > 0) {
      this.setState(update);
    }
  }

  setStatusFilter = (statusFilter: string | null) => this.setState({ statusFilter });
  setSort = (sort: StuckSort) => this.setState({ sort });

  async load(): Promise<void> {
    const { settings } = this.state;
    if (!settings.jaegerDatasourceUid) {
      this.loads.cancel();
      this.setState({ loading: false, error: undefined, result: undefined });
      return;
    }
    const jaegerUid = settings.jaegerDatasourceUid;
    const fetcherFor = this.state.fetcherFor ?? proxyFetcherFor;
    const range = sceneGraph.getTimeRange(this).state.value;
    const nowUs = Math.min(Date.now(), range.to.valueOf()) * 1000;
    const prometheus = settings.prometheusDatasourceUid ? fetcherFor(settings.prometheusDatasourceUid) : undefined;
    await this.loads.run(
      (signal) => loadStuckOrders(settings, { jaeger: fetcherFor(jaegerUid), prometheus }, { nowUs, signal }),
      {
        start: () => this.setState({ loading: true, error: undefined }),
        done: (result) => this.setState({ loading: false, result }),
        failed: (error) => this.setState({ loading: false, error }),
      }
    );
  }

  traceUrl = (order: StuckRow): string | undefined => {
    const uid = this.state.settings.jaegerDatasourceUid;
    if (!uid || !can('openExplore')) {
      return undefined;
    }
    return exploreTraceUrl({
      datasourceUid: uid,
      traceId: order.span.traceId,
      spanId: order.span.spanId,
      fromMs: order.enteredAtUs / 1000,
      toMs: order.lastSeenUs / 1000,
    });
  };
}

function StuckOrdersRenderer({ model }: SceneComponentProps<StuckOrdersScene>) {
  const { settings, loading, error, result, statusFilter, sort } = model.useState();
  const styles = useStyles2(getStyles);

  if (!settings.jaegerDatasourceUid) {
    return (
      <Alert severity="info" title="No Jaeger datasource is configured" data-testid={testIds.stuck.error}>
        Stuck orders are found in the traces. An administrator chooses the Jaeger datasource on the{' '}
        <TextLink href={CONFIG_PAGE_URL} inline>
          configuration page
        </TextLink>
        .
      </Alert>
    );
  }
  if (loading && !result) {
    return (
      <div data-testid={testIds.stuck.loading}>
        <LoadingPlaceholder text="Searching the traces for orders past their SLA…" />
      </div>
    );
  }
  if (error) {
    return (
      <Alert severity="error" title="The stuck orders could not be loaded" data-testid={testIds.stuck.error}>
        {error}
      </Alert>
    );
  }
  if (!result) {
    return null;
  }
  return (
    <div className={styles.page} data-testid={testIds.stuck.page}>
      <StuckCompleteness result={result} />
      {result.warnings.map((warning, index) => (
        <Alert key={index} severity="warning" title="Worth knowing">
          {warning.message}
        </Alert>
      ))}
      {result.stuck.length === 0 ? (
        <div data-testid={testIds.stuck.empty} className={styles.empty}>
          {emptyMessage(result)}
        </div>
      ) : (
        <StuckOrdersTable
          orders={result.stuck}
          statuses={settings.lifecycle.map((status) => status.name)}
          statusFilter={statusFilter}
          onStatusFilterChange={model.setStatusFilter}
          sort={sort}
          onSortChange={model.setSort}
          traceUrl={model.traceUrl}
        />
      )}
    </div>
  );
}

/** Says "none" only when nothing was left out; otherwise what is not known. */
function emptyMessage(result: StuckOrdersResult): string {
  const complete =
    !result.budget.stoppedEarly &&
    result.statuses.every((status) => status.notes.length === 0 && (status.notListed?.max ?? 0) === 0);
  if (!complete) {
    return 'No order past its SLA was found, but the search was not complete: see the notes per status above.';
  }
  return result.metrics.state === 'ok' && result.metrics.ages.size > 0
    ? 'No order is past its SLA: Prometheus counts none, and the traces show none.'
    : `No order is past its SLA in the traces (${result.examined} orders seen entering a status long enough ago).`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  empty: css({ color: theme.colors.text.secondary, padding: theme.spacing(2, 0) }),
});
