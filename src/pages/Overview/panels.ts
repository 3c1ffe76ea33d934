import { DataFrame, LoadingState, MappingType, TimeRange, ValueMapping } from '@grafana/data';
import {
  PanelBuilders,
  SceneDataNode,
  SceneDataProvider,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  VizPanel,
} from '@grafana/scenes';
import { BarGaugeDisplayMode, VisibilityMode } from '@grafana/schema';
import { OrderIndex, formatSla } from '../../engine';
import { StatusDefinition } from '../../settings/types';
import { RANGE, meanTimeInStatus, ordersInStatus, timeInStatusHeatmap } from '../../queries/promql';
import { countsFrame, staysFrame, swimlaneFrame, swimlaneOrders } from './traceFrames';

export const PROMETHEUS_VARIABLE = 'datasource';
const PROMETHEUS = { type: 'prometheus', uid: `\${${PROMETHEUS_VARIABLE}}` };

const PALETTE = [
  '#8AB8FF',
  '#5794F2',
  '#FADE2A',
  '#FF9830',
  '#B877D9',
  '#73BF69',
  '#37872D',
  '#1F60C4',
  '#808080',
  '#F2495C',
];

/** One colour per status (lifecycle order), so a status looks the same in every row. */
export function statusMappings(lifecycle: StatusDefinition[]): ValueMapping[] {
  const options: Record<string, { color: string; index: number; text: string }> = {};
  lifecycle.forEach((status, index) => {
    const color = status.terminal && /CANCEL/i.test(status.name) ? '#F2495C' : PALETTE[index % PALETTE.length];
    options[status.name] = { color, index, text: status.name };
  });
  return [{ type: MappingType.ValueToText, options }];
}

type StatusWithSla = StatusDefinition & { slaSeconds: number };

function withSla(lifecycle: StatusDefinition[]): StatusWithSla[] {
  return lifecycle.filter((status): status is StatusWithSla => !status.terminal && status.slaSeconds !== null);
}

function prometheus(
  expr: string,
  options: { instant?: boolean; format?: string; legend?: string; exemplar?: boolean } = {}
): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: PROMETHEUS,
    queries: [
      {
        refId: 'A',
        expr,
        instant: options.instant ?? false,
        range: !(options.instant ?? false),
        format: options.format ?? 'time_series',
        legendFormat: options.legend ?? '{{status}}',
        exemplar: options.exemplar ?? false,
      },
    ],
  });
}

function item(body: VizPanel, height: number, minWidth = 320): SceneFlexItem {
  return new SceneFlexItem({ body, height, minWidth });
}

interface StatusHeatmap {
  title: string;
  description: string;
  data: SceneDataProvider;
  /** Prometheus delivers ready buckets; raw trace samples need the panel to bucket them. */
  calculate: boolean;
}

/** One time-in-status heatmap per status with an SLA, whatever the stays are drawn from. */
function statusHeatmaps(
  lifecycle: StatusDefinition[],
  heatmapFor: (status: StatusWithSla) => StatusHeatmap
): SceneFlexItem[] {
  return withSla(lifecycle).map((status) => {
    const heatmap = heatmapFor(status);
    return item(
      PanelBuilders.heatmap()
        .setTitle(heatmap.title)
        .setDescription(heatmap.description)
        .setData(heatmap.data)
        .setOption('calculate', heatmap.calculate)
        .setOption('yAxis', { unit: 's' })
        .build(),
      220
    );
  });
}

/** Panels drawn from Prometheus (the metrics mode). */
export function metricsPanels(lifecycle: StatusDefinition[]): SceneFlexLayout {
  const heatmaps = statusHeatmaps(lifecycle, (status) => ({
    title: `Time in ${status.name} — SLA ${formatSla(status.slaSeconds)}`,
    description: `Completed stays in ${status.name} per time bucket. The SLA (${status.slaSeconds} s) is a bucket boundary: cells above it broke the SLA. Stuck orders never leave the status, so they are on the stuck-orders page, not here.`,
    // Exemplar dots: one order's stay each, opening the trace that ended it.
    data: prometheus(timeInStatusHeatmap(status.name), { format: 'heatmap', legend: '{{le}}', exemplar: true }),
    calculate: false,
  }));
  return summaryAndHeatmaps(
    [
      item(
        PanelBuilders.bargauge()
          .setTitle('Orders per status now')
          .setData(prometheus(ordersInStatus(), { instant: true }))
          .setOption('displayMode', BarGaugeDisplayMode.Basic)
          .build(),
        280
      ),
      item(
        PanelBuilders.timeseries()
          .setTitle('Orders per status over time')
          .setData(prometheus(ordersInStatus()))
          .setCustomFieldConfig('fillOpacity', 30)
          .build(),
        280
      ),
      item(
        PanelBuilders.bargauge()
          .setTitle('Mean stay per status in the range (Prometheus)')
          .setData(prometheus(meanTimeInStatus(RANGE), { instant: true }))
          .setUnit('s')
          .build(),
        280
      ),
    ],
    heatmaps
  );
}

/** A row of summary panels above the per-status heatmaps (wrapping). */
function summaryAndHeatmaps(summary: SceneFlexItem[], heatmaps: SceneFlexItem[]): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexLayout({ direction: 'row', children: summary }),
      new SceneFlexLayout({ direction: 'row', wrap: 'wrap', children: heatmaps }),
    ],
  });
}

function dataNode(timeRange: TimeRange, frames: DataFrame[]): SceneDataNode {
  return new SceneDataNode({ data: { state: LoadingState.Done, series: frames, timeRange } });
}

/** Panels drawn from the engine's trace-derived samples (trace-only mode). */
export function traceOnlyPanels(
  index: OrderIndex,
  lifecycle: StatusDefinition[],
  timeRange: TimeRange
): SceneFlexLayout {
  const heatmaps = statusHeatmaps(lifecycle, (status) => ({
    title: `Time in ${status.name} — SLA ${formatSla(status.slaSeconds)} (from traces)`,
    description: `Completed stays in ${status.name} found in the traces of this range; above ${status.slaSeconds} s broke the SLA.`,
    data: dataNode(timeRange, [staysFrame(index, status.name)]),
    calculate: true,
  }));
  return summaryAndHeatmaps(
    [
      item(
        PanelBuilders.bargauge()
          .setTitle('Orders per current status (from traces)')
          .setData(dataNode(timeRange, [countsFrame(index, lifecycle)]))
          .setOption('displayMode', BarGaugeDisplayMode.Basic)
          .setOption('reduceOptions', { values: true, calcs: [] })
          .build(),
        280
      ),
    ],
    heatmaps
  );
}

/** The multi-order swimlane: one row per stuck or recent order, coloured by status. */
export function swimlanePanel(
  index: OrderIndex,
  stuckIds: string[],
  lifecycle: StatusDefinition[],
  timeRange: TimeRange,
  nowUs: number,
  limit = 20
): VizPanel {
  const orders = swimlaneOrders(index, stuckIds, limit);
  return PanelBuilders.statetimeline()
    .setTitle(`Orders over time — ${orders.length} of ${index.orders.length} (stuck first, then most recent)`)
    .setData(dataNode(timeRange, [swimlaneFrame(index, orders, nowUs)]))
    .setMappings(statusMappings(lifecycle))
    .setOption('showValue', VisibilityMode.Never)
    .setOption('mergeValues', true)
    .setOption('rowHeight', 0.8)
    .setColor({ mode: 'thresholds' })
    .build();
}
