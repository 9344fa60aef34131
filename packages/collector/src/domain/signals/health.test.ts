import { describe, expect, it } from 'vitest';
import { tally, type Contribution, type Tally } from '../tally.js';
import { checklists } from '../../test-helpers.js';
import { healthOf, milestonesOf, seatPaceOf, sponsorOf, worstFirst } from './health.js';

const person = (role: string | null, activatedAt: number | null, ...done: string[]): Contribution => ({
  role,
  activatedAt,
  done: Object.fromEntries(done.map((d) => [d, 'x'])),
});

// The account of activation.test.ts: the admin's pipeline completes `team` for every end-user.
const acme = tally([
  person('admin', 2, 'pipelines', 'reps'),
  person('end_user', 3, 'log', 'move', 'team'),
  person('end_user', 9, 'log', 'move', 'team'),
  person('end_user', null, 'log', 'team'),
  person('sponsor', 12, 'review'),
]);

const health = (t: Tally, rate: number, day: number) => healthOf(seatPaceOf(rate, day), milestonesOf(t, checklists), sponsorOf(t));

describe('health', () => {
  it('blends seat pace, milestones and the sponsor into a score', () => {
    // 4 of 10 seats on day 30 beat the pace of 0.35; 11 of 15 items assigned are done.
    expect(health(acme, 0.4, 30)).toEqual({ score: 92, seatPace: 1, milestones: 11 / 15, sponsor: 1 });
  });

  it('asks the first week for the pace of day 7, and later days for their own', () => {
    const pace7 = (0.7 * 7) / 60;
    expect(seatPaceOf(0.04, 0)).toBeCloseTo(0.04 / pace7);
    expect(seatPaceOf(0.04, 3)).toBe(seatPaceOf(0.04, 7));
    expect(seatPaceOf(0.1, 30)).toBeCloseTo(0.1 / 0.35);
    expect(seatPaceOf(0.5, 600)).toBeCloseTo(0.5 / 0.7);
    expect(seatPaceOf(0.9, 600)).toBe(1);
    // A project's own target: 50 % by day 10 asks for 0.25 on day 5... judged as day 7.
    expect(seatPaceOf(0.1, 5, { rate: 0.5, days: 10 })).toBeCloseTo(0.1 / 0.35);
  });

  it('counts milestones only for people whose role has a checklist, 0 with none', () => {
    expect(milestonesOf(tally([person('ops', 1), person(null, null)]), checklists)).toBe(0);
    expect(milestonesOf(tally([]), checklists)).toBe(0);
    expect(milestonesOf(tally([person('sponsor', null), person('ops', null)]), checklists)).toBe(0);
    expect(milestonesOf(tally([person('sponsor', 1, 'review'), person('sponsor', null)]), checklists)).toBe(0.5);
    expect(milestonesOf(acme, [])).toBe(0);
  });

  it("ignores items done that the role's checklist no longer has", () => {
    expect(milestonesOf(tally([person('sponsor', null, 'review', 'gone')]), checklists)).toBe(1);
  });

  it('gives the sponsor 1 activated, 0.5 known, 0 absent', () => {
    expect(sponsorOf(tally([person('sponsor', 5), person('sponsor', null)]))).toBe(1);
    expect(sponsorOf(tally([person('sponsor', null)]))).toBe(0.5);
    expect(sponsorOf(tally([person('admin', 5)]))).toBe(0);
  });

  it('scores an empty account 0 and a role named like a prototype member as data', () => {
    expect(health(tally([]), 0, 30)).toEqual({ score: 0, seatPace: 0, milestones: 0, sponsor: 0 });
    expect(health(tally([person('__proto__', 1, 'toString')]), 1, 30).milestones).toBe(0);
  });

  it('sorts worst first, ties in their order', () => {
    const rows = [
      { id: 'a', health: health(acme, 0.4, 30) },
      { id: 'b', health: health(tally([]), 0, 30) },
      { id: 'c', health: health(tally([]), 0, 30) },
    ];
    expect(rows.sort(worstFirst).map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });
});
