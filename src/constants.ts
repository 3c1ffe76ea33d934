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
  return `${PLUGIN_BASE_URL}/${ROUTES.Orders}/${orderIdSegment(orderId)}`;
}

/**
 * Ids a path segment cannot carry as they are get a spelled-out form: `.` and `..` (every URL parser
 * resolves them as "this folder" and "the folder above", encoded or not) and ids with a `%` (the
 * router decodes a path and then its parameters, so `%2F` in an id would arrive as `/`). The
 * spelled-out form is the id's UTF-16 code units in hex after a marker no id of the kind starts
 * with; an id that does start with the marker is spelled out too, so every id maps back to itself.
 */
const SPELLED_OUT = '~hex~';

export function orderIdSegment(orderId: string): string {
  if (/^\.{1,2}$/.test(orderId) || orderId.includes('%') || orderId.startsWith(SPELLED_OUT)) {
    let hex = '';
    for (let index = 0; index < orderId.length; index++) {
      hex += orderId.charCodeAt(index).toString(16).padStart(4, '0');
    }
    return `${SPELLED_OUT}${hex}`;
  }
  return encodeURIComponent(orderId);
}

/** The id an order page's path segment stands for, as the router hands the segment over (decoded). */
export function orderIdFromSegment(segment: string): string {
  const hex = segment.startsWith(SPELLED_OUT) ? segment.slice(SPELLED_OUT.length) : undefined;
  if (hex === undefined || hex.length % 4 !== 0 || !/^[0-9a-f]*$/.test(hex)) {
    return segment;
  }
  let orderId = '';
  for (let index = 0; index < hex.length; index += 4) {
    orderId += String.fromCharCode(parseInt(hex.slice(index, index + 4), 16));
  }
  return orderId;
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
