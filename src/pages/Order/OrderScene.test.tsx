import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { LoadingState, PanelPlugin, PanelPluginMeta, PluginType } from '@grafana/data';
import { setPluginImportUtils, setRunRequest } from '@grafana/runtime';
import { ACTIONS } from '../../access/access';
import { CONFIG_PAGE_URL } from '../../constants';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { OrderTrackerSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { loadRecorded, RECORDED, RecordedLookup } from '../../../tests/fixtures/recorded';
import { OrderScene } from './OrderScene';

// The boundary: Grafana's backend (datasource proxy), the user's permissions and the boot config.
type FetchAnswer = (path: string) => Observable<unknown>;
let answer: FetchAnswer = () => NEVER;
const requested: string[] = [];
let granted = new Set<string>();
/** What the trace drawer's query runner asked the Jaeger datasource for. */
const traceQueries: unknown[] = [];
const jaegerDatasource = {
  uid: 'jaeger-uid',
  type: 'jaeger',
  meta: { id: 'jaeger' },
  getRef: () => ({ uid: 'jaeger-uid', type: 'jaeger' }),
};
// Grafana's own traces panel is not part of the packages: a stand-in shows which span it was asked to focus.
setPluginImportUtils({
  importPanelPlugin: async (id: string) => {
    const plugin = new PanelPlugin<{ focusedSpanId?: string }>(({ options }) => (
      <div data-testid="traces-panel">focused span {options.focusedSpanId}</div>
    ));
    plugin.meta = { id, name: id, type: PluginType.panel, module: '', baseUrl: '', info: {} as PanelPluginMeta['info'], sort: 0 };
    return plugin;
  },
  getPanelPluginFromCache: () => undefined,
});
// The runner Grafana starts with: here it records the trace query instead of calling Jaeger.
setRunRequest((_datasource, request) => {
  traceQueries.push(...request.targets);
  return of({ state: LoadingState.Done, series: [], timeRange: request.range });
});

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({
    fetch: (options: { url: string }) => {
      requested.push(options.url);
      return answer(options.url);
    },
  }),
  hasPermission: (action: string) => granted.has(action),
  getDataSourceSrv: () => ({
    get: async () => jaegerDatasource,
    getInstanceSettings: () => ({ uid: 'jaeger-uid', type: 'jaeger', name: 'Jaeger', meta: { id: 'jaeger' } }),
  }),
  config: { ...jest.requireActual('@grafana/runtime').config, appSubUrl: '' },
}));

const UID = 'jaeger-uid';
const PROXY = `/api/datasources/proxy/uid/${UID}`;
const SETTINGS: OrderTrackerSettings = { ...DEFAULT_SETTINGS, jaegerDatasourceUid: UID };

const ROLES = {
  Viewer: [ACTIONS.ordersRead],
  Editor: [ACTIONS.ordersRead, ACTIONS.tracesRead, ACTIONS.explore],
  Admin: [ACTIONS.ordersRead, ACTIONS.tracesRead, ACTIONS.explore, ACTIONS.configWrite],
} as const;

const ok = (data: unknown) => of({ data, status: 200, statusText: 'OK', ok: true });
const fails = (status: number, message: string) => throwError(() => ({ status, statusText: message, data: { message } }));

/** Answers like the real Jaeger did, per service and tags of the recorded requests (whatever the window or limit). */
function replay(recorded: RecordedLookup): FetchAnswer {
  const bySearch = new Map(recorded.requests.map((request) => [searchOf(request.path), request.response]));
  return (url) => ok(bySearch.get(searchOf(url.slice(PROXY.length))) ?? { data: [], total: 0, limit: 0, offset: 0, errors: null });
}

function queryOf(path: string): URLSearchParams {
  return new URLSearchParams(path.slice(path.indexOf('?') + 1));
}

function serviceOf(path: string): string {
  return queryOf(path).get('service') ?? '';
}

function searchOf(path: string): string {
  return `${serviceOf(path)} ${queryOf(path).get('tags') ?? ''}`;
}

function renderOrder(orderId: string, settings: OrderTrackerSettings = SETTINGS, timeoutMs?: number) {
  const scene = new OrderScene({ orderId, settings, timeoutMs });
  // Grafana renders apps inside its router; links in the page need one.
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return scene;
}

async function pageState(): Promise<string | null> {
  await waitFor(() => expect(screen.getByTestId(testIds.orderPage.state)).not.toHaveAttribute('data-state', 'loading'));
  return screen.getByTestId(testIds.orderPage.state).getAttribute('data-state');
}

beforeEach(() => {
  requested.length = 0;
  traceQueries.length = 0;
  granted = new Set(ROLES.Editor);
  // The recordings were made at a fixed "now"; the lookup plans its window from it.
  jest.spyOn(Date, 'now').mockReturnValue(loadRecorded(RECORDED.deadLetter).nowMs);
  // jsdom has no canvas; the swimlane paints nothing but keeps its DOM (status band, lanes, focus).
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => jest.restoreAllMocks());

describe('order page: a found order', () => {
  it('sends exactly the recorded plan through the datasource proxy, in one wave', async () => {
    const recorded = loadRecorded(RECORDED.deadLetter);
    answer = replay(recorded);
    renderOrder(RECORDED.deadLetter);
    await screen.findByTestId(testIds.orderPage.header);
    expect(requested).toEqual(recorded.requests.map((request) => `${PROXY}${request.path}`));
  });

  it('shows status, time in status against the SLA, age, verdict and evidence in plain words', async () => {
    answer = replay(loadRecorded(RECORDED.deadLetter));
    renderOrder(RECORDED.deadLetter);
    const header = await screen.findByTestId(testIds.orderPage.header);
    expect(within(header).getByText('FILE_UPLOADED')).toBeInTheDocument();
    expect(within(header).getByText('Stuck')).toBeInTheDocument();
    expect(within(header).getByText(/of 30 min SLA/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.orderPage.verdict)).toHaveTextContent(
      /Stuck in FILE_UPLOADED for .* \(SLA 30 min\): the message was dead-lettered to crm\.price-results\.dlq/
    );
    const evidence = screen.getAllByTestId(testIds.orderPage.evidence);
    expect(evidence.map((item) => item.textContent).join('\n')).toMatch(/dead-lettered/);
    expect(screen.queryByTestId(testIds.orderPage.partial)).not.toBeInTheDocument();
  });

  it('draws the swimlane: a status segment per stay, a lane per service, queue and storage', async () => {
    answer = replay(loadRecorded(RECORDED.deadLetter));
    renderOrder(RECORDED.deadLetter);
    const swimlane = await screen.findByTestId(testIds.swimlane.container);
    expect(within(swimlane).getAllByTestId(testIds.swimlane.statusSegment).map((segment) => segment.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/^INITIATED for .*no SLA/),
      expect.stringMatching(/^SUBMITTED for .*SLA 10 min, within its SLA/),
      expect.stringMatching(/^FILE_UPLOADED for .* so far \(SLA 30 min, past its SLA\)/),
    ]);
    for (const lane of ['shop-api', 'crm-api', 'mes-api', 'crm.price-results.dlq', 's3://alexandrite-models']) {
      expect(within(swimlane).getByText(lane)).toBeInTheDocument();
    }
  });

  it('moves between bars with the keyboard and opens the focused bar with Enter', async () => {
    answer = replay(loadRecorded(RECORDED.deadLetter));
    renderOrder(RECORDED.deadLetter);
    const area = await screen.findByRole('application');
    act(() => area.focus());
    const first = await screen.findByTestId(testIds.swimlane.activeBar);
    expect(first).toHaveFocus();
    expect(screen.getByTestId(testIds.swimlane.tooltip)).toHaveTextContent(/shop-api/);
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByTestId(testIds.swimlane.activeBar).getAttribute('aria-label')).toMatch(/in crm-api/));
    fireEvent.keyDown(screen.getByTestId(testIds.swimlane.activeBar), { key: 'Enter' });
    expect(await screen.findByTestId(testIds.traceDrawer.container)).toBeInTheDocument();
  });
});

describe('order page: a stuck order nothing of its own explains', () => {
  const isErrorSearch = (url: string) => queryOf(url).get('tags') === JSON.stringify({ error: 'true' });

  it('asks once more, for failed requests without an order id of the service it waits for, and names them', async () => {
    const recorded = loadRecorded(RECORDED.operatorNeverPicksUp);
    jest.spyOn(Date, 'now').mockReturnValue(recorded.nowMs);
    answer = replay(recorded);
    renderOrder(RECORDED.operatorNeverPicksUp);
    await screen.findByTestId(testIds.orderPage.header);
    expect(requested).toEqual(recorded.requests.map((request) => `${PROXY}${request.path}`));
    expect(requested.filter(isErrorSearch).map(serviceOf)).toEqual(['mes-api']);
    expect(screen.getByTestId(testIds.orderPage.verdict)).toHaveTextContent(
      /Stuck in MANUFACTURING_APPROVED for .* \(SLA 4 h\): mes-api failed \d+ requests? without an order id while the order waited for MANUFACTURING_STARTED: GET \/dashboard\/orders ×\d+ .*Related by time only\./
    );
    const item = screen.getAllByTestId(testIds.orderPage.evidence).find((element) => /without an order id/.test(element.textContent ?? ''));
    expect(item).toBeDefined();
    // The failed request opens like any other evidence.
    expect(within(item as HTMLElement).getByTestId(testIds.orderPage.exploreLink)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.orderPage.partial)).not.toBeInTheDocument();
  });

  it('still shows the order when that search fails, and says which search it was', async () => {
    const recorded = loadRecorded(RECORDED.operatorNeverPicksUp);
    jest.spyOn(Date, 'now').mockReturnValue(recorded.nowMs);
    const real = replay(recorded);
    answer = (url) => (isErrorSearch(url) ? fails(502, 'Bad Gateway') : real(url));
    renderOrder(RECORDED.operatorNeverPicksUp);
    const partial = await screen.findByTestId(testIds.orderPage.partial);
    expect(partial).toHaveTextContent(/The search in mes-api for failed requests without an order id failed: .*502/);
    expect(screen.getByTestId(testIds.orderPage.verdict)).toHaveTextContent(
      /no span explains it; MANUFACTURING_STARTED was expected from mes-api\./
    );
  });
});

describe('order page: roles decide the drill-down links', () => {
  it.each([
    ['Viewer', ROLES.Viewer, { drawer: false, explore: false }],
    ['Editor', ROLES.Editor, { drawer: true, explore: true }],
    ['Editor without Explore', [ACTIONS.ordersRead, ACTIONS.tracesRead], { drawer: true, explore: false }],
    ['Admin', ROLES.Admin, { drawer: true, explore: true }],
  ] as const)('%s', async (_role, actions, expected) => {
    granted = new Set<string>(actions);
    answer = replay(loadRecorded(RECORDED.deadLetter));
    const scene = renderOrder(RECORDED.deadLetter);
    await screen.findByTestId(testIds.orderPage.header);
    const openButtons = screen.queryAllByTestId(testIds.orderPage.openTrace);
    const exploreLinks = screen.queryAllByTestId(testIds.orderPage.exploreLink);
    expect(openButtons.length > 0).toBe(expected.drawer);
    expect(exploreLinks.length > 0).toBe(expected.explore);
    // Status segments are buttons only for those who may open traces.
    const segment = screen.getAllByTestId(testIds.swimlane.statusSegment)[0];
    expect(segment.tagName).toBe(expected.drawer ? 'BUTTON' : 'DIV');
    if (expected.explore) {
      const href = exploreLinks[0].getAttribute('href') ?? '';
      expect(href).toMatch(/^\/explore\?/);
      expect(decodeURIComponent(href)).toContain(`"uid":"${UID}"`);
    }
    if (expected.drawer) {
      fireEvent.click(openButtons[0]);
      const drawer = await screen.findByTestId(testIds.traceDrawer.container);
      expect(within(drawer).queryAllByTestId(testIds.orderPage.exploreLink).length > 0).toBe(expected.explore);
      // Grafana's trace view is fed by the Jaeger datasource with a query by trace id.
      await waitFor(() => expect(traceQueries).toEqual([expect.objectContaining({ refId: 'A', query: expect.stringMatching(/^[0-9a-f]{32}$/) })]));
      // Grafana's traces panel, focused on the span the link came from (jsdom gives the panel no size, so it is not drawn).
      expect(drawer.querySelector('[data-plugin-id="traces"]')).not.toBeNull();
      const target = scene.state.drawer?.state.target;
      expect(scene.state.drawer?.state.panel.state.options.focusedSpanId).toBe(target?.spanId);
      expect(traceQueries).toEqual([expect.objectContaining({ query: target?.traceId })]);
    } else {
      // Even a bar focused from the keyboard opens nothing.
      const area = screen.getByRole('application');
      act(() => area.focus());
      fireEvent.keyDown(await screen.findByTestId(testIds.swimlane.activeBar), { key: 'Enter' });
      expect(screen.queryByTestId(testIds.traceDrawer.container)).not.toBeInTheDocument();
    }
  });
});

describe('order page: states', () => {
  it('refuses an order id that cannot be looked up, without asking Jaeger', async () => {
    renderOrder('ALX\u0007-1');
    expect(await pageState()).toBe('invalid');
    expect(screen.getByText(/control characters/)).toBeInTheDocument();
    expect(requested).toEqual([]);
  });

  it('says which window had no traces of an unknown id and offers to widen it', async () => {
    answer = replay(loadRecorded(RECORDED.unknown));
    renderOrder(RECORDED.unknown);
    expect(await pageState()).toBe('not_found');
    expect(screen.getByText(/No traces of order ALX-2025-999999/)).toBeInTheDocument();
    expect(screen.getByText(/shop-api, crm-api, mes-api in the last 30 d \(2025-12-02 10:00 UTC to 2026-01-01 10:00 UTC\)/)).toBeInTheDocument();
    requested.length = 0;
    fireEvent.click(screen.getByTestId(testIds.orderPage.widen));
    expect(await pageState()).toBe('not_found');
    expect(screen.getByText(/in the last 90 d/)).toBeInTheDocument();
    expect(requested).toHaveLength(3);
    expect(new URLSearchParams(requested[0].split('?')[1]).get('start')).toBe(String((loadRecorded(RECORDED.unknown).nowMs - 90 * 86_400_000) * 1000));
    expect(screen.queryByTestId(testIds.orderPage.widen)).not.toBeInTheDocument();
  });

  it('names the service whose search failed and still shows what the others found', async () => {
    const recorded = loadRecorded(RECORDED.deadLetter);
    const real = replay(recorded);
    answer = (url) => (serviceOf(url) === 'mes-api' ? fails(502, 'Bad Gateway') : real(url));
    renderOrder(RECORDED.deadLetter);
    const partial = await screen.findByTestId(testIds.orderPage.partial);
    expect(partial).toHaveTextContent(/The search in mes-api failed: .*502/);
    expect(screen.getByTestId(testIds.orderPage.header)).toBeInTheDocument();
  });

  it('names the service whose search hit its limit', async () => {
    answer = replay(loadRecorded(RECORDED.deadLetter));
    renderOrder(RECORDED.deadLetter, { ...SETTINGS, orderTraceLimit: 2 });
    const partial = await screen.findByTestId(testIds.orderPage.partial);
    expect(partial).toHaveTextContent(/The search in shop-api returned its limit of 2 traces/);
  });

  it('says Jaeger is down when every search fails, and retries on request', async () => {
    answer = () => fails(502, 'Bad Gateway');
    renderOrder(RECORDED.deadLetter);
    expect(await pageState()).toBe('unavailable');
    expect(screen.getByText('Jaeger could not be reached')).toBeInTheDocument();
    expect(screen.getByText(/did not answer in time or is down \(502/)).toBeInTheDocument();
    answer = replay(loadRecorded(RECORDED.deadLetter));
    fireEvent.click(screen.getByTestId(testIds.orderPage.retry));
    expect(await screen.findByTestId(testIds.orderPage.header)).toBeInTheDocument();
  });

  it('stops waiting for a slow Jaeger and says so', async () => {
    answer = () => NEVER;
    renderOrder(RECORDED.deadLetter, SETTINGS, 50);
    expect(await pageState()).toBe('unavailable');
    expect(screen.getByText('Jaeger did not answer in time')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.orderPage.retry)).toBeInTheDocument();
  });

  it('sends an admin to the settings when no Jaeger datasource is chosen', async () => {
    granted = new Set<string>(ROLES.Admin);
    renderOrder(RECORDED.deadLetter, DEFAULT_SETTINGS);
    expect(await pageState()).toBe('misconfigured');
    expect(screen.getByRole('link', { name: /Choose the Jaeger datasource/ })).toHaveAttribute('href', CONFIG_PAGE_URL);
    expect(requested).toEqual([]);
  });

  it('tells everyone else in plain words, without a settings link', async () => {
    granted = new Set<string>(ROLES.Editor);
    renderOrder(RECORDED.deadLetter, DEFAULT_SETTINGS);
    expect(await pageState()).toBe('misconfigured');
    expect(screen.getByText(/until a Grafana administrator chooses the Jaeger datasource/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Choose the Jaeger datasource/ })).not.toBeInTheDocument();
  });
});
