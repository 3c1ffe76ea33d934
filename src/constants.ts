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

/** The query parameter (repeated) by which the find page lists several orders to choose from. */
export const ORDER_LIST_PARAM = 'order';
/** The find page lists at most this many orders; a longer URL helps nobody. */
export const MAX_LISTED_ORDERS = 50;

/** The find page listing these orders as links (a trace that touched several orders opens it). */
export function orderListUrl(orderIds: string[]): string {
  const query = new URLSearchParams(orderIds.map((orderId): [string, string] => [ORDER_LIST_PARAM, orderId]));
  return `${PLUGIN_BASE_URL}/${ROUTES.Orders}?${query.toString()}`;
}
