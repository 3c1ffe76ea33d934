/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// `yaml`'s browser build is an ES module jest does not transform (see provisioningFiles.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  DataLink,
  FieldConfigOptionsRegistry,
  FieldConfigProperty,
  FieldType,
  InterpolateFunction,
  applyFieldOverrides,
  createDataFrame,
  createTheme,
  dataLinksOverrideProcessor,
  locationUtil,
} from '@grafana/data';
import { EmbeddedScene, VizPanel, sceneGraph } from '@grafana/scenes';
import { PLUGIN_ID } from '../constants';
import { resolveAppRoute } from '../test/appRoutes';

interface ProvisionedDatasource {
  uid: string;
  type: string;
  jsonData?: {
    exemplarTraceIdDestinations?: Array<{
      name: string;
      datasourceUid?: string;
      url?: string;
      urlDisplayLabel?: string;
    }>;
  };
  correlations?: Array<{
    label: string;
    type: string;
    config: {
      field: string;
      target: { url: string };
      transformations: Array<{ type: string; field: string; expression: string; mapValue: string }>;
    };
  }>;
}

const ROOT = join(__dirname, '..', '..');
/** Grafana expands environment variables in provisioning files; `$$` stands for a literal `$`. */
const expandProvisioning = (text: string) => text.replace(/\$\$/g, '$');

const datasources = (
  parse(readFileSync(join(ROOT, 'provisioning', 'datasources', 'datasources.yaml'), 'utf8')) as {
    datasources: ProvisionedDatasource[];
  }
).datasources;
const app = parse(readFileSync(join(ROOT, 'provisioning', 'plugins', 'app.yaml'), 'utf8')) as {
  apps: Array<{ type: string; jsonData: { jaegerDatasourceUid: string; prometheusDatasourceUid: string } }>;
};
const jaeger = datasources.find((datasource) => datasource.type === 'jaeger');
const prometheus = datasources.find((datasource) => datasource.type === 'prometheus');

function interpolator(): InterpolateFunction {
  const viz = new VizPanel({ pluginId: 'timeseries', title: 'exemplars' });
  new EmbeddedScene({ body: viz });
  return (value, scopedVars, format) =>
    sceneGraph.interpolate(viz, value, scopedVars, typeof format === 'string' ? format : undefined);
}

const fieldConfigRegistry = new FieldConfigOptionsRegistry(() => [
  {
    id: FieldConfigProperty.Links,
    path: FieldConfigProperty.Links,
    name: 'Data links',
    editor: () => null,
    override: () => null,
    process: dataLinksOverrideProcessor,
    shouldApply: () => true,
  },
]);

describe('provisioned datasources', () => {
  it('are the ones the app is provisioned with', () => {
    const settings = app.apps.find((entry) => entry.type === PLUGIN_ID)?.jsonData;
    expect(settings?.jaegerDatasourceUid).toBe(jaeger?.uid);
    expect(settings?.prometheusDatasourceUid).toBe(prometheus?.uid);
  });

  it('map exemplar trace ids to the Jaeger datasource', () => {
    expect(prometheus?.jsonData?.exemplarTraceIdDestinations).toContainEqual({
      name: 'trace_id',
      datasourceUid: jaeger?.uid,
    });
  });

  it("turn an exemplar's order id into a link to the order page, as Grafana builds exemplar links", () => {
    const destination = prometheus?.jsonData?.exemplarTraceIdDestinations?.find((entry) => entry.name === 'order_id');
    expect(destination?.url).toBeDefined();
    // What Grafana's Prometheus datasource puts on the exemplar field for a `url` destination.
    const link: DataLink = {
      title: destination?.urlDisplayLabel ?? '',
      url: expandProvisioning(destination?.url ?? ''),
      targetBlank: true,
    };
    const [frame] = applyFieldOverrides({
      data: [
        createDataFrame({
          name: 'exemplar',
          fields: [
            { name: 'Time', type: FieldType.time, values: [Date.UTC(2026, 11, 2)] },
            { name: 'Value', type: FieldType.number, values: [734] },
            { name: 'order_id', type: FieldType.string, values: ['ALX/2026 #123'], config: { links: [link] } },
          ],
        }),
      ],
      fieldConfig: { defaults: {}, overrides: [] },
      fieldConfigRegistry,
      replaceVariables: interpolator(),
      theme: createTheme(),
      timeZone: 'utc',
    });
    const [model] = frame.fields[2].getLinks?.({ valueRowIndex: 0 }) ?? [];
    expect(model.title).toBe('Open order in Order Tracker');
    expect(resolveAppRoute(model.href)?.orderId).toBe('ALX/2026 #123');
  });

  describe('the Jaeger correlation from a span to its order', () => {
    const correlation = jaeger?.correlations?.find((entry) => entry.type === 'external');
    const transformation = correlation?.config.transformations[0];

    /** Grafana's regex transformation: the field's value as JSON, every match, the first group. */
    function orderIdVariable(tags: unknown): string | undefined {
      let found: string | undefined;
      for (const match of JSON.stringify(tags).matchAll(new RegExp(transformation?.expression ?? '', 'gi'))) {
        found = match[1] ?? match[0];
      }
      return found;
    }

    function openedUrl(orderId: string): string {
      const url = expandProvisioning(correlation?.config.target.url ?? '');
      return locationUtil.assureBaseUrl(
        interpolator()(url, { [transformation?.mapValue ?? '']: { text: orderId, value: orderId } })
      );
    }

    it('reads the order id from the tags of a span of a trace frame', () => {
      expect(correlation?.config.field).toBe('traceID');
      expect(transformation).toMatchObject({ type: 'regex', field: 'tags', mapValue: 'orderId' });
      // Tags as Grafana's Jaeger backend writes them (key, type, value) and as older frontends did.
      const backendTags = [
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'order.id', type: 'string', value: 'ALX-2026-000123' },
        { key: 'order.status', type: 'string', value: 'SUBMITTED' },
      ];
      const frontendTags = [
        { value: 'ALX-2026-000124', key: 'order.id' },
        { key: 'http.route', value: '/orders/{id}' },
      ];
      expect(orderIdVariable(backendTags)).toBe('ALX-2026-000123');
      expect(orderIdVariable(frontendTags)).toBe('ALX-2026-000124');
      expect(
        orderIdVariable([
          { key: 'order.id.previous', value: 'x' },
          { key: 'http.route', value: '/' },
        ])
      ).toBeUndefined();
    });

    it('opens the order page of that id', () => {
      expect(resolveAppRoute(openedUrl('ALX-2026-000123'))?.orderId).toBe('ALX-2026-000123');
      expect(resolveAppRoute(openedUrl('ALX/7 #1'))?.orderId).toBe('ALX/7 #1');
    });
  });
});
