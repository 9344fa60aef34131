import { DEFAULT_TARGET, statusOf, type PaceTarget } from '../status.js';
import { DAY_MS, summarize, type AccountFacts } from '../summary.js';
import type { Tally } from '../tally.js';

const GRACE_DAYS = 7;

/**
 * The first moment after `now` at which the account's status changes by the clock alone,
 * its people and traits staying as they are; null when it never does. Only `on_track`
 * moves so: the pace rises with the days until the target's day, so an account under half
 * of it stays `at_risk`, and `activated` and `no_data` do not depend on the day.
 */
export function nextStatusChange(account: AccountFacts, tally: Tally, now: number, target: PaceTarget | null): number | null {
  const start = account.signedAt ?? account.firstEventAt;
  if (start === null) return null; // its day is always 0
  const s = summarize(account, tally, [], now, target);
  if (s.status !== 'on_track') return null;
  const t = target ?? DEFAULT_TARGET;
  const rate = s.seatActivationRate;
  // At risk from the day half the pace passes the rate (never, when the full target's half does not).
  if (rate >= t.rate / 2) return null;
  const users = Object.values(tally.roles).reduce((n, r) => n + r.users, 0);
  let at = Math.max(start + GRACE_DAYS * DAY_MS, Math.floor(start + (2 * rate * t.days / t.rate) * DAY_MS));
  // The crossing itself is not yet under half the pace; floating point may put it a millisecond off.
  while (statusOf(rate, users, (at - start) / DAY_MS, target) !== 'at_risk') at += 1;
  return Math.max(at, now + 1);
}
