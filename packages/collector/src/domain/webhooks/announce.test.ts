import { describe, expect, it } from 'vitest';
import { tally } from '../tally.js';
import type { AccountFacts } from '../summary.js';
import { announce, type Activated, type Announced } from './announce.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T00:00:00Z');
const people = (n: number, activated: number) =>
  [...Array(n)].map((_, i) => ({ userId: `u${i}`, role: 'end_user', done: {}, activatedAt: i < activated ? T0 + DAY + i : null }));
function reading(n: number, activatedCount: number, now: number, stored: Announced | undefined, activated: Activated[] = []) {
  const t = tally(people(n, activatedCount));
  const account: AccountFacts = {
    accountId: 'acme',
    seats: 40,
    signedAt: T0,
    name: 'Acme Logistics',
    firstEventAt: T0,
    lastActivityAt: null,
  };
  return announce({ account, tally: t, checklists: [], now, target: null, stored, activated });
}

describe('announce', () => {
  it('tells a new account with people as a change from no_data, with when the clock next changes it', () => {
    const { signals, events } = reading(3, 0, T0 + DAY, undefined);
    expect(signals).toMatchObject({ status: 'on_track', firstValueAt: null });
    expect(signals.nextAt).toBe(T0 + 7 * DAY);
    expect(events.map((e) => [e.type, e.type === 'account.status_changed' && [e.data.from, e.data.to]])).toEqual([
      ['account.status_changed', ['no_data', 'on_track']],
    ]);
  });

  it('tells each person activated, the first value once, and the status with the day and pace', () => {
    const u0: Activated = { userId: 'u0', role: 'end_user', accountId: 'acme', activatedAt: T0 + DAY };
    const { signals, events } = reading(10, 1, T0 + 12 * DAY, { status: 'on_track', firstValueAt: null }, [u0]);
    expect(events.map((e) => e.type)).toEqual(['user.activated', 'account.first_value', 'account.status_changed']);
    expect(events[0]!.data).toMatchObject({ userId: 'u0', activatedSeats: 1, seats: 40, name: 'Acme Logistics' });
    expect(events[1]!.data).toMatchObject({ userId: 'u0', timeToFirstValueDays: 1, firstValueAt: new Date(T0 + DAY).toISOString() });
    expect(events[2]!.data).toMatchObject({ from: 'on_track', to: 'at_risk', day: 12, summary: { activatedSeats: 1, status: 'at_risk' } });
    expect(signals).toEqual({ status: 'at_risk', firstValueAt: T0 + DAY, nextAt: null });
    // Nothing new, nothing told.
    expect(reading(10, 1, T0 + 13 * DAY, signals).events).toEqual([]);
  });

  it('takes an account known from before webhooks silently, but for people activated by this change', () => {
    const u0: Activated = { userId: 'u0', role: 'end_user', accountId: 'acme', activatedAt: T0 + DAY };
    const { signals, events } = reading(10, 1, T0 + 12 * DAY, { status: null, firstValueAt: null }, [u0]);
    expect(events.map((e) => e.type)).toEqual(['user.activated']);
    expect(signals.status).toBe('at_risk');
  });
});
