import { describe, expect, it } from 'vitest';
import { backoff, retryAfter } from './backoff.js';

describe('backoff', () => {
  it('doubles from 1 s up to a 60 s cap, scaled by the jitter draw', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 30].map((a) => backoff(a, () => 0.999_999))).toEqual([
      999, 1999, 3999, 7999, 15_999, 31_999, 59_999, 59_999, 59_999,
    ]);
    expect(backoff(3, () => 0.5)).toBe(4000);
  });

  it('has full jitter: anywhere from 0 to the ceiling', () => {
    expect(backoff(10, () => 0)).toBe(0);
    const draws = Array.from({ length: 1000 }, () => backoff(2, Math.random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(4000);
    expect(new Set(draws).size).toBeGreaterThan(100);
  });
});

describe('retryAfter', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(retryAfter('7', now)).toBe(7000);
    expect(retryAfter('0', now)).toBe(0);
    expect(retryAfter('Sun, 22 Nov 2026 10:00:12 GMT', now)).toBe(12_000);
    expect(retryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0); // already past
  });
  it('ignores what it cannot read', () => {
    expect(retryAfter(null, now)).toBeUndefined();
    expect(retryAfter('', now)).toBeUndefined();
    expect(retryAfter('soon', now)).toBeUndefined();
  });
});
