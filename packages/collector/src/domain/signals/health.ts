import type { Checklist } from '@firstwin/sdk/rules';
import { DEFAULT_TARGET, paceOn, type PaceTarget } from '../status.js';
import type { Tally } from '../tally.js';

/** The early health signal: usage, milestones and the sponsor, each 0–1, blended into a 0–100 score. */
export interface Health {
  score: number;
  seatPace: number;
  milestones: number;
  sponsor: number;
}

// The pace is not asked of an account's first week: day 3 is judged as day 7, as status is.
const FIRST_WEEK = 7;
const SPONSOR = 'sponsor';

/** The seat activation rate against the pace for `day`, capped at 1. */
export function seatPaceOf(rate: number, day: number, target: PaceTarget | null = null): number {
  // A target's rate is at least 0.01 and the day at least 7: the pace is never 0.
  return Math.min(1, rate / paceOn(Math.max(day, FIRST_WEEK), target ?? DEFAULT_TARGET));
}

/**
 * Items done / items assigned, over every person whose role has a checklist: the tally
 * counts an account-scoped item as done by each person it shows done for.
 */
export function milestonesOf(t: Pick<Tally, 'roles' | 'done'>, checklists: readonly Checklist[]): number {
  let done = 0;
  let assigned = 0;
  for (const c of checklists) {
    assigned += (t.roles[c.role]?.users ?? 0) * c.items.length;
    const counts = t.done[c.role];
    if (counts) for (const item of c.items) done += counts[item.id] ?? 0;
  }
  return assigned > 0 ? done / assigned : 0;
}

/** 1 with an activated sponsor, 0.5 with one known but none activated, 0 with none. */
export function sponsorOf(t: Pick<Tally, 'roles'>): number {
  const r = t.roles[SPONSOR];
  if (!r || r.users === 0) return 0;
  return r.activated > 0 ? 1 : 0.5;
}

/** Health from the account's tally, its seat activation rate and its day since signing (or first event). */
export function healthOf(t: Pick<Tally, 'roles' | 'done'>, checklists: readonly Checklist[], rate: number, day: number, target: PaceTarget | null = null): Health {
  const seatPace = seatPaceOf(rate, day, target);
  const milestones = milestonesOf(t, checklists);
  const sponsor = sponsorOf(t);
  return { score: Math.round(100 * (0.5 * seatPace + 0.3 * milestones + 0.2 * sponsor)), seatPace, milestones, sponsor };
}
