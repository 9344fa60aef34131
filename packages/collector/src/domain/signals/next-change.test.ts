import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../summary.js';
import { tally } from '../tally.js';
import type { AccountFacts } from '../summary.js';
import { nextStatusChange } from './next-change.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T00:00:00Z');
const accountOf = (a: Partial<AccountFacts>): AccountFacts => ({ accountId: 'a', seats: null, signedAt: null, name: null, firstEventAt: null, ...a });

describe('nextStatusChange', () => {
  it('names the moment an account with 2 of 40 seats active falls at risk, and nothing after', () => {
    const t = tally([...Array(10)].map((_, i) => ({ role: 'end_user', done: {}, activatedAt: i < 2 ? T0 : null })));
    const a = accountOf({ seats: 40, signedAt: T0 });
    // 2/40 = 0.05 is half the pace of 0.1, reached on day 0.1 × 60 / 0.7 = 8.57.
    const at = nextStatusChange(a, t, T0 + DAY, null)!;
    expect(at / DAY - T0 / DAY).toBeCloseTo(60 / 7, 6);
    expect(summarize(a, t, [], at - 1, null).status).toBe('on_track');
    expect(summarize(a, t, [], at, null).status).toBe('at_risk');
    expect(nextStatusChange(a, t, at, null)).toBeNull();
  });

  it('holds for any account: the status is the same until the moment, and another from it on', () => {
    const arb = fc.record({
      seats: fc.option(fc.integer({ min: 1, max: 200 })),
      users: fc.integer({ min: 0, max: 60 }),
      activated: fc.integer({ min: 0, max: 60 }),
      signedDay: fc.option(fc.integer({ min: -30, max: 100 })),
      nowDay: fc.double({ min: 0, max: 120, noNaN: true }),
      target: fc.option(fc.record({ rate: fc.double({ min: 0.01, max: 1, noNaN: true }), days: fc.integer({ min: 1, max: 400 }) })),
    });
    fc.assert(fc.property(arb, (c) => {
      const t = tally([...Array(c.users)].map((_, i) => ({ role: 'r', done: {}, activatedAt: i < c.activated ? T0 : null })));
      const a = accountOf({ seats: c.seats, signedAt: c.signedDay === null ? null : T0 + c.signedDay * DAY, firstEventAt: T0 });
      const now = T0 + c.nowDay * DAY;
      const status = (ms: number) => summarize(a, t, [], ms, c.target).status;
      const next = nextStatusChange(a, t, now, c.target);
      if (next === null) {
        for (const later of [1, 7, 30, 400, 4000]) expect(status(now + later * DAY)).toBe(status(now));
      } else {
        expect(next).toBeGreaterThan(now);
        expect(status(next - 1)).toBe(status(now));
        expect(status(next)).not.toBe(status(now));
      }
    }), { numRuns: 2000 });
  });
});
