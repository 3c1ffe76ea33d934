const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

const DURATION_PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/y;

export type DurationResult = { ok: true; seconds: number | null } | { ok: false; message: string };

/**
 * Reads a duration as an admin writes it: "10m", "1h30m", "5d", "1.5h", a bare number of seconds,
 * or "none" / empty for "no limit". Never throws; a negative, zero-less garbage or overflowing value
 * comes back as a message saying what is wrong.
 */
export function parseDuration(value: unknown): DurationResult {
  if (value === null || value === undefined) {
    return { ok: true, seconds: null };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      return { ok: false, message: `must be a positive number of seconds, got ${String(value)}` };
    }
    return withinBounds(value, String(value));
  }
  if (typeof value !== 'string') {
    return { ok: false, message: `must be a duration such as "10m", "24h" or "5d", got ${typeof value}` };
  }
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'none' || text === '-') {
    return { ok: true, seconds: null };
  }
  if (text.startsWith('-')) {
    return { ok: false, message: `cannot be negative ("${clip(value)}")` };
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    return withinBounds(Number(text), value);
  }
  let seconds = 0;
  DURATION_PART.lastIndex = 0;
  let position = 0;
  const compact = text.replace(/\s+/g, '');
  while (position < compact.length) {
    DURATION_PART.lastIndex = position;
    const match = DURATION_PART.exec(compact);
    if (!match) {
      return { ok: false, message: `is not a duration such as "10m", "24h" or "5d" ("${clip(value)}")` };
    }
    seconds += Number(match[1]) * UNIT_SECONDS[match[2]];
    position = DURATION_PART.lastIndex;
  }
  return withinBounds(seconds, value);
}

/** Ten years: no SLA or window is longer, and 400 digits must not become Infinity or 1e399. */
const MAX_SECONDS = 10 * 365 * 86400;

function withinBounds(seconds: number, value: string): DurationResult {
  if (!Number.isFinite(seconds) || seconds > MAX_SECONDS) {
    return { ok: false, message: `is too large ("${clip(value)}"; at most ten years)` };
  }
  return { ok: true, seconds };
}

/** The shortest exact way to write a duration in the settings: 600 → "10m", 129600 → "1d12h". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) {
    return '';
  }
  if (seconds === 0) {
    return '0s';
  }
  const parts: string[] = [];
  let rest = seconds;
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count}${unit}`);
      rest -= count * size;
    }
  }
  if (rest > 0) {
    parts.push(`${Math.round(rest * 1000)}ms`);
  }
  return parts.join('');
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
