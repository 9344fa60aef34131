import { DAY_MS, DEFAULT_TARGET, GRACE_DAYS, statusOf, type PaceTarget } from '../status.js';
import { standingOf } from '../summary.js';
import type { Standing } from './clocked.js';
import type { AccountState } from '../storage.js';

/** More than floating point ever needs; a bound all the same, so a sweep can never hang here. */
const SETTLE = 64;

/**
 * The first millisecond after `now` at which the clock alone changes the status (no
 * event arriving), or null when it never will. Only `on_track` moves by the clock: the
 * pace rises linearly to the target day, and once under half of it an account stays
 * there until people activate; `activated` and `no_data` wait for events.
 */
export function nextStatusChange(
  { rate, users, start }: Pick<Standing, 'rate' | 'users' | 'start'>,
  now: number,
  projectTarget: PaceTarget | null = null,
): number | null {
  const target = projectTarget ?? DEFAULT_TARGET;
  const statusAt = (t: number) => statusOf(rate, users, (t - start) / DAY_MS, projectTarget);
  const current = statusAt(now);
  // Half the pace never climbs above half the target rate.
  if (current !== 'on_track' || rate >= target.rate / 2) return null;
  // Past day 7, at risk once pace / 2 > rate, i.e. after day 2 × rate × days / target rate.
  const day = Math.max(GRACE_DAYS, (2 * rate * target.days) / target.rate);
  let t = Math.max(now + 1, Math.ceil(start + day * DAY_MS));
  // The day above is exact only in real numbers: settle on the very millisecond statusOf
  // itself first answers otherwise, which floating point puts within a step or two.
  for (let step = 0; step < SETTLE && t > now + 1 && statusAt(t - 1) !== current; step++) t--;
  for (let step = 0; step < SETTLE && statusAt(t) === current; step++) t++;
  return t;
}

/** The same for a stored account, as its summary would compute it. */
export function nextChangeOf(account: AccountState, now: number, target: PaceTarget | null = null): number | null {
  return nextStatusChange(standingOf(account, account.tally, [], now).standing, now, target);
}
