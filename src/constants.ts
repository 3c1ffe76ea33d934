import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;
export const CONFIG_PAGE_URL = `/plugins/${PLUGIN_ID}`;

export enum ROUTES {
  Orders = 'orders',
  Overview = 'overview',
  Stuck = 'stuck',
}

/** The URL of one order's page; the id is encoded so any id survives the trip. */
export function orderPageUrl(orderId: string): string {
  return `${PLUGIN_BASE_URL}/${ROUTES.Orders}/${encodeURIComponent(orderId)}`;
}
