import { DAY_MS, DEFAULT_TARGET, GRACE_DAYS, type PaceTarget } from '../status.js';
import { CHECKPOINT_DAYS } from './checkpoints.js';
import type { Standing } from './clocked.js';
import { nextStatusChange } from './next-change.js';

// Floating point may end a capped seat pace a hair before the day computed for it in real
// numbers: that bound is taken a second early, which costs only a recompute.
const MARGIN_MS = 1000;

/**
 * Until when (exclusive) the clock-driven parts of a summary (`clocked`) stay what they
 * are at `now`, with no event arriving: `now + 1` while the seat pace moves with the pace
 * (after the first week, paced as day 7, and before the target day, while under the
 * pace); otherwise the next of: the day the rising pace overtakes a rate that kept up with
 * it, the end of the first week, the next checkpoint day, the next status change. A
 * summary past its target day and day 90 never moves: the list then keeps it whole.
 */
export function steadyUntil(s: Standing, now: number, projectTarget: PaceTarget | null): number {
  const target = projectTarget ?? DEFAULT_TARGET;
  const day = (now - s.start) / DAY_MS;
  let until = Infinity;
  if (day < GRACE_DAYS) until = s.start + GRACE_DAYS * DAY_MS;
  // With no one activated, a seat pace of 0 whatever the pace.
  else if (day < target.days && s.rate > 0) {
    // Capped at 1 while the pace is at most the rate, i.e. up to day rate × days / target rate.
    const capped = Math.floor(s.start + ((s.rate * target.days) / target.rate) * DAY_MS) - MARGIN_MS;
    if (capped <= now) return now + 1;
    until = capped;
  }
  const checkpoint = CHECKPOINT_DAYS.find((d) => day < d);
  if (checkpoint !== undefined) until = Math.min(until, s.start + checkpoint * DAY_MS);
  return Math.min(until, nextStatusChange(s, now, projectTarget) ?? Infinity);
}
