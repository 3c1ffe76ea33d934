import { Attributes, OrderSpan } from './model';

/**
 * Masks personal data in free text before anything reaches the screen: values of deny-listed
 * attributes wherever they reappear (an e-mail address in a URL, a name in an exception message),
 * and values that look like personal data whatever their key: e-mail addresses, phone numbers
 * written with a country code or an area code in parentheses, payment card numbers (Luhn-checked).
 * Each is replaced by words that say what was there, so a cause stays readable. Order ids, trace and
 * span ids, times, sizes and durations are never matched: phone numbers need a leading + or (,
 * card numbers start with 2–6 and pass the Luhn check (epoch times start with 1).
 */
export interface PersonalDataMasker {
  /** The text with every personal value replaced; the same string when nothing matched. */
  text(value: string): string;
  /** How many strings it changed (the clean world must stay at 0). */
  readonly changed: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE = /(?:\+\d{1,3}[\s.-]?(?:\(\d{1,5}\)[\s.-]?)?|\(\d{2,5}\)[\s.-]?)\d(?:[\s.-]?\d){5,13}/g;
const CARD = /(?<![\d.])[2-6]\d(?:[ -]?\d){11,17}(?![\d.])/g;
const SHORTEST_VALUE = 3;
const MOST_REMEMBERED = 20_000;

export const MASKED_LABELS = {
  value: '[personal data]',
  email: '[an e-mail address]',
  phone: '[a phone number]',
  card: '[a card number]',
} as const;

export function createPersonalDataMasker(deniedValues: Iterable<string>, patterns: boolean): PersonalDataMasker {
  const values = wholeValues(deniedValues);
  // Span texts repeat (operation names, methods, queue names): each distinct one is masked once.
  const seen = new Map<string, string>();
  let changed = 0;
  const mask = (value: string): string => {
    let out = value;
    if (values) {
      out = values(out);
    }
    if (patterns) {
      if (out.includes('@')) {
        out = out.replace(EMAIL, MASKED_LABELS.email);
      }
      if (out.includes('+') || out.includes('(')) {
        out = out.replace(PHONE, MASKED_LABELS.phone);
      }
      if (hasLongDigitRun(out)) {
        out = out.replace(CARD, (match) => (luhn(match) ? MASKED_LABELS.card : match));
      }
    }
    return out;
  };
  return {
    get changed() {
      return changed;
    },
    text(value: string): string {
      // Shorter than any value, e-mail address, phone or card number that is masked.
      if (value.length < SHORTEST_VALUE) {
        return value;
      }
      let out = seen.get(value);
      if (out === undefined) {
        out = mask(value);
        if (seen.size < MOST_REMEMBERED) {
          seen.set(value, out);
        }
      }
      if (out !== value) {
        changed++;
      }
      return out;
    },
  };
}

/**
 * Every string of the spans that reaches the screen, masked in place (the spans are the reader's
 * own). The `protectedKeys` (order id, status) are what support needs and are never masked.
 */
export function maskSpanTexts(spans: OrderSpan[], masker: PersonalDataMasker, protectedKeys: string[] = []): void {
  for (const span of spans) {
    span.operation = masker.text(span.operation);
    if (span.statusMessage !== undefined) {
      span.statusMessage = masker.text(span.statusMessage);
    }
    span.attributes = maskAttributes(span.attributes, masker, protectedKeys);
    if (span.messaging?.destination !== undefined) {
      span.messaging = { ...span.messaging, destination: masker.text(span.messaging.destination) };
    }
    for (let index = 0; index < span.events.length; index++) {
      const event = span.events[index];
      const name = masker.text(event.name);
      const attributes = maskAttributes(event.attributes, masker, protectedKeys);
      if (name !== event.name || attributes !== event.attributes) {
        span.events[index] = { ...event, name, attributes };
      }
    }
  }
}

function maskAttributes(attributes: Attributes, masker: PersonalDataMasker, protectedKeys: string[]): Attributes {
  let copy: Attributes | undefined;
  for (const key in attributes) {
    const value = attributes[key];
    if (typeof value === 'string' && !protectedKeys.includes(key)) {
      const masked = masker.text(value);
      if (masked !== value) {
        copy ??= { ...attributes };
        copy[key] = masked;
      }
    }
  }
  return copy ?? attributes;
}

/**
 * Replaces every whole occurrence of the values in a text: not inside a longer word, so a
 * deny-listed postcode 10115 is not masked inside ALX-10115 or 1011500. The longest value wins
 * where several start at one place. Values are found by their first characters (a map, not one
 * alternation), so one read's thousands of values (every order of a stuck-orders load) cost a scan
 * of the text, and none is left out.
 */
function wholeValues(deniedValues: Iterable<string>): ((text: string) => string) | undefined {
  const byStart = new Map<string, string[]>();
  const longestFirst = [...new Set(deniedValues)]
    .filter((value) => value.length >= SHORTEST_VALUE)
    .sort((a, b) => b.length - a.length);
  for (const value of longestFirst) {
    const start = value.slice(0, SHORTEST_VALUE);
    const list = byStart.get(start);
    if (list) {
      list.push(value);
    } else {
      byStart.set(start, [value]);
    }
  }
  if (byStart.size === 0) {
    return undefined;
  }
  const endsWord = (text: string, at: number) => at >= text.length || !isWordCharacter(text.charCodeAt(at));
  return (text) => {
    let out = '';
    let copied = 0;
    for (let at = 0; at + SHORTEST_VALUE <= text.length; at++) {
      if (at > 0 && isWordCharacter(text.charCodeAt(at - 1))) {
        continue;
      }
      const match = byStart
        .get(text.slice(at, at + SHORTEST_VALUE))
        ?.find((value) => text.startsWith(value, at) && endsWord(text, at + value.length));
      if (match !== undefined) {
        out += text.slice(copied, at) + MASKED_LABELS.value;
        copied = at + match.length;
        at = copied - 1;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}

/** Letters, digits, '_' and '-': what a whole value may not be glued to. */
function isWordCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45
  );
}

function hasLongDigitRun(text: string): boolean {
  let digits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      if (++digits >= 13) {
        return true;
      }
    } else if (code !== 32 && code !== 45) {
      digits = 0;
    }
  }
  return false;
}

function luhn(candidate: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = candidate.length - 1; index >= 0; index--) {
    const code = candidate.charCodeAt(index);
    if (code < 48 || code > 57) {
      continue;
    }
    let digit = code - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}
