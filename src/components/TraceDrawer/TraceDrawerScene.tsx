import React from 'react';
import { css } from '@emotion/css';
import { map } from 'rxjs';
import { CustomTransformOperator, dateTime, GrafanaTheme2 } from '@grafana/data';
import {
  SceneComponentProps,
  SceneDataTransformer,
  SceneObjectBase,
  SceneObjectState,
  SceneQueryRunner,
  SceneTimeRange,
  VizPanel,
} from '@grafana/scenes';
import { Drawer, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { EngineConfig, maskTraceFrames, SpanRef } from '../../engine';
import { testIds } from '../../utils/testIds';

/** Options of Grafana's traces panel that we set (it focuses and expands `focusedSpanId`). */
interface TracesPanelOptions {
  focusedSpanId?: string;
}

export interface TraceDrawerTarget extends SpanRef {
  /** Where the span sits, in µs: the query's time range is built around it. */
  startUs: number;
  endUs: number;
  /** What the drawer's title says, e.g. "publish order.price.request · crm-api". */
  title: string;
}

export interface TraceDrawerState extends SceneObjectState {
  target: TraceDrawerTarget;
  exploreUrl?: string;
  panel: VizPanel<TracesPanelOptions>;
  onClose: () => void;
}

const MARGIN_MS = 5 * 60_000;

/** The trace query: a Jaeger query by trace id (no query type), which the Jaeger datasource answers with the full trace. */
export function traceQueryRunner(datasourceUid: string, traceId: string): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: { type: 'jaeger', uid: datasourceUid },
    queries: [{ refId: 'A', query: traceId }],
  });
}

/** Masks personal data in the trace frames on their way to the panel, as on the order pages. */
export function maskingTransformation(config: EngineConfig): CustomTransformOperator {
  return () => (source) => source.pipe(map((frames) => maskTraceFrames(frames, config)));
}

/**
 * The in-app trace view: Grafana's own traces panel, fed by the Jaeger datasource with the trace
 * id, focused on the span the user came from. The trace passes the app's personal-data masking
 * (deny-listed keys, their values elsewhere, e-mail/phone/card patterns) before the panel sees it;
 * Explore, outside the app, shows what Jaeger stored.
 */
export class TraceDrawerScene extends SceneObjectBase<TraceDrawerState> {
  static Component = TraceDrawerRenderer;

  static forSpan(options: {
    datasourceUid: string;
    config: EngineConfig;
    target: TraceDrawerTarget;
    exploreUrl?: string;
    onClose: () => void;
  }) {
    const { target } = options;
    const panel = new VizPanel<TracesPanelOptions>({
      pluginId: 'traces',
      title: '',
      options: { focusedSpanId: target.spanId },
      $timeRange: new SceneTimeRange({
        from: dateTime(Math.floor(target.startUs / 1000) - MARGIN_MS).toISOString(),
        to: dateTime(Math.ceil(target.endUs / 1000) + MARGIN_MS).toISOString(),
      }),
      $data: new SceneDataTransformer({
        $data: traceQueryRunner(options.datasourceUid, target.traceId),
        transformations: [maskingTransformation(options.config)],
      }),
    });
    return new TraceDrawerScene({ target, exploreUrl: options.exploreUrl, panel, onClose: options.onClose });
  }
}

function TraceDrawerRenderer({ model }: SceneComponentProps<TraceDrawerScene>) {
  const { target, exploreUrl, panel, onClose } = model.useState();
  const styles = useStyles2(getStyles);
  return (
    <Drawer title={target.title} subtitle={<TraceSubtitle target={target} />} onClose={onClose} size="lg">
      <div data-testid={testIds.traceDrawer.container} className={styles.body}>
        {exploreUrl && (
          <Stack justifyContent="flex-end">
            <LinkButton href={exploreUrl} icon="compass" variant="secondary" size="sm" data-testid={testIds.orderPage.exploreLink}>
              Open in Explore
            </LinkButton>
          </Stack>
        )}
        <div className={styles.panel}>
          <panel.Component model={panel} />
        </div>
      </div>
    </Drawer>
  );
}

function TraceSubtitle({ target }: { target: TraceDrawerTarget }) {
  return (
    <Text color="secondary" variant="bodySmall">
      Trace {target.traceId} · span {target.spanId}
    </Text>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), height: '100%' }),
  panel: css({ flexGrow: 1, minHeight: 480, height: '70vh' }),
});
