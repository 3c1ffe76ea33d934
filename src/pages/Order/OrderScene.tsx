import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { config, hasPermission } from '@grafana/runtime';
import {
  SceneComponentProps,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, Collapse, Stack, useStyles2 } from '@grafana/ui';
import { isAllowed, roleNeededFor } from '../../access/access';
import { Swimlane } from '../../components/Swimlane/Swimlane';
import { TraceDrawerScene } from '../../components/TraceDrawer/TraceDrawerScene';
import { FetcherFor, proxyFetcherFor } from '../../datasource/grafanaProxy';
import { checkOrderId, compileConfig, OrderSpan, OrderTimeline, SpanRef } from '../../engine';
import { traceLinksFor, TraceLinks } from '../../links/traceLinks';
import { LIMITS } from '../../settings/defaults';
import { OrderTrackerSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { OrderSearchScene } from '../../components/OrderSearch/OrderSearchScene';
import { EvidenceList } from './EvidenceList';
import { LookupResult, lookUpOrder, widerLookback } from '../../orders/lookUpOrder';
import { LatestLoad } from '../../scenes/latestLoad';
import { InvalidOrderId, JaegerUnavailable, LookupFailed, LookupLoading, NotConfigured, OrderNotFound, PartialNotice } from './OrderStates';
import { OrderSummary } from './OrderSummary';

export type OrderPhase = 'loading' | 'invalid' | 'misconfigured' | 'failed' | 'done';

export interface OrderSceneState extends SceneObjectState {
  orderId: string;
  settings: OrderTrackerSettings;
  /** The window searched; wider than the settings' when the user asked to widen it. */
  lookbackSeconds: number;
  phase: OrderPhase;
  invalidMessage?: string;
  /** Why the lookup itself failed (not a datasource outcome: those are in `result`). */
  failure?: string;
  result?: LookupResult;
  /** A span to open once the order is loaded (from a shared URL). */
  pendingSpan?: SpanRef;
  /** A shared link asked for a trace this user may not open: the page says which role opens it. */
  deniedTrace?: boolean;
  drawer?: TraceDrawerScene;
  search: OrderSearchScene;
  /** Per request; a slow Jaeger is cut off after this long (default 15 s). */
  timeoutMs?: number;
  /** How the page reaches a datasource (Grafana's proxy unless the page factory says otherwise). */
  fetcherFor?: FetcherFor;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * One order's page: looks the order up (one parallel wave through Grafana's datasource proxy),
 * then shows the summary, the swimlane and the evidence, or says plainly why it cannot.
 */
export class OrderScene extends SceneObjectBase<OrderSceneState> {
  static Component = OrderSceneRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['lookback', 'trace', 'span'] });
  private loads = new LatestLoad();

  constructor(state: Pick<OrderSceneState, 'orderId' | 'settings'> & Partial<OrderSceneState>) {
    super({
      lookbackSeconds: state.settings.lookbackSeconds,
      phase: 'loading',
      search: new OrderSearchScene({ query: state.orderId }),
      ...state,
    });
    this.addActivationHandler(() => {
      if (!this.state.result) {
        this.load();
      }
      return () => this.loads.cancel();
    });
  }

  getUrlState(): SceneObjectUrlValues {
    const widened = this.state.lookbackSeconds !== this.state.settings.lookbackSeconds;
    const open = this.state.drawer?.state.target ?? this.state.pendingSpan;
    return {
      lookback: widened ? String(this.state.lookbackSeconds) : undefined,
      trace: open?.traceId,
      span: open?.spanId,
    };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const lookback = Number(typeof values.lookback === 'string' ? values.lookback : NaN);
    // A shared URL widens the window at most as far as the settings may (90 days): every lookup stays bounded.
    const lookbackSeconds =
      Number.isFinite(lookback) && lookback > 0
        ? Math.min(Math.max(lookback, LIMITS.minLookbackSeconds), LIMITS.maxLookbackSeconds)
        : this.state.settings.lookbackSeconds;
    const trace = typeof values.trace === 'string' ? values.trace : undefined;
    const span = typeof values.span === 'string' ? values.span : undefined;
    const wanted = trace && span ? { traceId: trace, spanId: span } : undefined;
    if (lookbackSeconds !== this.state.lookbackSeconds) {
      this.setState({ lookbackSeconds, pendingSpan: wanted, drawer: undefined });
      if (this.isActive) {
        this.load();
      }
      return;
    }
    const open = this.state.drawer?.state.target;
    if (!wanted) {
      if (open || this.state.pendingSpan) {
        this.setState({ drawer: undefined, pendingSpan: undefined });
      }
    } else if (!open || open.traceId !== wanted.traceId || open.spanId !== wanted.spanId) {
      if (this.state.result?.kind === 'found') {
        this.openSpan(wanted);
      } else {
        this.setState({ pendingSpan: wanted });
      }
    }
  }

  /** Looks the order up again (retry, widened window). */
  load = async () => {
    const { orderId, settings, lookbackSeconds } = this.state;
    const check = checkOrderId(orderId);
    if (!check.ok) {
      this.setState({ phase: 'invalid', invalidMessage: check.message, result: undefined });
      return;
    }
    if (!settings.jaegerDatasourceUid) {
      this.setState({ phase: 'misconfigured', result: undefined });
      return;
    }
    const fetchJson = (this.state.fetcherFor ?? proxyFetcherFor)(settings.jaegerDatasourceUid);
    await this.loads.run(
      (signal) =>
        lookUpOrder({
          orderId: check.orderId,
          settings,
          lookbackSeconds,
          fetchJson,
          nowUs: Date.now() * 1000,
          timeoutMs: this.state.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          signal,
        }),
      {
        start: () => this.setState({ phase: 'loading', failure: undefined }),
        done: (result) => {
          this.setState({ phase: 'done', result });
          const pending = this.state.pendingSpan;
          if (pending && result.kind === 'found') {
            this.openSpan(pending);
          }
        },
        failed: (failure) => this.setState({ phase: 'failed', failure, result: undefined }),
      }
    );
  };

  widen = (lookbackSeconds: number) => {
    this.setState({ lookbackSeconds });
    this.load();
  };

  /** Which drill-down links this user sees for a span. */
  linksFor = (ref: SpanRef): TraceLinks => {
    const span = this.findSpan(ref);
    const timeline = this.timeline();
    const startUs = span?.startUs ?? timeline?.firstSeenUs ?? Date.now() * 1000;
    const endUs = span ? span.startUs + span.durationUs : (timeline?.lastSeenUs ?? startUs);
    return traceLinksFor(ref, {
      datasourceUid: this.state.settings.jaegerDatasourceUid,
      startUs,
      endUs,
      has: hasPermission,
      appSubUrl: config.appSubUrl ?? '',
    });
  };

  /** Opens a span's trace in the drawer; does nothing for users who may not see raw traces. */
  openSpan = (ref: SpanRef) => {
    const uid = this.state.settings.jaegerDatasourceUid;
    const links = this.linksFor(ref);
    if (!uid || !links.drawer) {
      if (uid && !isAllowed('openTraceDrawer', hasPermission)) {
        this.setState({ deniedTrace: true, pendingSpan: undefined });
      }
      return;
    }
    const span = this.findSpan(ref);
    const timeline = this.timeline();
    const startUs = span?.startUs ?? timeline?.firstSeenUs ?? Date.now() * 1000;
    const drawer = TraceDrawerScene.forSpan({
      datasourceUid: uid,
      config: compileConfig(this.state.settings),
      target: {
        ...ref,
        startUs,
        endUs: span ? span.startUs + span.durationUs : startUs,
        title: span ? `${span.operation} · ${span.service}` : `Trace ${ref.traceId}`,
      },
      exploreUrl: links.exploreUrl,
      onClose: this.closeDrawer,
    });
    this.setState({ drawer, pendingSpan: undefined });
  };

  closeDrawer = () => this.setState({ drawer: undefined });

  private timeline(): OrderTimeline | undefined {
    return this.state.result?.kind === 'found' ? this.state.result.timeline : undefined;
  }

  private spanIndex?: { timeline: OrderTimeline; byKey: Map<string, OrderSpan> };

  private findSpan(ref: SpanRef): OrderSpan | undefined {
    const timeline = this.timeline();
    if (!timeline) {
      return undefined;
    }
    if (this.spanIndex?.timeline !== timeline) {
      this.spanIndex = { timeline, byKey: new Map(timeline.spans.map((span) => [`${span.traceId}:${span.spanId}`, span])) };
    }
    return this.spanIndex.byKey.get(`${ref.traceId}:${ref.spanId}`);
  }
}

function OrderSceneRenderer({ model }: SceneComponentProps<OrderScene>) {
  const { search, phase, result, invalidMessage, failure, settings, lookbackSeconds, drawer, deniedTrace } = model.useState();
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      <search.Component model={search} />
      {phase === 'loading' && <LookupLoading services={settings.services} lookbackSeconds={lookbackSeconds} />}
      {phase === 'invalid' && <InvalidOrderId message={invalidMessage ?? 'The order id is not valid.'} />}
      {phase === 'misconfigured' && <NotConfigured isAdmin={isAllowed('editConfig', hasPermission)} />}
      {phase === 'failed' && <LookupFailed message={failure ?? 'unknown error'} onRetry={model.load} />}
      {phase === 'done' && result?.kind === 'unavailable' && (
        <JaegerUnavailable outcomes={result.outcomes} timedOut={result.timedOut} onRetry={model.load} />
      )}
      {phase === 'done' && result?.kind === 'not_found' && (
        <OrderNotFound
          orderId={model.state.orderId}
          plan={result.plan}
          outcomes={result.outcomes}
          widerSeconds={widerLookback(lookbackSeconds)}
          onWiden={model.widen}
        />
      )}
      {phase === 'done' && result?.kind === 'found' && <FoundOrder model={model} timeline={result.timeline} />}
      {deniedTrace && (
        <Alert severity="info" title="This link opens a trace" data-testid={testIds.orderPage.deniedTrace}>
          {`Raw traces need the ${roleNeededFor('openTraceDrawer', hasPermission)}; the order's status, swimlane and evidence are all here.`}
        </Alert>
      )}
      {drawer && <drawer.Component model={drawer} />}
    </div>
  );
}

function FoundOrder({ model, timeline }: { model: OrderScene; timeline: OrderTimeline }) {
  const styles = useStyles2(getStyles);
  const [warningsOpen, setWarningsOpen] = React.useState(false);
  const result = model.state.result;
  const canDrill = isAllowed('openTraceDrawer', hasPermission) && !!model.state.settings.jaegerDatasourceUid;
  // Trace and span ids in the notes are for those who may open traces.
  const showIds = isAllowed('openTraceDrawer', hasPermission);
  const notes = timeline.warnings
    .filter((warning) => warning.code !== 'partial_result' && warning.code !== 'limit_reached')
    .map((warning) => (showIds ? warning : { ...warning, message: withoutIds(warning.message) }));
  return (
    <Stack direction="column" gap={2}>
      <OrderSummary timeline={timeline} />
      {result && (
        <PartialNotice
          outcomes={result.kind === 'found' ? [...result.outcomes, ...result.contextOutcomes] : result.outcomes}
          onRetry={model.load}
        />
      )}
      <section className={styles.panel} aria-label="Swimlane">
        <Swimlane data={timeline} spans={timeline.spans} onOpenSpan={canDrill ? model.openSpan : undefined} />
      </section>
      <section aria-label="Evidence">
        <h3 className={styles.heading}>Evidence</h3>
        <EvidenceList evidence={timeline.evidence} nowUs={timeline.nowUs} linksFor={model.linksFor} onOpenSpan={model.openSpan} />
      </section>
      {notes.length > 0 && (
        <Collapse label={`Notes on the data (${notes.length})`} isOpen={warningsOpen} onToggle={() => setWarningsOpen(!warningsOpen)}>
          <ul>
            {notes.map((warning, index) => (
              <li key={`${warning.code}-${index}`}>{warning.message}</li>
            ))}
          </ul>
        </Collapse>
      )}
    </Stack>
  );
}

/** Trace ids (32 hex) and span ids (16 hex) replaced by a neutral word. */
function withoutIds(text: string): string {
  return text.replace(/\b(?:[0-9a-f]{32}|[0-9a-f]{16})\b/gi, '(id hidden)');
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  panel: css({
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
  heading: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1) }),
});
