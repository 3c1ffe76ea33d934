import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['10m', 600],
    ['24h', 86400],
    ['5d', 432000],
    ['1h30m', 5400],
    ['1.5h', 5400],
    ['2w', 1209600],
    ['90', 90],
    [' 10 m ', 600],
    ['500ms', 0.5],
    [3600, 3600],
  ])('reads %p as %p seconds', (input, seconds) => {
    expect(parseDuration(input)).toEqual({ ok: true, seconds });
  });

  it.each([null, undefined, '', 'none', '-'])('reads %p as "no limit"', (input) => {
    expect(parseDuration(input)).toEqual({ ok: true, seconds: null });
  });

  it.each(['-5m', -5, '5 minutes', '10x', '1e400h', 'm', '{"$gt":0}', Number.NaN, Infinity, {}, [], true])(
    'rejects %p with a message',
    (input) => {
      const result = parseDuration(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message.length).toBeGreaterThan(5);
      }
    }
  );

  it('clips a huge hostile string in its message', () => {
    const result = parseDuration('x'.repeat(10_000));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.length).toBeLessThan(200);
    }
  });
});

describe('formatDuration', () => {
  it.each([
    [600, '10m'],
    [86400, '1d'],
    [129600, '1d12h'],
    [432000, '5d'],
    [604800, '1w'],
    [0, '0s'],
    [null, ''],
  ])('writes %p as %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const seconds of [1, 59, 61, 3599, 3600, 90061, 1209601]) {
      expect(parseDuration(formatDuration(seconds))).toEqual({ ok: true, seconds });
    }
  });
});
