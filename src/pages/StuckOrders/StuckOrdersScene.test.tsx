import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { MemoryRouter } from 'react-router-dom';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { OrderTrackerSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { ageBuckets, oldestEntered, orderMetricsPresent } from '../../queries/promql';
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
const ORDER = 'ALX-2026-000123';
const settings: OrderTrackerSettings = {
  ...DEFAULT_SETTINGS,
  jaegerDatasourceUid: 'jaeger-uid',
  prometheusDatasourceUid: 'prom-uid',
};

const STUCK_TRACE = jaegerTrace({
  orderId: ORDER,
  status: 'SUBMITTED',
  service: 'shop-api',
  startUs: TWO_HOURS_AGO_US,
});
const NO_TRACES = { data: [], total: 0, limit: 0, offset: 0, errors: null };

type JaegerMode = 'stuck' | 'empty' | 'error' | 'never' | 'lookup-fails';

/**
 * Jaeger (the `/api/traces` search: the fake answers the v3 probe like a Jaeger before 2.19) holding
 * one order that entered SUBMITTED two hours ago, and Prometheus answering from `prom`.
 */
function backend(prom: PromAnswer | 'error' | 'none' = 'none', jaeger: JaegerMode = 'stuck'): Route {
  return (url) => {
    if (url.includes('/proxy/uid/jaeger-uid/')) {
      if (jaeger === 'never' || jaeger === 'error') {
        return jaeger === 'never' ? 'never' : new Error('connection refused');
      }
      const params = new URLSearchParams(url.split('?')[1]);
      const tags = params.get('tags') ?? '';
      if (jaeger === 'lookup-fails' && tags.includes(ORDER) && params.get('service') === 'crm-api') {
        return new Error('crm-api is down');
      }
      const hit =
        jaeger !== 'empty' &&
        params.get('service') === 'shop-api' &&
        (tags.includes('"SUBMITTED"') || tags.includes(ORDER));
      return hit ? STUCK_TRACE : NO_TRACES;
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

/** Prometheus' view: `inSubmitted` orders in SUBMITTED, `pastSla` of them longer than its 10 min. */
function metrics(inSubmitted: number, pastSla = inSubmitted): PromAnswer {
  const bucket = (le: string, value: number) => ({ labels: { status: 'SUBMITTED', le }, value });
  return {
    [orderMetricsPresent()]: [{ labels: {}, value: 10 }],
    [ageBuckets()]: [bucket('480', 0), bucket('600', inSubmitted - pastSla), bucket('+Inf', inSubmitted)],
    [oldestEntered()]: inSubmitted > 0 ? [{ labels: { status: 'SUBMITTED' }, value: TWO_HOURS_AGO_US / 1e6 }] : [],
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

const rowOf = (cell: HTMLElement) => cell.closest('tr') as HTMLElement;

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

  it('says so when Prometheus counts no order past its SLA, without searching the traces', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(0), 'empty')));
    renderPage();
    expect(await screen.findByTestId(testIds.stuck.empty)).toHaveTextContent(
      'No order is past its SLA: Prometheus counts none, and the traces show none.'
    );
    const searches = mockFetch.mock.calls.filter(([options]) => String(options.url).includes('/api/traces?'));
    expect(searches).toEqual([]);
  });

  it('asks for a Jaeger datasource when none is configured', async () => {
    renderPage({ ...settings, jaegerDatasourceUid: undefined });
    expect(await screen.findByTestId(testIds.stuck.error)).toHaveTextContent('No Jaeger datasource is configured');
    expect(mockFetch).not.toHaveBeenCalled();
  });

  it('lists the stuck order with its links, listed 1 of the 1 Prometheus counts', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    renderPage();
    const cells = await screen.findAllByTestId(testIds.stuck.row);
    expect(cells).toHaveLength(1);
    const row = within(rowOf(cells[0]));
    expect(row.getByText(ORDER).closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining(`/a/alexandrite-ordertracker-app/orders/${ORDER}`)
    );
    expect(row.getByText('SUBMITTED')).toBeInTheDocument();
    expect(row.getByText('10 min')).toBeInTheDocument();
    expect(row.getByText('Explore').closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining('a1b2c3d4e5f60718293a4b5c6d7e8f90')
    );
    expect(screen.getByRole('row', { name: 'SUBMITTED: listed 1 of 1 past SLA' })).toBeInTheDocument();
    expect(screen.getByTestId(testIds.stuck.budget)).toHaveTextContent(/This load: \d+ of 800 requests/);
  });

  it('says how many Prometheus counts that the traces did not list', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(3))));
    renderPage();
    await screen.findAllByTestId(testIds.stuck.row);
    expect(screen.getByRole('row', { name: 'SUBMITTED: listed 1 of 3 past SLA; 2 not listed' })).toBeInTheDocument();
  });

  it('lists an order whose own lookup failed as unconfirmed, naming the failure instead of a cause', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1), 'lookup-fails')));
    renderPage();
    const [cell] = await screen.findAllByTestId(testIds.stuck.row);
    const row = within(rowOf(cell));
    expect(row.getByTestId(testIds.stuck.unconfirmed)).toHaveTextContent('SUBMITTED?');
    expect(row.getByText(/^Current status unknown: the search of crm-api failed/)).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: 'SUBMITTED: listed 0 of 1 past SLA, 1 unconfirmed; 1 not listed' })
    ).toBeInTheDocument();
  });

  it('shows the whole cause and its evidence in the expanded row', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    renderPage();
    const [cell] = await screen.findAllByTestId(testIds.stuck.row);
    fireEvent.click(within(rowOf(cell)).getByRole('button', { name: /expand/i }));
    const details = await screen.findByTestId(testIds.stuck.details);
    expect(details).toHaveTextContent('Likely cause');
    expect(details).toHaveTextContent('Entered SUBMITTED');
    expect(within(details).getByText('Open the order').closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining(ORDER)
    );
  });

  it('falls back to trace-only mode without Prometheus, and says so', async () => {
    mockFetch.mockImplementation(fakeFetch(backend()));
    renderPage({ ...settings, prometheusDatasourceUid: undefined });
    expect(await screen.findByTestId(testIds.stuck.traceOnly)).toHaveTextContent(
      'No Prometheus datasource is configured: how many orders are past their SLA is unknown'
    );
    expect(screen.getAllByTestId(testIds.stuck.row)).toHaveLength(1);
  });

  it('falls back to trace-only mode when the order metrics are absent', async () => {
    mockFetch.mockImplementation(fakeFetch(backend('none')));
    renderPage();
    expect(await screen.findByTestId(testIds.stuck.traceOnly)).toHaveTextContent('no order metrics');
  });

  it('names Prometheus failing and still lists what the traces show', async () => {
    mockFetch.mockImplementation(fakeFetch(backend('error')));
    renderPage();
    expect(await screen.findByTestId(testIds.stuck.traceOnly)).toHaveTextContent('Prometheus did not answer');
    expect(await screen.findAllByTestId(testIds.stuck.row)).toHaveLength(1);
  });

  it('hides the trace link from a Viewer but keeps the order link', async () => {
    grant('Viewer');
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    renderPage();
    const [cell] = await screen.findAllByTestId(testIds.stuck.row);
    const row = within(rowOf(cell));
    expect(row.queryByText('Explore')).not.toBeInTheDocument();
    expect(row.getByText(ORDER).closest('a')).toBeInTheDocument();
  });

  it('filters by status and keeps the filter and the sort in the scene state (URL)', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    const stuck = renderPage();
    await screen.findAllByTestId(testIds.stuck.row);
    fireEvent.click(screen.getByText('SUBMITTED (1)'));
    expect(stuck.state.statusFilter).toBe('SUBMITTED');
    expect(stuck.getUrlState()).toEqual({ status: 'SUBMITTED', sort: undefined });
    fireEvent.click(screen.getByRole('button', { name: /Order/ }));
    await waitFor(() => expect(stuck.getUrlState()).toEqual({ status: 'SUBMITTED', sort: 'orderId:asc' }));
    stuck.updateFromUrl({ sort: 'sla:desc' });
    expect(stuck.state.sort).toEqual({ key: 'sla', direction: 'desc' });
    await waitFor(() => expect(screen.getAllByTestId(testIds.stuck.row)).toHaveLength(1));
  });

  it('says a status from the URL that the lifecycle does not have is not one, and offers every status', async () => {
    mockFetch.mockImplementation(fakeFetch(backend(metrics(1))));
    const stuck = renderPage();
    await screen.findAllByTestId(testIds.stuck.row);
    stuck.updateFromUrl({ status: 'SUBMITED"><img src=x>' });
    const said = await screen.findByTestId(testIds.stuck.unknownStatus);
    expect(said).toHaveTextContent('“SUBMITED"><img src=x>” is not a status of the order lifecycle');
    expect(said.querySelector('img')).toBeNull();
    fireEvent.click(within(said).getByText('Show every status'));
    expect(stuck.state.statusFilter).toBeNull();
    expect(await screen.findAllByTestId(testIds.stuck.row)).toHaveLength(1);
  });
});
