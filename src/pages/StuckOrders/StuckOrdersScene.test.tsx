import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { MemoryRouter } from 'react-router-dom';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { OrderTrackerSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { oldestEntered, orderMetricsPresent, ordersInStatus } from '../../queries/promql';
import { StuckOrdersScene } from './StuckOrdersScene';
import { PromAnswer, Route, fakeFetch, fetcherOver, jaegerTrace, promExpr, promVector } from '../../test/fakeBackend';

const mockFetch = jest.fn();
const mockHasPermission = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: (action: string) => mockHasPermission(action),
}));

const NOW_MS = Date.now();
const TWO_HOURS_AGO_US = (NOW_MS - 2 * 3600_000) * 1000;
const settings: OrderTrackerSettings = {
  ...DEFAULT_SETTINGS,
  jaegerDatasourceUid: 'jaeger-uid',
  prometheusDatasourceUid: 'prom-uid',
};

const STUCK_TRACE = jaegerTrace({
  orderId: 'ALX-2026-000123',
  status: 'SUBMITTED',
  service: 'shop-api',
  startUs: TWO_HOURS_AGO_US,
});

function backend(
  prom: PromAnswer | 'error' | 'none' = 'none',
  jaeger: 'stuck' | 'empty' | 'error' | 'never' = 'stuck'
): Route {
  return (url) => {
    if (url.includes('/proxy/uid/jaeger-uid/')) {
      if (jaeger === 'never' || jaeger === 'error') {
        return jaeger === 'never' ? 'never' : new Error('connection refused');
      }
      const params = new URLSearchParams(url.split('?')[1]);
      const tags = params.get('tags') ?? '';
      const hit =
        jaeger === 'stuck' &&
        params.get('service') === 'shop-api' &&
        (tags.includes('"SUBMITTED"') || tags.includes('ALX-2026-000123'));
      return hit ? STUCK_TRACE : { data: [], total: 0, limit: 0, offset: 0, errors: null };
    }
    if (url.includes('/proxy/uid/prom-uid/')) {
      if (prom === 'error') {
        return new Error('prometheus down');
      }
      const expr = promExpr(url) ?? '';
      return promVector(prom === 'none' ? [] : (prom[expr] ?? []));
    }
    return new Error(`unexpected ${url}`);
  };
}

function metrics(inSubmitted: number): PromAnswer {
  return {
    [orderMetricsPresent()]: [{ labels: {}, value: 10 }],
    [ordersInStatus()]: [{ labels: { status: 'SUBMITTED' }, value: inSubmitted }],
    [oldestEntered()]: [{ labels: { status: 'SUBMITTED' }, value: TWO_HOURS_AGO_US / 1e6 }],
  };
}

function renderPage(pageSettings: OrderTrackerSettings = settings) {
  const stuck = new StuckOrdersScene({ settings: pageSettings, fetcherFor: fetcherOver(mockFetch) });
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-7d', to: 'now' }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: stuck })] }),
  });
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return stuck;
}

function grant(role: 'Viewer' | 'Editor') {
  mockHasPermission.mockImplementation(
    (action: string) => role === 'Editor' || action === 'alexandrite-ordertracker-app.orders:read'
  );
}

beforeEach(() => {
  mockFetch.mockReset();
  grant('Editor');
});

describe('StuckOrdersScene', () => {
  it('shows a loading state while Jaeger has not answered', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1), 'never')));
    renderPage();
    expect(await screen.findByTestId(testIds.stuck.loading)).toBeInTheDocument();
  });

  it('says what failed when Jaeger does not answer', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1), 'error')));
    renderPage();
    const error = await screen.findByTestId(testIds.stuck.error);
    expect(error).toHaveTextContent('Jaeger did not answer any search');
  });

  it('says so when no order is past its SLA', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(0), 'empty')));
    renderPage();
    expect(await screen.findByTestId(testIds.stuck.empty)).toHaveTextContent('No order is past its SLA');
  });

  it('asks for a Jaeger datasource when none is configured', async () => {
    renderPage({ ...settings, jaegerDatasourceUid: undefined });
    expect(await screen.findByTestId(testIds.stuck.error)).toHaveTextContent('No Jaeger datasource is configured');
    expect(mockFetch).not.toHaveBeenCalled();
  });

  it('lists the stuck order with its links, cross-checked with Prometheus (agreeing)', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    renderPage();
    const rows = await screen.findAllByTestId(testIds.stuck.row);
    expect(rows).toHaveLength(1);
    const row = within(rows[0]);
    expect(row.getByText('ALX-2026-000123').closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining('/a/alexandrite-ordertracker-app/orders/ALX-2026-000123')
    );
    expect(row.getByText('SUBMITTED')).toBeInTheDocument();
    expect(row.getByText('10 min')).toBeInTheDocument();
    expect(row.getByText('Explore').closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining('a1b2c3d4e5f60718293a4b5c6d7e8f90')
    );
    expect(screen.getByTestId(testIds.stuck.crossCheck)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.stuck.mismatch)).not.toBeInTheDocument();
  });

  it('shows a mismatch between traces and Prometheus instead of hiding it', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(3))));
    renderPage();
    const mismatch = await screen.findByTestId(testIds.stuck.mismatch);
    expect(mismatch).toHaveTextContent('Prometheus counts 3 orders in SUBMITTED, the traces 1.');
  });

  it('falls back to trace-only mode without Prometheus, and says so', async () => {
    mockFetch.mockImplementation(fakeFetch(backend()));
    renderPage({ ...settings, prometheusDatasourceUid: undefined });
    expect(await screen.findByTestId(testIds.stuck.traceOnly)).toHaveTextContent(
      'No Prometheus datasource is configured'
    );
    expect(screen.getAllByTestId(testIds.stuck.row)).toHaveLength(1);
  });

  it('falls back to trace-only mode when the order metrics are absent', async () => {
    mockFetch.mockImplementation(fakeFetch(backend('none')));
    renderPage();
    expect(await screen.findByTestId(testIds.stuck.traceOnly)).toHaveTextContent('no order metrics');
  });

  it('hides the trace link from a Viewer but keeps the order link', async () => {
    grant('Viewer');
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    renderPage();
    const [row] = await screen.findAllByTestId(testIds.stuck.row);
    expect(within(row).queryByText('Explore')).not.toBeInTheDocument();
    expect(within(row).getByText('ALX-2026-000123').closest('a')).toBeInTheDocument();
  });

  it('filters by status and keeps the filter in the scene state (URL)', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    const stuck = renderPage();
    await screen.findAllByTestId(testIds.stuck.row);
    fireEvent.click(screen.getByText('SUBMITTED (1)'));
    expect(stuck.state.statusFilter).toBe('SUBMITTED');
    expect(stuck.getUrlState()).toEqual({ status: 'SUBMITTED', sort: undefined });
    await waitFor(() => expect(screen.getAllByTestId(testIds.stuck.row)).toHaveLength(1));
  });
});
