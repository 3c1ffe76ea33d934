import {
  DataFrame,
  FieldConfigOptionsRegistry,
  FieldConfigProperty,
  FieldType,
  InterpolateFunction,
  LinkModel,
  applyFieldOverrides,
  createDataFrame,
  createTheme,
  dataLinksOverrideProcessor,
  locationUtil,
} from '@grafana/data';
import { EmbeddedScene, SceneVariableSet, TextBoxVariable, VizPanel, sceneGraph } from '@grafana/scenes';
import { RowPanel } from '@grafana/schema';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { provisioningDefaults } from '../queries/catalogue';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { resolveAppRoute } from '../test/appRoutes';
import { ORDER_VARIABLE, OperationsDashboard, operationsDashboard } from './operationsDashboard';

type DashboardPanel = Exclude<OperationsDashboard['panels'][number], RowPanel>;

const dashboard = operationsDashboard(provisioningDefaults(DEFAULT_SETTINGS));
const STATUSES = DEFAULT_SETTINGS.lifecycle.map((status) => status.name);
const ROW_STATUSES = ['SUBMITTED', 'MANUFACTURING_APPROVED'];
const STUCK_PAGE = `${PLUGIN_BASE_URL}/${ROUTES.Stuck}`;

function isPanel(panel: OperationsDashboard['panels'][number]): panel is DashboardPanel {
  return panel.type !== 'row';
}

/**
 * The frames Grafana's Prometheus datasource hands a panel: a table-format query makes one frame
 * whose labels became columns (one row per series); a time-series query one frame per series,
 * the labels on its value field.
 */
function framesFor(panel: DashboardPanel): DataFrame[] {
  const format = (panel.targets?.[0] as { format?: string } | undefined)?.format ?? 'time_series';
  const now = Date.UTC(2026, 11, 2, 12);
  if (format === 'table') {
    return [
      createDataFrame({
        refId: 'A',
        fields: [
          { name: 'Time', type: FieldType.time, values: ROW_STATUSES.map(() => now) },
          { name: 'status', type: FieldType.string, values: ROW_STATUSES },
          { name: 'Value #A', type: FieldType.number, values: [7860, 95] },
        ],
      }),
    ];
  }
  return ROW_STATUSES.map((status, index) =>
    createDataFrame({
      refId: 'A',
      name: status,
      fields: [
        { name: 'Time', type: FieldType.time, values: [now] },
        { name: 'Value', type: FieldType.number, values: [index + 3], labels: { status } },
      ],
    })
  );
}

/**
 * Grafana fills its field-config registry with its standard options at start-up; of them, these
 * links need only the data-links item (its processor is the one @grafana/data exports).
 */
const fieldConfigRegistry = new FieldConfigOptionsRegistry(() => [
  {
    id: FieldConfigProperty.Links,
    path: FieldConfigProperty.Links,
    name: 'Data links',
    editor: () => null,
    override: () => null,
    process: dataLinksOverrideProcessor,
    settings: { placeholder: '-' },
    shouldApply: () => true,
  },
]);

/** A panel of the dashboard as Grafana 12+ runs it: a VizPanel in a scene holding the dashboard's variables. */
function scenePanel(panel: DashboardPanel, orderId = ''): { replace: InterpolateFunction } {
  const viz = new VizPanel({ pluginId: panel.type ?? 'timeseries', title: panel.title });
  new EmbeddedScene({
    $variables: new SceneVariableSet({ variables: [new TextBoxVariable({ name: ORDER_VARIABLE, value: orderId })] }),
    body: viz,
  });
  return {
    // Panels pass formats by name (getLinksSupplier: `uriencode`); a formatter function is no case here.
    replace: (value, scopedVars, format) =>
      sceneGraph.interpolate(viz, value, scopedVars, typeof format === 'string' ? format : undefined),
  };
}

/** The schema types field links loosely (`unknown[]`); the generator writes title and URL. */
function isDataLink(value: unknown): value is { title: string; url: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'title' in value &&
    'url' in value &&
    typeof value.url === 'string' &&
    typeof value.title === 'string'
  );
}

/** Every data link of a panel's fields for every row, as Grafana builds them when a user clicks. */
function fieldLinks(panel: DashboardPanel): Array<{ link: LinkModel; row: { status?: string } }> {
  const { replace } = scenePanel(panel);
  const links = (panel.fieldConfig?.defaults.links ?? []).filter(isDataLink);
  const frames = applyFieldOverrides({
    data: framesFor(panel),
    fieldConfig: { defaults: { links }, overrides: [] },
    fieldConfigRegistry,
    replaceVariables: replace,
    theme: createTheme(),
    timeZone: 'utc',
  });
  return frames.flatMap((frame) => {
    const statusField = frame.fields.find((field) => field.name === 'status');
    return frame.fields
      .filter((field) => field.type === FieldType.number && field.getLinks)
      .flatMap((field) =>
        field.values.flatMap((_value, rowIndex) =>
          (field.getLinks?.({ valueRowIndex: rowIndex }) ?? []).map((link) => ({
            link,
            row: { status: statusField ? String(statusField.values[rowIndex]) : field.labels?.status },
          }))
        )
      );
  });
}

const panels = dashboard.panels.filter(isPanel);
const withFieldLinks = panels.filter((panel) => (panel.fieldConfig?.defaults.links?.length ?? 0) > 0);

describe('the operations dashboard links into the app', () => {
  it('has field links to check (status panels and the past-SLA table)', () => {
    expect(withFieldLinks.map((panel) => panel.title)).toEqual(
      expect.arrayContaining(['Orders per status now', 'Statuses past SLA (oldest order, seconds over)'])
    );
  });

  it.each(withFieldLinks.map((panel) => [panel.title, panel] as const))(
    '"%s": every row opens the stuck orders of its own status',
    (_title, panel) => {
      const links = fieldLinks(panel);
      expect(links.length).toBeGreaterThanOrEqual(ROW_STATUSES.length);
      for (const { link, row } of links) {
        expect(STATUSES).toContain(row.status);
        expect(link.title).toBe(`Stuck orders in ${row.status}`);
        const route = resolveAppRoute(link.href);
        expect(route?.pageUrl).toBe(STUCK_PAGE);
        expect(route?.query.get('status')).toBe(row.status);
      }
    }
  );

  it('every panel link and dashboard link opens a page of the app', () => {
    const { replace } = scenePanel(panels[0]);
    const targets = [...panels.flatMap((panel) => panel.links ?? []), ...dashboard.links];
    expect(targets.length).toBeGreaterThan(3);
    for (const target of targets) {
      const href = locationUtil.assureBaseUrl(replace(target.url ?? '', undefined, 'uriencode'));
      const route = resolveAppRoute(href);
      expect({ url: target.url, page: route?.title }).toEqual({ url: target.url, page: expect.any(String) });
      const status = route?.query.get('status');
      if (status !== null && status !== undefined) {
        expect(STATUSES).toContain(status);
      }
    }
  });

  it('the "Open order" link opens the order typed into the variable, or the find page when it is empty', () => {
    const link = dashboard.links.find((candidate) => candidate.title?.startsWith('Open order'));
    expect(link).toBeDefined();
    const open = (orderId: string) => {
      const { replace } = scenePanel(panels[0], orderId);
      return {
        title: replace(link?.title ?? ''),
        route: resolveAppRoute(locationUtil.assureBaseUrl(replace(link?.url ?? ''))),
      };
    };
    expect(open('ALX-2026-000123')).toMatchObject({
      title: 'Open order ALX-2026-000123',
      route: { orderId: 'ALX-2026-000123' },
    });
    expect(open('ALX/7 #1').route?.orderId).toBe('ALX/7 #1');
    expect(open('').route).toMatchObject({ pageUrl: `${PLUGIN_BASE_URL}/${ROUTES.Orders}`, title: 'Find an order' });
  });

  it('asks for exemplars on the time-in-status heatmaps and the latency panel', () => {
    const withExemplars = panels
      .filter((panel) => panel.targets?.some((target) => (target as { exemplar?: boolean }).exemplar === true))
      .map((panel) => panel.title);
    const heatmaps = panels.filter((panel) => panel.type === 'heatmap').map((panel) => panel.title);
    expect(heatmaps.length).toBeGreaterThan(0);
    expect(withExemplars).toEqual(expect.arrayContaining([...heatmaps, 'API p95 latency (server spans)']));
  });
});
