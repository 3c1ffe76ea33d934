import { PLUGIN_ID } from '../constants';

/** The RBAC actions Order Tracker declares in plugin.json, plus the Grafana one Explore needs. */
export const ACTIONS = {
  ordersRead: `${PLUGIN_ID}.orders:read`,
  tracesRead: `${PLUGIN_ID}.traces:read`,
  configWrite: `${PLUGIN_ID}.config:write`,
  explore: 'datasources:explore',
} as const;

/** What a user may try to do in the app. */
export type Capability = 'viewOrders' | 'openTraceDrawer' | 'openExplore' | 'editConfig';

const REQUIRED: Record<Capability, ReadonlyArray<(typeof ACTIONS)[keyof typeof ACTIONS]>> = {
  viewOrders: [ACTIONS.ordersRead],
  openTraceDrawer: [ACTIONS.ordersRead, ACTIONS.tracesRead],
  openExplore: [ACTIONS.ordersRead, ACTIONS.tracesRead, ACTIONS.explore],
  editConfig: [ACTIONS.configWrite],
};

const ROLE_NAMES: Record<Capability, string> = {
  viewOrders: 'Orders reader (granted to Viewer)',
  openTraceDrawer: 'Traces reader (granted to Editor)',
  openExplore: 'Traces reader (granted to Editor), and access to Explore',
  editConfig: 'Configuration writer (granted to Admin)',
};

export type PermissionCheck = (action: string) => boolean;

/** May a user holding the actions `has` answers for do this? */
export function isAllowed(capability: Capability, has: PermissionCheck): boolean {
  return REQUIRED[capability].every((action) => has(action));
}

/** The actions a capability needs that the user lacks, for messages and logs. */
export function missingActions(
  capability: Capability,
  has: PermissionCheck
): Array<(typeof ACTIONS)[keyof typeof ACTIONS]> {
  return REQUIRED[capability].filter((action) => !has(action));
}

const ACTION_NAMES: Record<(typeof ACTIONS)[keyof typeof ACTIONS], string> = {
  [ACTIONS.ordersRead]: 'Order Tracker Orders reader role (granted to Viewer)',
  [ACTIONS.tracesRead]: 'Order Tracker Traces reader role (granted to Editor)',
  [ACTIONS.configWrite]: 'Order Tracker Configuration writer role (granted to Admin)',
  [ACTIONS.explore]: "access to Grafana's Explore (datasources:explore, granted to Editor)",
};

/**
 * The plain-words role a person should ask their admin for. Given what the user holds, only what
 * is missing is named: a user with trace access is never told to request the role they hold.
 */
export function roleNeededFor(capability: Capability, has?: PermissionCheck): string {
  if (!has) {
    return `Order Tracker ${ROLE_NAMES[capability]}`;
  }
  const missing = missingActions(capability, has);
  return missing.length === 0 ? 'nothing more' : missing.map((action) => ACTION_NAMES[action]).join(' and ');
}
