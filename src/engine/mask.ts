import { Attributes } from './model';

export const MASKED = '••••••';

export interface Masker {
  /** True when the key is on the deny-list (exact key, `prefix.*`, case-insensitive). */
  isDenied(key: string): boolean;
  /** The same object when nothing is denied (no copy), else a masked copy. */
  attributes(attributes: Attributes): Attributes;
  /** Masks personal values that leak into free text, e.g. an exception message quoting a tag. */
  readonly active: boolean;
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
  return {
    isDenied,
    active,
    attributes(attributes: Attributes): Attributes {
      if (!active) {
        return attributes;
      }
      let copy: Attributes | undefined;
      for (const key in attributes) {
        if (isDenied(key)) {
          copy ??= { ...attributes };
          copy[key] = MASKED;
        }
      }
      return copy ?? attributes;
    },
  };
}
