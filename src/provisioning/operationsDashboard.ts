import {
  BarGaugeDisplayMode,
  Dashboard,
  DashboardLink,
  DataSourceRef,
  FieldConfig,
  FieldConfigSource,
  GraphDrawStyle,
  Panel,
  RowPanel,
  StackingMode,
  ThresholdsMode,
  VariableHide,
  VariableModel,
  VariableOption,
  VariableRefresh,
  VizOrientation,
} from '@grafana/schema';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { StatusDefinition } from '../settings/types';
import {
  RANGE,
  deadLetteredIncrease,
  meanTimeInStatus,
  oldestAge,
  ordersInStatus,
  overdueBySla,
  serverErrorRatio,
  serverLatencyP95,
  shareOfOpenOrdersIn,
  statusEntriesRate,
  timeInStatusHeatmap,
} from '../queries/promql';

export interface DashboardOptions {
  lifecycle: StatusDefinition[];
  /** Services whose API latency and errors are shown (MES and CRM by default). */
  apiServices: string[];
  queueStatus: string;
}

/**
 * Grafana reads panel and field links as data links (a title and a URL); the v1 schema's TypeScript
 * types a panel's links as dashboard links, whose other fields a panel never reads.
 */
type DataLink = Required<Pick<DashboardLink, 'title' | 'url'>>;

type OperationsPanel = Omit<Panel, 'links'> & { links?: DataLink[] };

/** What a panel adds to the position, id and datasource every panel gets. */
type PanelContent = Omit<OperationsPanel, 'id' | 'gridPos' | 'datasource'>;

/**
 * The schema's TypeScript requires fields a dashboard file may leave out, and this one always has:
 * a link's `defaultDashboardLink` fields and its tooltip, and a variable's current value (Grafana
 * chooses one on load when it is empty).
 */
type DashboardLinkInFile = Omit<DashboardLink, 'asDropdown' | 'includeVars' | 'keepTime' | 'tags' | 'tooltip'> &
  Partial<DashboardLink>;
type VariableInFile = Omit<VariableModel, 'current'> & { current?: Partial<VariableOption> };

export type OperationsDashboard = Omit<Dashboard, 'links' | 'panels' | 'templating'> & {
  links: DashboardLinkInFile[];
  panels: Array<OperationsPanel | RowPanel>;
  templating: { list: VariableInFile[] };
};

interface PanelTarget {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  format?: 'heatmap' | 'time_series' | 'table';
  /** Ask Prometheus for exemplars too: their dots open the exact trace (the datasource maps `trace_id` to Jaeger). */
  exemplar?: boolean;
}

const DS: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };
const STUCK_URL = `${PLUGIN_BASE_URL}/${ROUTES.Stuck}`;
const OVERVIEW_URL = `${PLUGIN_BASE_URL}/${ROUTES.Overview}`;

function targets(list: PanelTarget[]): Panel['targets'] {
  return list.map((target, index) => ({
    refId: String.fromCharCode(65 + index),
    datasource: DS,
    expr: target.expr,
    legendFormat: target.legendFormat ?? '__auto',
    instant: target.instant ?? false,
    range: !(target.instant ?? false),
    format: target.format ?? 'time_series',
    ...(target.exemplar ? { exemplar: true } : {}),
  }));
}

function fields(defaults: FieldConfig): FieldConfigSource {
  return { defaults, overrides: [] };
}

function horizontalBars(displayMode: BarGaugeDisplayMode): Panel['options'] {
  return { orientation: VizOrientation.Horizontal, displayMode, reduceOptions: { calcs: ['lastNotNull'] } };
}

/** Per-status data link into the stuck-orders page, filtered by the series' status. */
const STATUS_LINK: DataLink[] = [
  { title: 'Stuck orders in ${__field.labels.status}', url: `${STUCK_URL}?status=\${__field.labels.status}` },
];

/**
 * The same link for a table-format query: there the labels have become columns and the fields carry
 * no labels, so the status is the row's `status` field.
 */
const TABLE_STATUS_LINK: DataLink[] = [
  { title: 'Stuck orders in ${__data.fields.status}', url: `${STUCK_URL}?status=\${__data.fields.status}` },
];

/** The dashboard variable holding one order id, and the dashboard link that opens that order. */
export const ORDER_VARIABLE = 'order';
const ORDER_URL = `${PLUGIN_BASE_URL}/${ROUTES.Orders}/\${${ORDER_VARIABLE}:percentencode}`;

/** Exemplar dots on heatmaps (Grafana's own default colour, stated so the intent is visible). */
const EXEMPLAR_OPTIONS = { color: 'rgba(255,0,255,0.7)' };

/**
 * The operations dashboard (provisioning/dashboards/*.json). Every query comes from the PromQL
 * module; panels link into the app's overview and stuck-orders pages.
 */
export function operationsDashboard(options: DashboardOptions): OperationsDashboard {
  const panels: OperationsDashboard['panels'] = [];
  let y = 0;
  const add = (panel: PanelContent, w: number, h: number, x: number) => {
    panels.push({ id: panels.length + 1, gridPos: { h, w, x, y }, datasource: DS, ...panel });
  };
  const row = (title: string) => {
    panels.push({
      id: panels.length + 1,
      type: 'row',
      title,
      collapsed: false,
      gridPos: { h: 1, w: 24, x: 0, y },
      panels: [],
    });
    y += 1;
  };
  const perApiService = (
    title: string,
    query: (service: string) => string,
    unit: string,
    exemplar = false
  ): PanelContent => ({
    type: 'timeseries',
    title,
    targets: targets(options.apiServices.map((service) => ({ expr: query(service), legendFormat: service, exemplar }))),
    fieldConfig: fields({ unit }),
  });

  row('Orders');
  add(
    {
      type: 'bargauge',
      title: 'Orders per status now',
      targets: targets([{ expr: ordersInStatus(), legendFormat: '{{status}}', instant: true }]),
      options: horizontalBars(BarGaugeDisplayMode.Basic),
      fieldConfig: fields({ links: STATUS_LINK, unit: 'none' }),
    },
    8,
    9,
    0
  );
  add(
    {
      type: 'timeseries',
      title: 'Orders per status over time',
      targets: targets([{ expr: ordersInStatus(), legendFormat: '{{status}}' }]),
      fieldConfig: fields({ links: STATUS_LINK, custom: { stacking: { mode: StackingMode.Normal }, fillOpacity: 40 } }),
    },
    10,
    9,
    8
  );
  add(
    {
      type: 'stat',
      title: `Share of open orders in ${options.queueStatus}`,
      targets: targets([{ expr: shareOfOpenOrdersIn(options.queueStatus, options.lifecycle), instant: true }]),
      fieldConfig: fields({
        unit: 'percentunit',
        thresholds: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { color: 'green', value: null },
            { color: 'red', value: 0.05 },
          ],
        },
      }),
    },
    6,
    9,
    18
  );
  y += 9;
  add(
    {
      type: 'timeseries',
      title: 'Entries into each status per second',
      targets: targets([{ expr: statusEntriesRate(), legendFormat: '{{status}}' }]),
      fieldConfig: fields({ unit: 'ops', links: STATUS_LINK }),
    },
    12,
    8,
    0
  );
  add(
    {
      type: 'table',
      title: 'Statuses past SLA (oldest order, seconds over)',
      description: 'Each row links to the stuck orders of that status in Order Tracker.',
      targets: targets([
        { expr: overdueBySla(options.lifecycle), legendFormat: '{{status}}', instant: true, format: 'table' },
      ]),
      fieldConfig: fields({ unit: 's', links: TABLE_STATUS_LINK }),
      links: [{ title: 'Open stuck orders', url: STUCK_URL }],
    },
    12,
    8,
    12
  );
  y += 8;

  row('Time in status');
  add(
    {
      type: 'bargauge',
      title: 'Oldest order in each status',
      targets: targets([{ expr: oldestAge(), legendFormat: '{{status}}', instant: true }]),
      fieldConfig: fields({ unit: 's', links: STATUS_LINK }),
      options: horizontalBars(BarGaugeDisplayMode.Basic),
    },
    12,
    8,
    0
  );
  add(
    {
      type: 'bargauge',
      title: 'Lead-time breakdown: mean stay per status in the range',
      targets: targets([{ expr: meanTimeInStatus(RANGE), legendFormat: '{{status}}', instant: true }]),
      fieldConfig: fields({ unit: 's' }),
      options: horizontalBars(BarGaugeDisplayMode.Gradient),
      links: [{ title: 'Open the overview', url: OVERVIEW_URL }],
    },
    12,
    8,
    12
  );
  y += 8;
  const withSla = options.lifecycle.filter((status) => !status.terminal && status.slaSeconds !== null);
  withSla.forEach((status, index) => {
    const x = (index % 3) * 8;
    add(
      {
        type: 'heatmap',
        title: `Time in ${status.name} (SLA ${status.slaSeconds} s)`,
        description: `Completed stays in ${status.name}; buckets above ${status.slaSeconds} s are past the SLA. Each exemplar dot is one order's stay: it opens the trace that ended it.`,
        targets: targets([
          { expr: timeInStatusHeatmap(status.name), legendFormat: '{{le}}', format: 'heatmap', exemplar: true },
        ]),
        options: {
          calculate: false,
          yAxis: { unit: 's' },
          cellGap: 1,
          color: { mode: 'scheme', scheme: 'Oranges', steps: 64 },
          exemplars: EXEMPLAR_OPTIONS,
        },
        links: [
          { title: `Stuck orders in ${status.name}`, url: `${STUCK_URL}?status=${encodeURIComponent(status.name)}` },
        ],
      },
      8,
      8,
      x
    );
    if (index % 3 === 2 || index === withSla.length - 1) {
      y += 8;
    }
  });

  row('Services and messaging');
  add(
    perApiService('API p95 latency (server spans)', (service) => serverLatencyP95(service), 'ms', true),
    8,
    8,
    0
  );
  add(
    perApiService('API error ratio (server spans)', (service) => serverErrorRatio(service), 'percentunit'),
    8,
    8,
    8
  );
  add(
    {
      type: 'timeseries',
      title: 'Dead-lettered messages per queue',
      targets: targets([{ expr: deadLetteredIncrease(), legendFormat: '{{queue}}' }]),
      fieldConfig: fields({ unit: 'none', custom: { drawStyle: GraphDrawStyle.Bars } }),
      links: [{ title: 'Open stuck orders', url: STUCK_URL }],
    },
    8,
    8,
    16
  );

  return {
    uid: 'ordertracker-operations',
    title: 'Order Tracker — operations',
    description:
      'Orders per status, time in status against SLA, API latency and dead letters. Panels link into Order Tracker.',
    tags: ['order-tracker'],
    editable: true,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    timezone: 'browser',
    links: [
      { title: 'Order Tracker overview', type: 'link', url: OVERVIEW_URL, icon: 'apps', targetBlank: false },
      { title: 'Stuck orders', type: 'link', url: STUCK_URL, icon: 'exclamation-triangle', targetBlank: false },
      // Empty, the variable leads to the find page; with an id, to that order.
      { title: `Open order \${${ORDER_VARIABLE}}`, type: 'link', url: ORDER_URL, icon: 'search', targetBlank: false },
    ],
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: VariableHide.dontHide,
          refresh: VariableRefresh.onDashboardLoad,
        },
        {
          name: ORDER_VARIABLE,
          label: 'Order id',
          description: 'Type an order id, then use the "Open order" link at the top to open it in Order Tracker.',
          type: 'textbox',
          query: '',
          current: { text: '', value: '' },
          hide: VariableHide.dontHide,
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}
