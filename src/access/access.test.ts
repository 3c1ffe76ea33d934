import pluginJson from '../plugin.json';
import { ACTIONS, Capability, isAllowed, missingActions, roleNeededFor } from './access';

type BasicRole = 'Viewer' | 'Editor' | 'Admin';

/**
 * The actions each basic role ends up with: what plugin.json grants it, plus Grafana's own
 * `datasources:explore`, which open-source Grafana gives to Editors and Admins.
 */
function actionsOf(role: BasicRole): Set<string> {
  const granted = pluginJson.roles
    .filter((entry) => (entry.grants as string[]).includes(role))
    .flatMap((entry) => entry.role.permissions.map((permission) => permission.action));
  return new Set(role === 'Viewer' ? granted : [...granted, ACTIONS.explore]);
}

const PAGE_CAPABILITY: Record<string, Capability> = {
  'Find an order': 'viewOrders',
  Overview: 'viewOrders',
  'Stuck orders': 'viewOrders',
  Configuration: 'editConfig',
};

describe('access decisions per basic role', () => {
  const matrix: Array<[BasicRole, Capability, boolean]> = [
    ['Viewer', 'viewOrders', true],
    ['Viewer', 'openTraceDrawer', false],
    ['Viewer', 'openExplore', false],
    ['Viewer', 'editConfig', false],
    ['Editor', 'viewOrders', true],
    ['Editor', 'openTraceDrawer', true],
    ['Editor', 'openExplore', true],
    ['Editor', 'editConfig', false],
    ['Admin', 'viewOrders', true],
    ['Admin', 'openTraceDrawer', true],
    ['Admin', 'openExplore', true],
    ['Admin', 'editConfig', true],
  ];

  it.each(matrix)('%s → %s: %s', (role, capability, expected) => {
    const actions = actionsOf(role);
    expect(isAllowed(capability, (action) => actions.has(action))).toBe(expected);
  });

  it.each(['Viewer', 'Editor', 'Admin'] as BasicRole[])('every page include of plugin.json agrees with the app for %s', (role) => {
    const actions = actionsOf(role);
    for (const page of pluginJson.includes) {
      const capability = PAGE_CAPABILITY[page.name];
      expect(capability).toBeDefined();
      // The include's action is what Grafana checks for the nav entry; the app checks the capability.
      expect(actions.has(page.action)).toBe(isAllowed(capability, (action) => actions.has(action)));
    }
  });

  it('refuses Explore to an Editor whom the company took Explore away from', () => {
    const actions = actionsOf('Editor');
    actions.delete(ACTIONS.explore);
    const has = (action: string) => actions.has(action);
    expect(isAllowed('openTraceDrawer', has)).toBe(true);
    expect(isAllowed('openExplore', has)).toBe(false);
    expect(missingActions('openExplore', has)).toEqual([ACTIONS.explore]);
  });

  it('grants nothing to a user with no permissions at all', () => {
    for (const capability of ['viewOrders', 'openTraceDrawer', 'openExplore', 'editConfig'] as Capability[]) {
      expect(isAllowed(capability, () => false)).toBe(false);
    }
  });

  it('names the role to ask for in plain words', () => {
    expect(roleNeededFor('openTraceDrawer')).toBe('Order Tracker Traces reader (granted to Editor)');
  });

  it('never tells a user to request what they already hold', () => {
    const traceReader = (action: string) => action === ACTIONS.ordersRead || action === ACTIONS.tracesRead;
    expect(roleNeededFor('openExplore', traceReader)).toBe("access to Grafana's Explore (datasources:explore, granted to Editor)");
    const viewer = (action: string) => action === ACTIONS.ordersRead;
    expect(roleNeededFor('openExplore', viewer)).toBe(
      "Order Tracker Traces reader role (granted to Editor) and access to Grafana's Explore (datasources:explore, granted to Editor)"
    );
  });

  it('prefixes every plugin action with the plugin id', () => {
    const declared = pluginJson.roles.flatMap((entry) => entry.role.permissions.map((permission) => permission.action));
    expect(declared.sort()).toEqual([ACTIONS.configWrite, ACTIONS.ordersRead, ACTIONS.tracesRead].sort());
    for (const action of declared) {
      expect(action.startsWith(`${pluginJson.id}.`)).toBe(true);
    }
  });
});
