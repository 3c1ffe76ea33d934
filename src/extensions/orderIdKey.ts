import { DEFAULT_SETTINGS } from '../settings/defaults';
import { parseSettings } from '../settings/parseSettings';

let current = DEFAULT_SETTINGS.attributes.orderId;

/**
 * The order id attribute key the links look for. Grafana loads the app's module for an extension
 * point without handing it the app's settings, and `configure` must answer synchronously, so the
 * key is the default until `loadOrderIdKey` has read the settings.
 */
export function orderIdKey(): string {
  return current;
}

/**
 * Reads the app's stored settings (their `jsonData`) once and keeps their order id key; a failed
 * read keeps the default, so a link is at worst missing for a company that renamed the attribute,
 * never wrong.
 */
export async function loadOrderIdKey(readJsonData: () => Promise<unknown>): Promise<string> {
  try {
    current = parseSettings(await readJsonData()).settings.attributes.orderId;
  } catch {
    current = DEFAULT_SETTINGS.attributes.orderId;
  }
  return current;
}
