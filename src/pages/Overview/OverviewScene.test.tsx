import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { OrderTrackerSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { Route, fakeFetch, fetcherOver, jaegerTrace, promExpr, promVector } from '../../test/fakeBackend';
import { OverviewScene } from './OverviewScene';
import { meanTimeInStatus, orderMetricsPresent } from '../../queries/promql';

const mockFetch = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: () => true,
  // Grafana's built-in panels load as plugins inside Grafana; here they stay in their loading state.
  getPluginImportUtils: () => ({
    importPanelPlugin: () => new Promise(() => undefined),
    getPanelPluginFromCache: () => undefined,
  }),
}));

const NOW_MS = Date.now();
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const settings: OrderTrackerSettings = {
  ...DEFAULT_SETTINGS,
  jaegerDatasourceUid: 'jaeger-uid',
  prometheusDatasourceUid: 'prom-uid',
};

function backend(options: {
  prom: 'metrics' | 'absent' | 'error' | 'never';
  jaeger: 'orders' | 'error' | 'never' | 'empty';
}): Route {
  return (url) => {
    if (url.includes('/proxy/uid/jaeger-uid/')) {
      if (options.jaeger === 'never') {
        return 'never';
      }
      if (options.jaeger === 'error') {
        return new Error('connection refused');
      }
      const params = new URLSearchParams(url.split('?')[1]);
      const tags = params.get('tags') ?? '';
      if (options.jaeger === 'orders' && params.get('service') === 'shop-api' && tags.includes('"SUBMITTED"')) {
        return jaegerTrace({
          orderId: 'ALX-1',
          status: 'SUBMITTED',
          service: 'shop-api',
          startUs: (NOW_MS - 3 * 3600_000) * 1000,
        });
      }
      if (options.jaeger === 'orders' && params.get('service') === 'shop-api' && tags.includes('"FILE_UPLOADED"')) {
        return jaegerTrace({
          orderId: 'ALX-1',
          status: 'FILE_UPLOADED',
          service: 'shop-api',
          startUs: (NOW_MS - 3600_000) * 1000,
          traceId: 'ffeeddccbbaa99887766554433221100',
        });
      }
      return { data: [], total: 0, limit: 0, offset: 0, errors: null };
    }
    if (options.prom === 'error') {
      return new Error('prometheus down');
    }
    if (options.prom === 'never') {
      return 'never';
    }
    const expr = promExpr(url) ?? '';
    if (options.prom === 'metrics' && url.includes('/api/v1/query_exemplars')) {
      return {
        status: 'success',
        data: [
          {
            seriesLabels: { __name__: 'order_status_duration_seconds_bucket', le: '3600', status: 'SUBMITTED' },
            exemplars: [
              { labels: { trace_id: TRACE_ID, order_id: 'ALX-1' }, value: '2400', timestamp: NOW_MS / 1000 - 600 },
            ],
          },
        ],
      };
    }
    if (options.prom === 'metrics' && expr === orderMetricsPresent()) {
      return promVector([{ labels: {}, value: 10 }]);
    }
    if (options.prom === 'metrics' && expr.startsWith(meanTimeInStatus('1s').slice(0, 30))) {
      return promVector([
        { labels: { status: 'SUBMITTED' }, value: 7200 },
        { labels: { status: 'FILE_UPLOADED' }, value: 600 },
      ]);
    }
    return promVector([]);
  };
}

function renderOverview(pageSettings: OrderTrackerSettings = settings, prometheusTimeoutMs?: number) {
  const overview = new OverviewScene({
    settings: pageSettings,
    fetcherFor: fetcherOver(mockFetch),
    ...(prometheusTimeoutMs !== undefined ? { prometheusTimeoutMs } : {}),
  });
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-7d', to: 'now' }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: overview })] }),
  });
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return overview;
}

beforeEach(() => mockFetch.mockReset());

describe('OverviewScene', () => {
  it('shows a loading state first', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'metrics', jaeger: 'never' })));
    renderOverview();
    expect(await screen.findByTestId(testIds.overview.loading)).toBeInTheDocument();
  });

  it('uses Prometheus when the order metrics are there, with the lead-time breakdown from it', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'metrics', jaeger: 'orders' })));
    const overview = renderOverview();
    expect(await screen.findByTestId(testIds.overview.mode)).toHaveTextContent('from Prometheus order metrics');
    expect(screen.getByTestId(testIds.overview.leadTime)).toHaveTextContent('SUBMITTED contributes most: 92 %');
    expect(overview.state.mode).toEqual({ kind: 'metrics' });
    expect(overview.state.index?.orders.map((order) => order.currentStatus)).toEqual(['FILE_UPLOADED']);
  });

  it('lists the stays Prometheus holds exemplars of, with their order and trace', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'metrics', jaeger: 'orders' })));
    renderOverview();
    const stays = await screen.findByTestId(testIds.overview.exemplars);
    expect(stays).toHaveTextContent('SUBMITTED');
    expect(stays).toHaveTextContent('40 min / SLA 10 min — over SLA');
    expect(screen.getByRole('link', { name: 'ALX-1' })).toHaveAttribute(
      'href',
      '/a/alexandrite-ordertracker-app/orders/ALX-1'
    );
    expect(screen.getByRole('link', { name: TRACE_ID }).getAttribute('href')).toContain('/explore?');
    expect(
      mockFetch.mock.calls.some(([request]) =>
        String(request.url).includes('query_exemplars?query=order_status_duration_seconds_bucket')
      )
    ).toBe(true);
  });

  it('switches to trace-only mode without a Prometheus datasource, and says so', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'metrics', jaeger: 'orders' })));
    renderOverview({ ...settings, prometheusDatasourceUid: undefined });
    expect(await screen.findByTestId(testIds.overview.traceOnly)).toHaveTextContent(
      'No Prometheus datasource is configured'
    );
    expect(screen.getByTestId(testIds.overview.leadTime)).toHaveTextContent('SUBMITTED contributes most');
    expect(screen.getByTestId(testIds.overview.leadTime)).toHaveTextContent('traces, 1 orders');
  });

  it('switches to trace-only mode when the order metrics are absent', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'absent', jaeger: 'orders' })));
    renderOverview();
    expect(await screen.findByTestId(testIds.overview.traceOnly)).toHaveTextContent('has no order metrics');
  });

  it('goes on from the traces when Prometheus hangs, and says so', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'never', jaeger: 'orders' })));
    renderOverview(settings, 300);
    expect(await screen.findByTestId(testIds.overview.traceOnly)).toHaveTextContent('no answer within 0.3 s');
    expect(screen.getByTestId(testIds.overview.leadTime)).toHaveTextContent('traces, 1 orders');
  });

  it('says what failed when neither metrics nor traces can be read', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'error', jaeger: 'error' })));
    renderOverview();
    expect(await screen.findByTestId(testIds.overview.error)).toHaveTextContent('Jaeger did not answer any search');
  });

  it('says when no order was seen in the range', async () => {
    mockFetch.mockImplementation(fakeFetch(backend({ prom: 'absent', jaeger: 'empty' })));
    renderOverview();
    expect(await screen.findByTestId(testIds.overview.empty)).toHaveTextContent('No order was seen');
  });

  it('asks for datasources when none is configured', async () => {
    renderOverview({ ...settings, prometheusDatasourceUid: undefined, jaegerDatasourceUid: undefined });
    expect(await screen.findByTestId(testIds.overview.empty)).toHaveTextContent('No datasource is configured');
    expect(mockFetch).not.toHaveBeenCalled();
  });
});
