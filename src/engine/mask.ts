import { Attributes, AttributeValue } from './model';

export const MASKED = '••••••';

export interface Masker {
  /** True when the key is on the deny-list (exact key, `prefix.*`, case-insensitive). */
  isDenied(key: string): boolean;
  /** The same object when nothing is denied (no copy), else a masked copy. */
  attributes(attributes: Attributes): Attributes;
  /** Whether any key is denied at all. */
  readonly active: boolean;
  /** Called with every value a reader masks, so it can be masked where it reappears in free text. */
  record(value: AttributeValue): void;
  /** The same deny-list, remembering every value it masks into `into` (one read's worth). */
  collecting(into: Set<string>): Masker;
}

export function createMasker(keys: string[]): Masker {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of keys) {
    const key = raw.trim().toLowerCase();
    if (key === '') {
      continue;
    }
    if (key.endsWith('.*')) {
      prefixes.push(key.slice(0, -1));
    } else if (key === '*') {
      prefixes.push('');
    } else {
      exact.add(key);
      // What sits under a personal key is personal too: customer.address.city under customer.address.
      prefixes.push(`${key}.`);
    }
  }
  const cache = new Map<string, boolean>();
  const isDenied = (key: string): boolean => {
    let denied = cache.get(key);
    if (denied === undefined) {
      const lower = key.toLowerCase();
      denied = exact.has(lower) || prefixes.some((prefix) => lower.startsWith(prefix));
      if (cache.size < 10_000) {
        cache.set(key, denied);
      }
    }
    return denied;
  };
  const active = exact.size > 0 || prefixes.length > 0;
  const build = (record: (value: AttributeValue) => void): Masker => ({
    isDenied,
    active,
    record,
    collecting: (into) => build((value) => remember(into, value)),
    attributes(attributes: Attributes): Attributes {
      if (!active) {
        return attributes;
      }
      let copy: Attributes | undefined;
      for (const key in attributes) {
        if (isDenied(key) && attributes[key] !== MASKED) {
          record(attributes[key]);
          copy ??= { ...attributes };
          copy[key] = MASKED;
        }
      }
      return copy ?? attributes;
    },
  });
  return build(() => undefined);
}

/** Values worth looking for elsewhere: text of 3 characters or more, numbers of 5 digits or more. */
function remember(into: Set<string>, value: AttributeValue): void {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.length >= 3) {
      into.add(trimmed);
    }
  } else if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) >= 10_000) {
    into.add(String(value));
  }
}
