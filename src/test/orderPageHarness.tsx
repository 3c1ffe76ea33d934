import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { DataFrame, LoadingState, PanelPlugin, PanelPluginMeta, PluginType } from '@grafana/data';
import { setPluginImportUtils, setRunRequest } from '@grafana/runtime';
import { ACTIONS } from '../access/access';
import { OrderScene } from '../pages/Order/OrderScene';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { OrderTrackerSettings } from '../settings/types';
import { testIds } from '../utils/testIds';
import { loadRecorded, RECORDED, RecordedLookup } from '../../tests/fixtures/recorded';
import { fetcherOver } from './fakeBackend';

/**
 * The order page's test boundary: Grafana's backend (injected into the page as its fetcher), the
 * user's permissions and the datasource service. Test files mock `@grafana/runtime` with
 * `orderPageRuntime` and call `installOrderPageBoundary()`.
 */
export type FetchAnswer = (path: string) => Observable<{ data: unknown }>;

export const boundary = {
  answer: (() => NEVER) as FetchAnswer,
  requested: [] as string[],
  granted: new Set<string>(),
  /** What the trace drawer's query runner asked the Jaeger datasource for. */
  traceQueries: [] as unknown[],
  /** What the Jaeger datasource answers the trace drawer's query with. */
  traceSeries: [] as DataFrame[],
};

export const UID = 'jaeger-uid';
export const PROXY = `/api/datasources/proxy/uid/${UID}`;
// The recordings are answers of the /api/traces search: the page is told so instead of probing.
export const SETTINGS: OrderTrackerSettings = { ...DEFAULT_SETTINGS, jaegerDatasourceUid: UID, jaegerApi: 'v1' };

export const jaegerDatasource = {
  uid: UID,
  type: 'jaeger',
  meta: { id: 'jaeger' },
  getRef: () => ({ uid: UID, type: 'jaeger' }),
};

export const ROLES = {
  Viewer: [ACTIONS.ordersRead],
  Editor: [ACTIONS.ordersRead, ACTIONS.tracesRead, ACTIONS.explore],
  Admin: [ACTIONS.ordersRead, ACTIONS.tracesRead, ACTIONS.explore, ACTIONS.configWrite],
} as const;

export const ok = (data: unknown) => of({ data, status: 200, statusText: 'OK', ok: true });
export const fails = (status: number, message: string) =>
  throwError(() => ({ status, statusText: message, data: { message } }));

/** Answers like the real Jaeger did, per service and tags of the recorded requests (whatever the window or limit). */
export function replay(recorded: RecordedLookup): FetchAnswer {
  const bySearch = new Map(recorded.requests.map((request) => [searchOf(request.path), request.response]));
  return (url) =>
    ok(bySearch.get(searchOf(url.slice(PROXY.length))) ?? { data: [], total: 0, limit: 0, offset: 0, errors: null });
}

export function queryOf(path: string): URLSearchParams {
  return new URLSearchParams(path.slice(path.indexOf('?') + 1));
}

export function serviceOf(path: string): string {
  return queryOf(path).get('service') ?? '';
}

function searchOf(path: string): string {
  return `${serviceOf(path)} ${queryOf(path).get('tags') ?? ''}`;
}

export function renderOrder(orderId: string, settings: OrderTrackerSettings = SETTINGS, timeoutMs?: number) {
  const scene = new OrderScene({
    orderId,
    settings,
    timeoutMs,
    fetcherFor: fetcherOver((options) => {
      boundary.requested.push(options.url);
      return boundary.answer(options.url);
    }),
  });
  // Grafana renders apps inside its router; links in the page need one.
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return scene;
}

export async function pageState(): Promise<string | null> {
  await waitFor(() => expect(screen.getByTestId(testIds.orderPage.state)).not.toHaveAttribute('data-state', 'loading'));
  return screen.getByTestId(testIds.orderPage.state).getAttribute('data-state');
}

/** Installs Grafana's stand-ins and resets the boundary before each test. */
export function installOrderPageBoundary(): void {
  // Grafana's own traces panel is not part of the packages: a stand-in shows which span it was asked to focus.
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => {
      const plugin = new PanelPlugin<{ focusedSpanId?: string }>(({ options }) => (
        <div data-testid="traces-panel">focused span {options.focusedSpanId}</div>
      ));
      plugin.meta = {
        id,
        name: id,
        type: PluginType.panel,
        module: '',
        baseUrl: '',
        info: {} as PanelPluginMeta['info'],
        sort: 0,
      };
      return plugin;
    },
    getPanelPluginFromCache: () => undefined,
  });
  // The runner Grafana starts with: here it records the trace query instead of calling Jaeger.
  setRunRequest((_datasource, request) => {
    boundary.traceQueries.push(...request.targets);
    return of({ state: LoadingState.Done, series: boundary.traceSeries, timeRange: request.range });
  });
  beforeEach(() => {
    boundary.requested.length = 0;
    boundary.traceQueries.length = 0;
    boundary.traceSeries = [];
    boundary.granted = new Set(ROLES.Editor);
    boundary.answer = () => NEVER;
    // The recordings were made at a fixed "now"; the lookup plans its window from it.
    jest.spyOn(Date, 'now').mockReturnValue(loadRecorded(RECORDED.deadLetter).nowMs);
    // jsdom has no canvas; the swimlane paints nothing but keeps its DOM (status band, lanes, focus).
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => jest.restoreAllMocks());
}
