import { describe, expect, it } from 'vitest';
import { RETRY, retryAt } from './retry.js';

describe('retryAt', () => {
  it('backs off with jitter and goes on for at least a day, whatever the draws', () => {
    for (const draw of [() => 0, () => 0.999, Math.random]) {
      let at = 0;
      let attempt = 1;
      const waits: number[] = [];
      for (let next = retryAt(RETRY, attempt, at, 0, draw); next !== null; next = retryAt(RETRY, ++attempt, at, 0, draw)) {
        waits.push(next - at);
        at = next;
      }
      expect(at).toBeGreaterThanOrEqual(RETRY.forMs);
      expect(attempt).toBeLessThan(60);
      expect(waits[0]).toBeGreaterThanOrEqual(RETRY.firstMs / 2);
      expect(Math.max(...waits)).toBeLessThanOrEqual(RETRY.maxMs);
    }
  });

  it('draws each wait between half and all of the doubled one', () => {
    expect(retryAt(RETRY, 3, 1000, 0, () => 0)).toBe(1000 + 10_000);
    expect(retryAt(RETRY, 3, 1000, 0, () => 1)).toBe(1000 + 20_000);
  });
});
