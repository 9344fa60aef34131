import type { Checklist } from '@firstwin/sdk/rules';
import { DEFAULT_TARGET, GRACE_DAYS, paceOn, type PaceTarget } from '../status.js';
import type { Tally } from '../tally.js';

/** The early health signal: usage, milestones and the sponsor, each 0–1, blended into a 0–100 score. */
export interface Health {
  score: number;
  seatPace: number;
  milestones: number;
  sponsor: number;
}

const SPONSOR = 'sponsor';

/** The seat activation rate against the pace for `day` (day 7 in the first week), capped at 1. */
export function seatPaceOf(rate: number, day: number, target: PaceTarget | null = null): number {
  // A target's rate is at least 0.01 and the day at least 7: the pace is never 0.
  return Math.min(1, rate / paceOn(Math.max(day, GRACE_DAYS), target ?? DEFAULT_TARGET));
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

/** The three blended into a score: usage weighs most, then milestones, then the sponsor. */
export function healthOf(seatPace: number, milestones: number, sponsor: number): Health {
  return { score: Math.round(100 * (0.5 * seatPace + 0.3 * milestones + 0.2 * sponsor)), seatPace, milestones, sponsor };
}

/** Ascending health score, worst first; `Array.prototype.sort` is stable, so ties keep their order. */
export const worstFirst = (a: { health: Health }, b: { health: Health }) => a.health.score - b.health.score;
