const US_PER_SECOND = 1_000_000;

/**
 * Human duration for people reading a verdict: "850 ms", "42 s", "2 h 13 min", "3 d 4 h".
 * Two units at most; never negative (a negative input is shown as 0).
 */
export function formatHumanDuration(durationUs: number): string {
  if (!Number.isFinite(durationUs) || durationUs <= 0) {
    return '0 s';
  }
  if (durationUs < US_PER_SECOND) {
    const ms = Math.round(durationUs / 1000);
    return ms === 0 ? `${Math.round(durationUs)} µs` : `${ms} ms`;
  }
  const totalSeconds = Math.floor(durationUs / US_PER_SECOND);
  if (totalSeconds < 60) {
    return `${totalSeconds} s`;
  }
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) {
    return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  }
  if (hours > 0) {
    return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  return seconds > 0 && minutes < 10 ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** SLA seconds as people say it: 600 → "10 min", 86400 → "1 d". */
export function formatSla(seconds: number): string {
  return formatHumanDuration(seconds * US_PER_SECOND);
}

/** Clock time in UTC for verdicts: "10:42" today-ish, with the date when it is needed. */
export function formatClock(timeUs: number, referenceUs?: number): string {
  const date = new Date(Math.floor(timeUs / 1000));
  if (Number.isNaN(date.getTime())) {
    // Not a number, or beyond what a Date can hold (a span dated in the year 300 000).
    return 'an unknown time';
  }
  const iso = date.toISOString();
  const clock = iso.slice(11, 16);
  if (referenceUs !== undefined && Math.abs(referenceUs - timeUs) < 86400 * US_PER_SECOND) {
    return `${clock} UTC`;
  }
  return `${iso.slice(0, 10)} ${clock} UTC`;
}
