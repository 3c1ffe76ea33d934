import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createDataFrame } from '@grafana/data';
import { ACTIONS } from '../../access/access';
import { testIds } from '../../utils/testIds';
import { loadRecorded, RECORDED } from '../../../tests/fixtures/recorded';
import {
  boundary,
  fails,
  jaegerDatasource,
  PROXY,
  queryOf,
  renderOrder,
  replay,
  ROLES,
  serviceOf,
  UID,
  installOrderPageBoundary,
} from '../../test/orderPageHarness';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: (action: string) => boundary.granted.has(action),
  getDataSourceSrv: () => ({
    get: async () => jaegerDatasource,
    getInstanceSettings: () => ({ uid: 'jaeger-uid', type: 'jaeger', name: 'Jaeger', meta: { id: 'jaeger' } }),
  }),
  config: { ...jest.requireActual('@grafana/runtime').config, appSubUrl: '' },
}));

installOrderPageBoundary();

describe('order page: a stuck order nothing of its own explains', () => {
  const isErrorSearch = (url: string) => queryOf(url).get('tags') === JSON.stringify({ error: 'true' });

  it('asks once more, for failed requests without an order id of the service it waits for, and names them', async () => {
    const recorded = loadRecorded(RECORDED.operatorNeverPicksUp);
    jest.spyOn(Date, 'now').mockReturnValue(recorded.nowMs);
    boundary.answer = replay(recorded);
    renderOrder(RECORDED.operatorNeverPicksUp);
    await screen.findByTestId(testIds.orderPage.header);
    expect(boundary.requested).toEqual(recorded.requests.map((request) => `${PROXY}${request.path}`));
    expect(boundary.requested.filter(isErrorSearch).map(serviceOf)).toEqual(['mes-api']);
    expect(screen.getByTestId(testIds.orderPage.verdict)).toHaveTextContent(
      /Stuck in MANUFACTURING_APPROVED for .* \(SLA 4 h\): mes-api failed \d+ requests? without an order id while the order waited for MANUFACTURING_STARTED: GET \/dashboard\/orders ×\d+ .*Related by time only\./
    );
    const item = screen
      .getAllByTestId(testIds.orderPage.evidence)
      .find((element) => /without an order id/.test(element.textContent ?? ''));
    expect(item).toBeDefined();
    // The failed request opens like any other evidence.
    expect(within(item as HTMLElement).getByTestId(testIds.orderPage.exploreLink)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.orderPage.partial)).not.toBeInTheDocument();
  });

  it('still shows the order when that search fails, and says which search it was', async () => {
    const recorded = loadRecorded(RECORDED.operatorNeverPicksUp);
    jest.spyOn(Date, 'now').mockReturnValue(recorded.nowMs);
    const real = replay(recorded);
    boundary.answer = (url) => (isErrorSearch(url) ? fails(502, 'Bad Gateway') : real(url));
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
    boundary.granted = new Set<string>(actions);
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
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
      await waitFor(() =>
        expect(boundary.traceQueries).toEqual([
          expect.objectContaining({ refId: 'A', query: expect.stringMatching(/^[0-9a-f]{32}$/) }),
        ])
      );
      // Grafana's traces panel, focused on the span the link came from (jsdom gives the panel no size, so it is not drawn).
      expect(drawer.querySelector('[data-plugin-id="traces"]')).not.toBeNull();
      const target = scene.state.drawer?.state.target;
      expect(scene.state.drawer?.state.panel.state.options.focusedSpanId).toBe(target?.spanId);
      expect(boundary.traceQueries).toEqual([expect.objectContaining({ query: target?.traceId })]);
    } else {
      // Even a bar focused from the keyboard opens nothing.
      const area = screen.getByRole('application');
      act(() => area.focus());
      fireEvent.keyDown(await screen.findByTestId(testIds.swimlane.activeBar), { key: 'Enter' });
      expect(screen.queryByTestId(testIds.traceDrawer.container)).not.toBeInTheDocument();
    }
  });
});

describe('order page: the trace drawer', () => {
  it('hands Grafana\'s trace view the trace with personal data masked, ids and times untouched', async () => {
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    const traceId = 'ab'.repeat(16);
    boundary.traceSeries = [
      createDataFrame({
        fields: [
          { name: 'traceID', values: [traceId] },
          { name: 'spanID', values: ['12'.repeat(8)] },
          { name: 'operationName', values: ['GET /customers/jane.roe@example.com'] },
          { name: 'serviceName', values: ['crm-api'] },
          { name: 'startTime', values: [1_764_000_000_000] },
          { name: 'duration', values: [12] },
          {
            name: 'tags',
            values: [
              [
                { key: 'order.id', value: 'ALX-2026-000123' },
                { key: 'customer.name', value: 'Jane Roe' },
              ],
            ],
          },
          {
            name: 'logs',
            values: [[{ timestamp: 1_764_000_000_005, fields: [{ key: 'exception.message', value: 'Jane Roe: card 4111 1111 1111 1111 declined' }] }]],
          },
        ],
      }),
    ];
    const scene = renderOrder(RECORDED.deadLetter);
    await screen.findByTestId(testIds.orderPage.header);
    fireEvent.click(screen.getAllByTestId(testIds.orderPage.openTrace)[0]);
    await screen.findByTestId(testIds.traceDrawer.container);
    const data = scene.state.drawer?.state.panel.state.$data;
    await waitFor(() => expect(data?.state.data?.series).toHaveLength(1));
    const shown = JSON.stringify(data?.state.data?.series);
    for (const leak of ['jane.roe@example.com', 'Jane Roe', '4111 1111 1111 1111']) {
      expect(shown).not.toContain(leak);
    }
    expect(shown).toContain(traceId);
    expect(shown).toContain('ALX-2026-000123');
    expect(shown).toContain('[an e-mail address]');
  });
});

describe('order page: what a Viewer is told instead of shown', () => {
  it('says which role opens the trace of a shared link, instead of ignoring it', async () => {
    boundary.granted = new Set<string>(ROLES.Viewer);
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    const scene = renderOrder(RECORDED.deadLetter);
    act(() => scene.updateFromUrl({ trace: 'a'.repeat(32), span: 'b'.repeat(16) }));
    await screen.findByTestId(testIds.orderPage.header);
    const denied = await screen.findByTestId(testIds.orderPage.deniedTrace);
    expect(denied).toHaveTextContent('Raw traces need the Order Tracker Traces reader role (granted to Editor)');
    expect(screen.queryByTestId(testIds.traceDrawer.container)).not.toBeInTheDocument();
  });

  it('shows a Viewer no trace or span ids in the notes or the bar tooltips', async () => {
    boundary.granted = new Set<string>(ROLES.Viewer);
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    const scene = renderOrder(RECORDED.deadLetter);
    await screen.findByTestId(testIds.orderPage.header);
    const ids = (scene.state.result?.kind === 'found' ? scene.state.result.timeline.spans : []).flatMap((span) => [
      span.traceId,
      span.spanId,
    ]);
    expect(ids.length).toBeGreaterThan(0);
    const area = screen.getByRole('application');
    act(() => area.focus());
    await screen.findByTestId(testIds.swimlane.activeBar);
    const text = document.body.textContent ?? '';
    for (const id of ids) {
      expect(text).not.toContain(id.slice(0, 8));
    }
  });

  it('bounds the look-back window of a shared URL by the 90-day limit of the settings', async () => {
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    const scene = renderOrder(RECORDED.deadLetter);
    act(() => scene.updateFromUrl({ lookback: String(10 * 365 * 86_400) }));
    expect(scene.state.lookbackSeconds).toBe(90 * 86_400);
    await screen.findByTestId(testIds.orderPage.header);
    const windows = boundary.requested.map((url) => {
      const query = new URLSearchParams(url.split('?')[1]);
      return (Number(query.get('end')) - Number(query.get('start'))) / 1e6;
    });
    expect(Math.max(...windows)).toBeLessThanOrEqual(90 * 86_400);
  });
});
