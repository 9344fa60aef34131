import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statusOf, type PaceTarget } from '../status.js';
import { DAY, T0 } from '../../test-helpers.js';
import { nextStatusChange } from './next-change.js';

const statusAt = (rate: number, users: number, start: number, t: number, target: PaceTarget | null) =>
  statusOf(rate, users, (t - start) / DAY, target);

describe('when the clock alone next changes a status', () => {
  it('is day 7 for an account under half the pace from the start', () => {
    expect(nextStatusChange({ rate: 0, users: 3, start: T0 }, T0 + DAY)).toBe(T0 + 7 * DAY);
  });

  it('is the moment half the rising pace passes the rate', () => {
    // Half the pace reaches 0.175 on day 30: at risk just after.
    const t = nextStatusChange({ rate: 0.175, users: 10, start: T0 }, T0 + 8 * DAY)!;
    expect(Math.abs(t - (T0 + 30 * DAY))).toBeLessThanOrEqual(1);
    expect(statusAt(0.175, 10, T0, t - 1, null)).toBe('on_track');
    expect(statusAt(0.175, 10, T0, t, null)).toBe('at_risk');
    // With the project's own target: 40 % by day 20 asks 0.1 of the rate by day 10.
    expect(nextStatusChange({ rate: 0.1, users: 10, start: T0 }, T0, { rate: 0.4, days: 20 })).toBe(T0 + 10 * DAY + 1);
  });

  it('is never for an account already at risk, activated, without people, or at half the target or more', () => {
    expect(nextStatusChange({ rate: 0, users: 3, start: T0 }, T0 + 8 * DAY)).toBeNull();
    expect(nextStatusChange({ rate: 0.7, users: 3, start: T0 }, T0)).toBeNull();
    expect(nextStatusChange({ rate: 0, users: 0, start: T0 }, T0)).toBeNull();
    expect(nextStatusChange({ rate: 0.35, users: 10, start: T0 }, T0)).toBeNull();
  });

  it('is the first millisecond statusOf answers otherwise, and nothing changes before it', () => {
    const target = fc.option(
      fc.record({ rate: fc.integer({ min: 1, max: 100 }).map((r) => r / 100), days: fc.integer({ min: 1, max: 3650 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 800 * DAY }),
        target,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (activated, users, startDay, after, target, samples) => {
          const rate = users === 0 ? 0 : Math.min(activated, users) / users;
          const start = T0 + startDay * DAY;
          const now = T0 + after;
          const current = statusAt(rate, users, start, now, target);
          const t = nextStatusChange({ rate, users, start }, now, target);
          if (t === null) {
            // Never: not even years after the target day.
            for (const s of samples) expect(statusAt(rate, users, start, now + s * 20 * 3650 * DAY, target)).toBe(current);
            return;
          }
          expect(t).toBeGreaterThan(now);
          expect(statusAt(rate, users, start, t - 1, target)).toBe(current);
          expect(statusAt(rate, users, start, t, target)).not.toBe(current);
          for (const s of samples) expect(statusAt(rate, users, start, now + Math.floor(s * (t - 1 - now)), target)).toBe(current);
        },
      ),
      { numRuns: 2000, seed: 20261206 },
    );
  });
});
