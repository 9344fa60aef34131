/** The unit of every pace and deadline. */
export const DAY_MS = 86_400_000;

export type Status = 'activated' | 'on_track' | 'at_risk' | 'no_data';

export interface PaceTarget {
  /** Share of seats that should be activated… */
  rate: number;
  /** …this many days after the contract was signed. */
  days: number;
}

export const DEFAULT_TARGET: PaceTarget = { rate: 0.7, days: 60 };
/** An account's first week is never at risk, and is paced as day 7 in its health. */
export const GRACE_DAYS = 7;

/** The rate a linear pace toward the target expects on `day`. */
export const paceOn = (day: number, target = DEFAULT_TARGET): number =>
  (target.rate * Math.min(Math.max(day, 0), target.days)) / target.days;

/**
 * `activated` once the target is met; `at_risk` from day 7 on when under half the
 * pace for that day; `on_track` otherwise; `no_data` while the account has no users.
 * A project that set no target (`null`) is paced against the default.
 */
export function statusOf(rate: number, users: number, day: number, projectTarget: PaceTarget | null = null): Status {
  const target = projectTarget ?? DEFAULT_TARGET;
  if (users === 0) return 'no_data';
  if (rate >= target.rate) return 'activated';
  if (day >= GRACE_DAYS && rate < paceOn(day, target) / 2) return 'at_risk';
  return 'on_track';
}
