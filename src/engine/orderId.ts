import { OrderIdError, OrderSpan } from './model';

export const MAX_ORDER_ID_LENGTH = 200;

// Control characters (C0, DEL, C1), line/paragraph separators, and lone surrogates.
const FORBIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type OrderIdCheck = { ok: true; orderId: string } | { ok: false; message: string };

/**
 * The rule for an order id typed by a person: trimmed, 1..200 characters, no control characters.
 * Anything printable (quotes, braces, backslashes, non-ASCII) is allowed: requests are built by
 * encoders, never by concatenation, so such an id can only ever match itself.
 */
export function checkOrderId(raw: unknown): OrderIdCheck {
  if (typeof raw !== 'string') {
    return { ok: false, message: 'An order id must be text.' };
  }
  const orderId = raw.trim();
  if (orderId === '') {
    return { ok: false, message: 'Type an order id.' };
  }
  if (orderId.length > MAX_ORDER_ID_LENGTH) {
    return {
      ok: false,
      message: `An order id has at most ${MAX_ORDER_ID_LENGTH} characters (this one has ${orderId.length}).`,
    };
  }
  if (FORBIDDEN.test(orderId)) {
    return { ok: false, message: 'An order id cannot contain line breaks, tabs or other control characters.' };
  }
  return { ok: true, orderId };
}

/** Like checkOrderId, but throws an OrderIdError with the message. */
export function validateOrderId(raw: unknown): string {
  const check = checkOrderId(raw);
  if (!check.ok) {
    throw new OrderIdError(check.message);
  }
  return check.orderId;
}

/**
 * The order id a span carries, when an order page could look it up: a value the lookup would refuse
 * (empty, over 200 characters, control characters, padded with spaces) is not an order id to list.
 */
export function lookupableOrderIdOf(span: OrderSpan, key: string): { id?: string; refused?: string } {
  const id = orderIdOf(span, key);
  if (id === undefined) {
    return {};
  }
  const check = checkOrderId(id);
  return check.ok && check.orderId === id ? { id } : { refused: id };
}

/** The order id a span carries, as text (numbers are accepted: some SDKs send ids as numbers). */
export function orderIdOf(span: OrderSpan, key: string): string | undefined {
  const value = span.attributes[key];
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' ? String(value) : undefined;
}
