import { PLUGIN_BASE_URL, ROUTES } from '../../../constants';
import { StatusDefinition } from '../../../settings/types';
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

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface PanelTarget {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  format?: 'heatmap' | 'time_series' | 'table';
}

const DS: Json = { type: 'prometheus', uid: '${datasource}' };
const STUCK_URL = `${PLUGIN_BASE_URL}/${ROUTES.Stuck}`;
const OVERVIEW_URL = `${PLUGIN_BASE_URL}/${ROUTES.Overview}`;

function targets(list: PanelTarget[]): Json {
  return list.map((target, index) => ({
    refId: String.fromCharCode(65 + index),
    datasource: DS,
    expr: target.expr,
    legendFormat: target.legendFormat ?? '__auto',
    instant: target.instant ?? false,
    range: !(target.instant ?? false),
    format: target.format ?? 'time_series',
  }));
}

/** Per-status data link into the stuck-orders page, filtered by the series' status. */
const STATUS_LINK: Json = [
  { title: 'Stuck orders in ${__field.labels.status}', url: `${STUCK_URL}?status=\${__field.labels.status}` },
];

/**
 * The operations dashboard (provisioning/dashboards/*.json). Every query comes from the PromQL
 * module; panels link into the app's overview and stuck-orders pages.
 */
export function operationsDashboard(options: DashboardOptions): Json {
  const panels: Json[] = [];
  let y = 0;
  const add = (panel: { [key: string]: Json }, w: number, h: number, x: number) => {
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

  row('Orders');
  add(
    {
      type: 'bargauge',
      title: 'Orders per status now',
      targets: targets([{ expr: ordersInStatus(), legendFormat: '{{status}}', instant: true }]),
      options: { orientation: 'horizontal', displayMode: 'basic', reduceOptions: { calcs: ['lastNotNull'] } },
      fieldConfig: { defaults: { links: STATUS_LINK, unit: 'none' }, overrides: [] },
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
      fieldConfig: {
        defaults: { links: STATUS_LINK, custom: { stacking: { mode: 'normal' }, fillOpacity: 40 } },
        overrides: [],
      },
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
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          thresholds: {
            mode: 'absolute',
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 0.05 },
            ],
          },
        },
        overrides: [],
      },
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
      fieldConfig: { defaults: { unit: 'ops', links: STATUS_LINK }, overrides: [] },
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
      fieldConfig: { defaults: { unit: 's', links: STATUS_LINK }, overrides: [] },
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
      fieldConfig: { defaults: { unit: 's', links: STATUS_LINK }, overrides: [] },
      options: { orientation: 'horizontal', displayMode: 'basic', reduceOptions: { calcs: ['lastNotNull'] } },
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
      fieldConfig: { defaults: { unit: 's' }, overrides: [] },
      options: { orientation: 'horizontal', displayMode: 'gradient', reduceOptions: { calcs: ['lastNotNull'] } },
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
        description: `Completed stays in ${status.name}; buckets above ${status.slaSeconds} s are past the SLA.`,
        targets: targets([{ expr: timeInStatusHeatmap(status.name), legendFormat: '{{le}}', format: 'heatmap' }]),
        options: {
          calculate: false,
          yAxis: { unit: 's' },
          cellGap: 1,
          color: { mode: 'scheme', scheme: 'Oranges', steps: 64 },
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
    {
      type: 'timeseries',
      title: 'API p95 latency (server spans)',
      targets: targets(
        options.apiServices.map((service) => ({ expr: serverLatencyP95(service), legendFormat: service }))
      ),
      fieldConfig: { defaults: { unit: 'ms' }, overrides: [] },
    },
    8,
    8,
    0
  );
  add(
    {
      type: 'timeseries',
      title: 'API error ratio (server spans)',
      targets: targets(
        options.apiServices.map((service) => ({ expr: serverErrorRatio(service), legendFormat: service }))
      ),
      fieldConfig: { defaults: { unit: 'percentunit' }, overrides: [] },
    },
    8,
    8,
    8
  );
  add(
    {
      type: 'timeseries',
      title: 'Dead-lettered messages per queue',
      targets: targets([{ expr: deadLetteredIncrease(), legendFormat: '{{queue}}' }]),
      fieldConfig: { defaults: { unit: 'none', custom: { drawStyle: 'bars' } }, overrides: [] },
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
    ],
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}
