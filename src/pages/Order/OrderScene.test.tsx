import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CONFIG_PAGE_URL } from '../../constants';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { testIds } from '../../utils/testIds';
import { loadRecorded, RECORDED } from '../../../tests/fixtures/recorded';
import {
  boundary,
  fails,
  jaegerDatasource,
  pageState,
  PROXY,
  renderOrder,
  replay,
  ROLES,
  serviceOf,
  SETTINGS,
  installOrderPageBoundary,
} from '../../test/orderPageHarness';
import { NEVER } from 'rxjs';

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

// Grafana's EmptyState draws a large illustration that takes seconds to render in jsdom on a busy machine.
const EMPTY_STATE_TIMEOUT_MS = 30_000;

describe('order page: a found order', () => {
  it('sends exactly the recorded plan through the datasource proxy, in one wave', async () => {
    const recorded = loadRecorded(RECORDED.deadLetter);
    boundary.answer = replay(recorded);
    renderOrder(RECORDED.deadLetter);
    await screen.findByTestId(testIds.orderPage.header);
    expect(boundary.requested).toEqual(recorded.requests.map((request) => `${PROXY}${request.path}`));
  });

  it('shows status, time in status against the SLA, age, verdict and evidence in plain words', async () => {
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
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
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    renderOrder(RECORDED.deadLetter);
    const swimlane = await screen.findByTestId(testIds.swimlane.container);
    expect(
      within(swimlane)
        .getAllByTestId(testIds.swimlane.statusSegment)
        .map((segment) => segment.getAttribute('aria-label'))
    ).toEqual([
      expect.stringMatching(/^INITIATED for .*no SLA/),
      expect.stringMatching(/^SUBMITTED for .*SLA 10 min, within its SLA/),
      expect.stringMatching(/^FILE_UPLOADED for .* so far \(SLA 30 min, past its SLA\)/),
    ]);
    for (const lane of ['shop-api', 'crm-api', 'mes-api', 'crm.price-results.dlq', 's3://alexandrite-models']) {
      expect(within(swimlane).getByText(lane)).toBeInTheDocument();
    }
  });

  it('moves between bars with the keyboard and opens the focused bar with Enter', async () => {
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    renderOrder(RECORDED.deadLetter);
    const area = await screen.findByRole('application');
    act(() => area.focus());
    const first = await screen.findByTestId(testIds.swimlane.activeBar);
    expect(first).toHaveFocus();
    expect(screen.getByTestId(testIds.swimlane.tooltip)).toHaveTextContent(/shop-api/);
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await waitFor(() =>
      expect(screen.getByTestId(testIds.swimlane.activeBar).getAttribute('aria-label')).toMatch(/in crm-api/)
    );
    fireEvent.keyDown(screen.getByTestId(testIds.swimlane.activeBar), { key: 'Enter' });
    expect(await screen.findByTestId(testIds.traceDrawer.container)).toBeInTheDocument();
  });
});

describe('order page: states', () => {
  it('refuses an order id that cannot be looked up, without asking Jaeger', async () => {
    renderOrder('ALX\u0007-1');
    expect(await pageState()).toBe('invalid');
    expect(screen.getByText(/control characters/)).toBeInTheDocument();
    expect(boundary.requested).toEqual([]);
  });

  it('says which window had no traces of an unknown id and offers to widen it', async () => {
    boundary.answer = replay(loadRecorded(RECORDED.unknown));
    renderOrder(RECORDED.unknown);
    expect(await pageState()).toBe('not_found');
    expect(screen.getByText(/No traces of order ALX-2025-999999/)).toBeInTheDocument();
    expect(
      screen.getByText(/shop-api, crm-api, mes-api in the last 30 d \(2025-12-02 10:00 UTC to 2026-01-01 10:00 UTC\)/)
    ).toBeInTheDocument();
    boundary.requested.length = 0;
    fireEvent.click(screen.getByTestId(testIds.orderPage.widen));
    expect(await pageState()).toBe('not_found');
    expect(screen.getByText(/in the last 90 d/)).toBeInTheDocument();
    expect(boundary.requested).toHaveLength(3);
    expect(new URLSearchParams(boundary.requested[0].split('?')[1]).get('start')).toBe(
      String((loadRecorded(RECORDED.unknown).nowMs - 90 * 86_400_000) * 1000)
    );
    expect(screen.queryByTestId(testIds.orderPage.widen)).not.toBeInTheDocument();
  });

  it('names the service whose search failed and still shows what the others found', async () => {
    const recorded = loadRecorded(RECORDED.deadLetter);
    const real = replay(recorded);
    boundary.answer = (url) => (serviceOf(url) === 'mes-api' ? fails(502, 'Bad Gateway') : real(url));
    renderOrder(RECORDED.deadLetter);
    const partial = await screen.findByTestId(testIds.orderPage.partial);
    expect(partial).toHaveTextContent(/The search in mes-api failed: .*502/);
    expect(screen.getByTestId(testIds.orderPage.header)).toBeInTheDocument();
  });

  it('names the service whose search hit its limit', async () => {
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    renderOrder(RECORDED.deadLetter, { ...SETTINGS, orderTraceLimit: 2 });
    const partial = await screen.findByTestId(testIds.orderPage.partial);
    expect(partial).toHaveTextContent(/The search in shop-api returned its limit of 2 traces/);
  });

  it('says Jaeger is down when every search fails, and retries on request', async () => {
    boundary.answer = () => fails(502, 'Bad Gateway');
    renderOrder(RECORDED.deadLetter);
    expect(await pageState()).toBe('unavailable');
    expect(screen.getByText('Jaeger could not be reached')).toBeInTheDocument();
    expect(screen.getByText(/did not answer in time or is down \(502/)).toBeInTheDocument();
    boundary.answer = replay(loadRecorded(RECORDED.deadLetter));
    fireEvent.click(screen.getByTestId(testIds.orderPage.retry));
    expect(await screen.findByTestId(testIds.orderPage.header)).toBeInTheDocument();
  });

  it('says which search APIs it tried when Jaeger answers neither, instead of searching forever', async () => {
    boundary.answer = () => fails(404, '404 page not found');
    renderOrder(RECORDED.deadLetter, { ...SETTINGS, jaegerApi: 'auto' });
    expect(await pageState()).toBe('failed');
    expect(screen.getByText(/Jaeger answers neither search API: \/api\/v3\/traces .* nor \/api\/traces/)).toBeInTheDocument();
    expect(boundary.requested.map((url) => url.slice(PROXY.length).split('?')[0])).toEqual(['/api/v3/traces', '/api/services']);
  });

  it('stops waiting for a slow Jaeger and says so', async () => {
    boundary.answer = () => NEVER;
    renderOrder(RECORDED.deadLetter, SETTINGS, 50);
    expect(await pageState()).toBe('unavailable');
    expect(screen.getByText('Jaeger did not answer in time')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.orderPage.retry)).toBeInTheDocument();
  });

  it(
    'sends an admin to the settings when no Jaeger datasource is chosen',
    async () => {
      boundary.granted = new Set<string>(ROLES.Admin);
      renderOrder(RECORDED.deadLetter, DEFAULT_SETTINGS);
      expect(await pageState()).toBe('misconfigured');
      expect(screen.getByText(/Choose the Jaeger datasource/).closest('a')).toHaveAttribute('href', CONFIG_PAGE_URL);
      expect(boundary.requested).toEqual([]);
    },
    EMPTY_STATE_TIMEOUT_MS
  );

  it(
    'tells everyone else in plain words, without a settings link',
    async () => {
      boundary.granted = new Set<string>(ROLES.Editor);
      renderOrder(RECORDED.deadLetter, DEFAULT_SETTINGS);
      expect(await pageState()).toBe('misconfigured');
      expect(screen.getByText(/until a Grafana administrator chooses the Jaeger datasource/)).toBeInTheDocument();
      expect(screen.queryByText(/Choose the Jaeger datasource/)).not.toBeInTheDocument();
    },
    EMPTY_STATE_TIMEOUT_MS
  );
});
