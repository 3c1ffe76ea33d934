import {
  AppPlugin,
  PluginExtensionEventHelpers,
  PluginExtensionPoints,
  PluginExtensionResourceAttributesContext,
  TraceKeyValuePair,
  TraceLog,
  TraceSpanReference,
  urlUtil,
} from '@grafana/data';
import { ACTIONS } from '../access/access';
import { ORDER_LIST_PARAM, PLUGIN_BASE_URL, PLUGIN_ID, ROUTES } from '../constants';
import pluginJson from '../plugin.json';
import { listedOrderIds } from '../components/OrderSearch/OrderListScene';
import { resolveAppRoute } from '../test/appRoutes';
import { HEADER_LINK_LIMIT, ORDER_LINKS, OrderLinkDeps, orderLinks } from './orderLinks';
import { TraceHeaderContext } from './traceContext';

/**
 * A span as Grafana's trace view holds it (its `TraceSpan`: the Jaeger span plus the view's
 * bookkeeping), made of the types Grafana exports; times in µs.
 */
interface GrafanaTraceSpan {
  traceID: string;
  spanID: string;
  processID: string;
  operationName: string;
  startTime: number;
  duration: number;
  logs: TraceLog[];
  tags: Array<TraceKeyValuePair<unknown>>;
  references: TraceSpanReference[];
  warnings: string[] | null;
  flags: number;
  depth: number;
  hasChildren: boolean;
  childSpanCount: number;
  relativeStartTime: number;
  subsidiarilyReferencedBy: TraceSpanReference[];
  process: { serviceName: string; tags: Array<TraceKeyValuePair<unknown>> };
}

/** Grafana's `TraceViewPluginExtensionContext`: `{ ...trace, datasource }` as TracePageHeader builds it. */
type GrafanaTraceViewContext = TraceHeaderContext & {
  spans: GrafanaTraceSpan[];
  processes: Record<string, { serviceName: string; tags: Array<TraceKeyValuePair<unknown>> }>;
  traceName: string;
  duration: number;
  services: Array<{ name: string; numberOfSpans: number }>;
};

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const START_US = 1_767_000_000_000_000;

function span(index: number, service: string, tags: Record<string, unknown>): GrafanaTraceSpan {
  return {
    traceID: TRACE_ID,
    spanID: `00f067aa0ba902b${index}`,
    processID: `p${index}`,
    operationName: 'POST /orders/{id}/submit',
    startTime: START_US + index * 1000,
    duration: 2500,
    logs: [],
    tags: Object.entries(tags).map(([key, value]) => ({
      key,
      value,
      type: typeof value === 'number' ? 'int64' : 'string',
    })),
    references: [],
    warnings: null,
    flags: 1,
    depth: index === 0 ? 0 : 1,
    hasChildren: index === 0,
    childSpanCount: 0,
    relativeStartTime: index * 1000,
    subsidiarilyReferencedBy: [],
    process: { serviceName: service, tags: [{ key: 'telemetry.sdk.language', value: 'java' }] },
  };
}

function traceView(spans: GrafanaTraceSpan[]): GrafanaTraceViewContext {
  return {
    traceID: TRACE_ID,
    spans,
    processes: Object.fromEntries(spans.map((one) => [one.processID, one.process])),
    traceName: 'shop-api: POST /orders/{id}/submit',
    startTime: START_US,
    endTime: START_US + 10_000,
    duration: 10_000,
    services: [{ name: 'shop-api', numberOfSpans: spans.length }],
    datasource: { name: 'Jaeger', uid: 'jaeger', type: 'jaeger' },
  };
}

const oneOrder = traceView([
  span(0, 'shop-api', { 'span.kind': 'server', 'order.id': 'ALX-2026-000123', 'order.status': 'SUBMITTED' }),
  span(1, 'shop-api', { 'messaging.system': 'rabbitmq', 'order.id': 'ALX-2026-000123' }),
]);
const noOrder = traceView([span(0, 'mes-api', { 'span.kind': 'server', 'http.route': '/dashboard/orders' })]);
const twoOrders = traceView([
  span(0, 'crm-api', { 'order.id': 'ALX-2026-000123' }),
  span(1, 'crm-api', { 'order.id': 'ALX-2026-000124' }),
  span(2, 'crm-api', { 'order.id': 'ALX-2026-000123' }),
]);
const fiveOrders = traceView(
  ['ALX-1', 'ALX-2', 'ALX-3', 'ALX-4', 'ALX-5'].map((id, index) => span(index, 'mes-api', { 'order.id': id }))
);

function deps(overrides: Partial<OrderLinkDeps> = {}): OrderLinkDeps & { opened: string[] } {
  const opened: string[] = [];
  return {
    has: (action) => action === ACTIONS.ordersRead,
    orderIdKey: () => 'order.id',
    appSubUrl: () => '',
    open: (url) => opened.push(url),
    opened,
    ...overrides,
  };
}

function helpers<T extends object>(context: T, extensionPointId: string): PluginExtensionEventHelpers<T> {
  return {
    context,
    extensionPointId,
    openModal: jest.fn(),
    openSidebar: jest.fn(),
    closeSidebar: jest.fn(),
    toggleSidebar: jest.fn(),
  };
}

/** What the trace view header shows for a trace: each visible link's title and the URL its click opens. */
function headerLinks(context: GrafanaTraceViewContext, options: Partial<OrderLinkDeps> = {}) {
  const d = deps(options);
  const links = orderLinks(d);
  return [links.traceHeader, links.traceHeaderMore].flatMap((link) => {
    const shown = link.configure?.(context);
    if (!shown) {
      return [];
    }
    link.onClick?.(undefined, helpers(context, PluginExtensionPoints.TraceViewHeaderActions));
    return [{ title: shown.title ?? link.title, path: shown.path, opened: d.opened.splice(0) }];
  });
}

describe('trace view header: from a trace to its order', () => {
  it('offers the order of a trace with one order, opening its page', () => {
    const [link, ...others] = headerLinks(oneOrder);
    expect(others).toEqual([]);
    expect(link.title).toBe('Open order ALX-2026-000123 in Order Tracker');
    // No path: Grafana's header would window.open it without the sub-path.
    expect(link.path).toBeUndefined();
    expect(link.opened).toEqual([`${PLUGIN_BASE_URL}/${ROUTES.Orders}/ALX-2026-000123`]);
    expect(resolveAppRoute(link.opened[0])).toMatchObject({
      orderId: 'ALX-2026-000123',
      title: 'Order ALX-2026-000123',
    });
  });

  it('keeps Grafana served under a sub-path', () => {
    const [link] = headerLinks(oneOrder, { appSubUrl: () => '/grafana' });
    expect(link.opened).toEqual([`/grafana${PLUGIN_BASE_URL}/${ROUTES.Orders}/ALX-2026-000123`]);
    expect(resolveAppRoute(link.opened[0], '/grafana')?.orderId).toBe('ALX-2026-000123');
  });

  it('offers both orders of a trace with two, one link each (Grafana shows two per plugin)', () => {
    const links = headerLinks(twoOrders);
    expect(links).toHaveLength(HEADER_LINK_LIMIT);
    expect(links.map((link) => link.title)).toEqual([
      'Open order ALX-2026-000123 in Order Tracker',
      'Open order ALX-2026-000124 in Order Tracker',
    ]);
    expect(links.map((link) => resolveAppRoute(link.opened[0])?.orderId)).toEqual([
      'ALX-2026-000123',
      'ALX-2026-000124',
    ]);
  });

  it('offers the first order and the find page listing all of them when there are more than two', () => {
    const [first, all] = headerLinks(fiveOrders);
    expect(first.title).toBe('Open order ALX-1 in Order Tracker');
    expect(all.title).toBe('Open all 5 orders of this trace in Order Tracker');
    const route = resolveAppRoute(all.opened[0]);
    expect(route).toMatchObject({ pageUrl: `${PLUGIN_BASE_URL}/${ROUTES.Orders}`, title: 'Find an order' });
    // The find page's list reads exactly these ids from the URL.
    expect(listedOrderIds(route?.query.getAll(ORDER_LIST_PARAM))).toEqual([
      'ALX-1',
      'ALX-2',
      'ALX-3',
      'ALX-4',
      'ALX-5',
    ]);
  });

  it('hides both links for a trace without an order id', () => {
    expect(headerLinks(noOrder)).toEqual([]);
    expect(orderLinks(deps()).traceHeader.configure?.(undefined)).toBeUndefined();
  });

  it('hides both links from a user without the Orders reader role, and a click does nothing', () => {
    const d = deps({ has: () => false });
    const links = orderLinks(d);
    expect(links.traceHeader.configure?.(oneOrder)).toBeUndefined();
    expect(links.traceHeaderMore.configure?.(twoOrders)).toBeUndefined();
    links.traceHeader.onClick?.(
      undefined,
      helpers<TraceHeaderContext>(oneOrder, PluginExtensionPoints.TraceViewHeaderActions)
    );
    expect(d.opened).toEqual([]);
  });

  it('looks for the order id under the key the settings name', () => {
    const renamed = traceView([span(0, 'shop-api', { 'shop.order_id': 'B-77', 'order.id': 'not-this-one' })]);
    const [link] = headerLinks(renamed, { orderIdKey: () => 'shop.order_id' });
    expect(link.title).toBe('Open order B-77 in Order Tracker');
  });

  it('encodes ids so that any id reaches its own page', () => {
    const odd = traceView([
      span(0, 'shop-api', { 'order.id': 'ALX/2026 #7?x=1' }),
      span(1, 'shop-api', { 'order.id': 42 }),
    ]);
    const links = headerLinks(odd);
    expect(links.map((link) => resolveAppRoute(link.opened[0])?.orderId)).toEqual(['ALX/2026 #7?x=1', '42']);
  });

  it('answers synchronously', () => {
    const shown = orderLinks(deps()).traceHeader.configure?.(oneOrder);
    expect(shown).not.toBeInstanceOf(Promise);
  });
});

/** Grafana 12.4's context for the attribute rows of one span (span and resource attributes). */
function attributeRow(
  spanAttributes: Record<string, string[]>,
  attributes: Record<string, string[]> = {}
): PluginExtensionResourceAttributesContext {
  return {
    attributes: { 'service.name': ['crm-api'], ...attributes },
    spanAttributes,
    timeRange: { from: 1_767_000_000_000, to: 1_767_000_600_000 },
    datasource: { type: 'jaeger', uid: 'jaeger' },
    traceID: TRACE_ID,
    spanID: '00f067aa0ba902b7',
  };
}

/** What Grafana makes of a configured path: it appends its tracking parameters. */
function trackedPath(path: string): string {
  return urlUtil.appendQueryToUrl(
    path,
    urlUtil.toUrlParams({ uel_pid: PLUGIN_ID, uel_epid: PluginExtensionPoints.TraceViewResourceAttributes })
  );
}

describe('span attribute row: from an order id to its page', () => {
  it('turns the order id row of a span into a link to the order page', () => {
    const link = orderLinks(deps()).attributeRow;
    const shown = link.configure?.(attributeRow({ 'order.id': ['ALX-2026-000123'], 'order.status': ['SUBMITTED'] }));
    expect(shown).toEqual({ path: `${PLUGIN_BASE_URL}/${ROUTES.Orders}/ALX-2026-000123`, category: 'order.id' });
    const route = resolveAppRoute(trackedPath(shown?.path ?? ''));
    expect(route?.orderId).toBe('ALX-2026-000123');
    expect(route?.query.get('uel_pid')).toBe(PLUGIN_ID);
  });

  it('shows on the row named by the settings', () => {
    const link = orderLinks(deps({ orderIdKey: () => 'shop.order_id' })).attributeRow;
    expect(link.configure?.(attributeRow({ 'shop.order_id': ['B-77'] }))).toMatchObject({ category: 'shop.order_id' });
    expect(link.configure?.(attributeRow({ 'order.id': ['B-77'] }))).toBeUndefined();
  });

  it('reads a resource attribute where Grafana 12.1 passes only those', () => {
    const link = orderLinks(deps()).attributeRow;
    const grafana121 = { attributes: { 'order.id': ['ALX-9'] }, datasource: { type: 'jaeger', uid: 'jaeger' } };
    expect(link.configure?.(grafana121)?.path).toBe(`${PLUGIN_BASE_URL}/${ROUTES.Orders}/ALX-9`);
    expect(link.configure?.({ attributes: {}, datasource: grafana121.datasource })).toBeUndefined();
  });

  it('hides the link for a span without an order id and for a user without the role', () => {
    expect(orderLinks(deps()).attributeRow.configure?.(attributeRow({ 'http.route': ['/orders'] }))).toBeUndefined();
    const withoutRole = orderLinks(deps({ has: () => false })).attributeRow;
    expect(withoutRole.configure?.(attributeRow({ 'order.id': ['ALX-2026-000123'] }))).toBeUndefined();
  });
});

describe('the links as Grafana registers them', () => {
  const links = orderLinks(deps());
  const registered = [links.traceHeader, links.traceHeaderMore, links.attributeRow];

  it('are all declared in plugin.json with the same title, description and targets', () => {
    const declared = pluginJson.extensions.addedLinks;
    expect(declared).toHaveLength(registered.length);
    for (const link of registered) {
      expect(declared).toContainEqual({ title: link.title, description: link.description, targets: link.targets });
    }
    expect(
      Object.values(ORDER_LINKS)
        .map((meta) => meta.title)
        .sort()
    ).toEqual(declared.map((meta) => meta.title).sort());
  });

  it('pass the checks Grafana makes when it registers them', () => {
    const plugin = new AppPlugin()
      .addLink(links.traceHeader)
      .addLink(links.traceHeaderMore)
      .addLink(links.attributeRow);
    expect(plugin.addedLinkConfigs).toHaveLength(3);
    for (const link of plugin.addedLinkConfigs) {
      // Either a path into this app or a click handler, as Grafana requires.
      expect(link.path === undefined ? typeof link.onClick : link.path.startsWith(`/a/${PLUGIN_ID}/`)).toBeTruthy();
    }
    expect(links.attributeRow.category).toBe('order.id');
  });
});
