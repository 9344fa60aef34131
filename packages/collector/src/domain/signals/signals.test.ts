import fc from 'fast-check';
import type { Checklist } from '@firstwin/sdk/rules';
import { describe, expect, it } from 'vitest';
import type { PaceTarget } from '../status.js';
import { summarize } from '../summary.js';
import { tally } from '../tally.js';
import type { AccountState } from '../storage.js';
import { DAY, T0 } from '../../test-helpers.js';
import { timelineOf } from './timeline.js';

/**
 * Health, checkpoints and the timeline from the kept tally, checked against the SPEC's
 * definitions computed the plain way: person by person, day by day.
 */
interface Person {
  role: string | null;
  activatedAt: number | null;
  done: string[];
}
interface History {
  checklists: Checklist[];
  people: Person[];
  /** Account-scoped items someone in the account did. */
  accountDone: string[];
  seats: number | null;
  signedAt: number | null;
  firstEventAt: number;
  now: number;
  target: PaceTarget | null;
}

const ROLES = ['admin', 'end_user', 'sponsor', 'ops'];
const item = (id: string, scope: 'user' | 'account') => ({ id, title: id, scope, completeOn: { event: id } });
const checklist = fc
  .record({
    role: fc.constantFrom(...ROLES),
    user: fc.integer({ min: 0, max: 4 }),
    account: fc.integer({ min: 0, max: 2 }),
  })
  .map(
    ({ role, user, account }): Checklist => ({
      id: `${role}-list`,
      role,
      title: role,
      items: [
        ...Array.from({ length: user }, (_, i) => item(`${role}-u${i}`, 'user')),
        ...Array.from({ length: account }, (_, i) => item(`${role}-a${i}`, 'account')),
      ],
    }),
  );
// Whole days often, so activations fall exactly on the day boundaries where cuts go wrong.
const moment = fc
  .oneof(
    fc.integer({ min: -30 * DAY, max: 500 * DAY }),
    fc.integer({ min: -30, max: 500 }).map((d) => d * DAY),
  )
  .map((ms) => T0 + ms);
const history: fc.Arbitrary<History> = fc
  .record({
    checklists: fc.uniqueArray(checklist, { selector: (c) => c.role, maxLength: 4 }),
    people: fc.array(
      fc.record({
        role: fc.option(fc.constantFrom(...ROLES)),
        activatedAt: fc.option(moment),
        picks: fc.array(fc.boolean(), { maxLength: 4 }),
      }),
      { maxLength: 25 },
    ),
    accountPicks: fc.array(fc.boolean(), { maxLength: 8 }),
    seats: fc.option(fc.integer({ min: 1, max: 40 })),
    signedAt: fc.option(moment),
    firstEventAt: moment,
    after: fc.oneof(fc.integer({ min: 0, max: 500 * DAY }), fc.constantFrom(0, 30 * DAY, 60 * DAY - 1, 90 * DAY)),
    target: fc.option(fc.record({ rate: fc.integer({ min: 1, max: 100 }).map((r) => r / 100), days: fc.integer({ min: 1, max: 400 }) })),
  })
  .map((h) => {
    const accountItems = h.checklists.flatMap((c) => c.items.filter((i) => i.scope === 'account').map((i) => i.id));
    const people = h.people.map((p) => {
      const userItems = h.checklists.find((c) => c.role === p.role)?.items.filter((i) => i.scope === 'user') ?? [];
      return { role: p.role, activatedAt: p.activatedAt, done: userItems.filter((_, i) => p.picks[i]).map((i) => i.id) };
    });
    const start = h.signedAt ?? h.firstEventAt;
    return {
      checklists: h.checklists,
      people,
      accountDone: accountItems.filter((_, i) => h.accountPicks[i]),
      seats: h.seats,
      signedAt: h.signedAt,
      firstEventAt: h.firstEventAt,
      now: start + h.after,
      target: h.target,
    };
  });

/** The SPEC, read literally. */
function expected(h: History) {
  const target = h.target ?? { rate: 0.7, days: 60 };
  const start = h.signedAt ?? h.firstEventAt;
  const day = (h.now - start) / DAY;
  const seats = h.seats ?? h.people.length;
  const rateBy = (cut: number) => (seats === 0 ? 0 : h.people.filter((p) => p.activatedAt !== null && p.activatedAt <= cut).length / seats);
  const rate = rateBy(Infinity);
  const pace = target.rate * Math.min(1, Math.max(day, 7) / target.days);
  const seatPace = Math.min(1, rate / pace);
  let done = 0;
  let assigned = 0;
  for (const p of h.people) {
    const c = h.checklists.find((l) => l.role === p.role);
    if (!c) continue;
    assigned += c.items.length;
    done += c.items.filter((i) => (i.scope === 'account' ? h.accountDone : p.done).includes(i.id)).length;
  }
  const milestones = assigned === 0 ? 0 : done / assigned;
  const sponsors = h.people.filter((p) => p.role === 'sponsor');
  const sponsor = sponsors.some((p) => p.activatedAt !== null) ? 1 : sponsors.length > 0 ? 0.5 : 0;
  const checkpoint = (n: number) => (h.now >= start + n * DAY ? rateBy(start + n * DAY) : null);
  const days = [];
  for (let d = 0; start + d * DAY <= h.now && d < 365; d++) {
    const activatedSeats = h.people.filter((p) => p.activatedAt !== null && p.activatedAt < start + (d + 1) * DAY).length;
    const date = new Date(start + d * DAY);
    days.push({
      day: d,
      date: `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`,
      activatedSeats,
      rate: seats === 0 ? 0 : activatedSeats / seats,
      pace: (target.rate * Math.min(d, target.days)) / target.days,
    });
  }
  return {
    health: { score: Math.round(100 * (0.5 * seatPace + 0.3 * milestones + 0.2 * sponsor)), seatPace, milestones, sponsor },
    checkpoints: { d30: checkpoint(30), d60: checkpoint(60), d90: checkpoint(90) },
    days,
  };
}

/** The same from what is kept at ingest, through the summary the API answers with. */
function computed(h: History) {
  const t = tally(
    h.people.map((p) => {
      const own = h.checklists.find((c) => c.role === p.role);
      const done = [...p.done, ...h.accountDone.filter((id) => own?.items.some((i) => i.id === id))];
      return { role: p.role, activatedAt: p.activatedAt, done: Object.fromEntries(done.map((id) => [id, 'x'])) };
    }),
  );
  const account: AccountState = {
    accountId: 'acme',
    seats: h.seats,
    signedAt: h.signedAt,
    name: null,
    firstEventAt: h.firstEventAt,
    lastActivityAt: null,
    tally: t,
    tallyJson: JSON.stringify(t),
  };
  const s = summarize(account, t, h.checklists, h.now, h.target);
  return {
    health: s.health,
    checkpoints: s.checkpoints,
    days: timelineOf(s, t.activations, h.signedAt ?? h.firstEventAt, h.now, h.target).days,
  };
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-12);

describe('health, checkpoints and the timeline', () => {
  it('equal an independent computation over random account histories', () => {
    fc.assert(
      fc.property(history, (h) => {
        const want = expected(h);
        const got = computed(h);
        expect(got.health.score).toBe(want.health.score);
        for (const k of ['seatPace', 'milestones', 'sponsor'] as const) expect(close(got.health[k], want.health[k]), k).toBe(true);
        for (const k of ['d30', 'd60', 'd90'] as const) expect(close(got.checkpoints[k], want.checkpoints[k]), k).toBe(true);
        expect(got.days.length).toBe(want.days.length);
        got.days.forEach((d, i) => {
          const w = want.days[i]!;
          expect({ ...d, rate: 0, pace: 0 }).toEqual({ ...w, rate: 0, pace: 0 });
          expect(close(d.rate, w.rate) && close(d.pace, w.pace), `day ${i}`).toBe(true);
        });
      }),
      { numRuns: 500, seed: 20261206 },
    );
  });
});
