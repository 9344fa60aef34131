import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, T0 } from '../../test-helpers.js';
import { clocked, type Standing } from './clocked.js';
import { steadyUntil } from './steady.js';

const standing = (rate: number, start = T0): Standing => ({
  rate,
  users: 10,
  seats: 10,
  start,
  milestones: 0.5,
  sponsor: 1,
  activations: [T0 + DAY],
});

describe('how long the clock-driven parts of a summary stay as they are', () => {
  it('is until the next checkpoint day, status change or end of the first week', () => {
    expect(steadyUntil(standing(0.9), T0 + 2 * DAY, null)).toBe(T0 + 7 * DAY);
    expect(steadyUntil(standing(0.9), T0 + 8 * DAY, null)).toBe(T0 + 30 * DAY);
    expect(steadyUntil(standing(0.9), T0 + 95 * DAY, null)).toBe(Infinity);
    // 0.05 keeps half the pace until day 60 × 0.1 / 0.7 ≈ 8.57: status first, then the checkpoint.
    expect(steadyUntil(standing(0.05), T0 + 3 * DAY, null)).toBe(T0 + 7 * DAY);
    expect(steadyUntil(standing(0.05), T0 + 95 * DAY, null)).toBe(Infinity);
  });

  it('is the next moment while the seat pace moves with the pace, and until the pace passes a rate that kept up', () => {
    expect(steadyUntil(standing(0.1), T0 + 20 * DAY, null)).toBe(T0 + 20 * DAY + 1);
    // 0.3 keeps up with the pace until day 60 × 0.3 / 0.7 ≈ 25.7.
    const until = steadyUntil(standing(0.3), T0 + 10 * DAY, null);
    expect(until).toBeLessThan(T0 + ((60 * 0.3) / 0.7) * DAY);
    expect(until).toBeGreaterThan(T0 + ((60 * 0.3) / 0.7) * DAY - 2000);
  });

  it('never outlasts a change: clocked answers the same at any moment before it', () => {
    const target = fc.option(
      fc.record({ rate: fc.integer({ min: 1, max: 100 }).map((r) => r / 100), days: fc.integer({ min: 1, max: 400 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: -100 * DAY, max: 500 * DAY }),
        target,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (activated, seats, after, target, samples) => {
          const s = { ...standing(seats === 0 ? 0 : Math.min(activated, seats) / seats), seats, users: seats };
          const now = T0 + after;
          const until = steadyUntil(s, now, target);
          expect(until).toBeGreaterThan(now);
          const at = clocked(s, now, target);
          const end = Math.min(until, now + 1000 * DAY);
          for (const x of [...samples, 0.999999999]) expect(clocked(s, now + Math.floor(x * (end - 1 - now)), target)).toEqual(at);
          if (until !== Infinity) expect(clocked(s, until - 1, target)).toEqual(at);
        },
      ),
      { numRuns: 2000, seed: 20261206 },
    );
  });
});
