import {
  PluginExtensionPoints,
  type PluginExtensionAddedLinkConfig,
  type PluginExtensionEventHelpers,
} from '@grafana/data';
import { isAllowed, PermissionCheck } from '../access/access';
import { MAX_LISTED_ORDERS, ROUTES, orderListUrl, orderPageUrl } from '../constants';
import { prefixRoute } from '../utils/routing';
import { AttributeRowContext, TraceHeaderContext, orderIdOfSpan, orderIdsInTrace } from './traceContext';

/**
 * The links Order Tracker adds to Grafana's own views. Title, description and targets are also
 * declared in plugin.json (`extensions.addedLinks`): Grafana loads the app's code for an extension
 * point only when the declaration is there, and refuses links whose declaration differs.
 */
export const ORDER_LINKS = {
  traceHeader: {
    title: 'Open order in Order Tracker',
    description: "Open the order this trace belongs to in Order Tracker: the order's whole life, status and SLA.",
    targets: [PluginExtensionPoints.TraceViewHeaderActions],
  },
  traceHeaderMore: {
    title: 'Open the other orders of this trace in Order Tracker',
    description: 'A trace that touched several orders: the second order, or the list of all of them.',
    targets: [PluginExtensionPoints.TraceViewHeaderActions],
  },
  attributeRow: {
    title: 'Open this order in Order Tracker',
    description: 'Open the order named by this attribute in Order Tracker.',
    targets: [PluginExtensionPoints.TraceViewResourceAttributes],
  },
} as const;

/** Grafana shows at most this many header links of one plugin (`limitPerPlugin: 2`). */
export const HEADER_LINK_LIMIT = 2;
const TITLE_ID_LENGTH = 32;

/** What the links need from Grafana, injected so tests can stand in for it. */
export interface OrderLinkDeps {
  /** The user's permissions (Grafana's `hasPermission`). */
  has: PermissionCheck;
  /** The order id attribute key of the app's settings (`order.id` until the settings arrive). */
  orderIdKey: () => string;
  /** Grafana's sub-path (`config.appSubUrl`), '' when Grafana is served from the root. */
  appSubUrl: () => string;
  /** Opens a URL in a new tab. */
  open: (url: string) => void;
}

function shortId(orderId: string): string {
  return orderId.length > TITLE_ID_LENGTH ? `${orderId.slice(0, TITLE_ID_LENGTH - 1)}…` : orderId;
}

/** One header link: where it leads (an app path) and what its button says. */
export interface HeaderLinkTarget {
  path: string;
  title: string;
}

/**
 * The header links for a trace's orders, within Grafana's limit of two per plugin: one order → its
 * page; two → both pages; more → the first order's page and the find page listing them all.
 */
export function traceHeaderTargets(orderIds: string[]): HeaderLinkTarget[] {
  const [first, second] = orderIds;
  if (first === undefined) {
    return [];
  }
  const targets: HeaderLinkTarget[] = [
    { path: orderPageUrl(first), title: `Open order ${shortId(first)} in Order Tracker` },
  ];
  if (orderIds.length === HEADER_LINK_LIMIT && second !== undefined) {
    targets.push({ path: orderPageUrl(second), title: `Open order ${shortId(second)} in Order Tracker` });
  } else if (orderIds.length > HEADER_LINK_LIMIT) {
    const listed = orderIds.slice(0, MAX_LISTED_ORDERS);
    const more = orderIds.length > listed.length ? ` (the first ${listed.length})` : '';
    targets.push({
      path: orderListUrl(listed),
      title: `Open all ${orderIds.length} orders of this trace in Order Tracker${more}`,
    });
  }
  return targets;
}

type HeaderLinkConfig = PluginExtensionAddedLinkConfig<TraceHeaderContext>;
type AttributeLinkConfig = PluginExtensionAddedLinkConfig<AttributeRowContext>;

/**
 * The trace-view header links. Grafana's header opens a link's `path` with `window.open(path)`,
 * which misses Grafana's sub-path (`root_url` with `serve_from_sub_path`); so these links have no
 * path: `configure` decides whether and how a link shows, and the click opens the page under the
 * sub-path itself. Both are synchronous and read only the context Grafana passes.
 */
function traceHeaderLink(
  slot: number,
  meta: (typeof ORDER_LINKS)['traceHeader' | 'traceHeaderMore'],
  deps: OrderLinkDeps
): HeaderLinkConfig {
  const target = (context: TraceHeaderContext | undefined): HeaderLinkTarget | undefined =>
    isAllowed('viewOrders', deps.has)
      ? traceHeaderTargets(orderIdsInTrace(context, deps.orderIdKey()))[slot]
      : undefined;
  return {
    ...meta,
    targets: [...meta.targets],
    icon: 'external-link-alt',
    configure: (context) => {
      const found = target(context);
      return found ? { title: found.title } : undefined;
    },
    onClick: (_event, helpers: PluginExtensionEventHelpers<TraceHeaderContext>) => {
      const found = target(helpers.context);
      if (found) {
        deps.open(`${deps.appSubUrl()}${found.path}`);
      }
    },
  };
}

/**
 * The link beside the order id row of a span's attributes (`category` is the row's key). Grafana
 * renders it as an in-app link, so it carries a path (Grafana keeps its sub-path and appends its
 * `uel_pid`/`uel_epid` parameters).
 */
function attributeRowLink(deps: OrderLinkDeps): AttributeLinkConfig {
  return {
    ...ORDER_LINKS.attributeRow,
    targets: [...ORDER_LINKS.attributeRow.targets],
    // Grafana checks a path at registration; configure replaces it with the order's page.
    path: prefixRoute(ROUTES.Orders),
    category: deps.orderIdKey(),
    icon: 'external-link-alt',
    configure: (context) => {
      const key = deps.orderIdKey();
      const orderId = isAllowed('viewOrders', deps.has) ? orderIdOfSpan(context, key) : undefined;
      return orderId === undefined ? undefined : { path: orderPageUrl(orderId), category: key };
    },
  };
}

/** Every link Order Tracker adds to Grafana, ready for `AppPlugin.addLink`. */
export function orderLinks(deps: OrderLinkDeps): {
  traceHeader: HeaderLinkConfig;
  traceHeaderMore: HeaderLinkConfig;
  attributeRow: AttributeLinkConfig;
} {
  return {
    traceHeader: traceHeaderLink(0, ORDER_LINKS.traceHeader, deps),
    traceHeaderMore: traceHeaderLink(1, ORDER_LINKS.traceHeaderMore, deps),
    attributeRow: attributeRowLink(deps),
  };
}
