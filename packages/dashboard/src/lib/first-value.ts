import type { AccountSummary } from '../types.js';

/** The days the accounts page counts first value by; the middle one is the target. */
export const FIRST_VALUE_DAYS = [7, 14, 30] as const;
export const FIRST_VALUE_TARGET_DAYS = 14;

/** How many accounts reached first value within each of `FIRST_VALUE_DAYS` of signing. */
export function firstValueBy(accounts: AccountSummary[]): number[] {
  return FIRST_VALUE_DAYS.map((d) => accounts.filter((a) => a.timeToFirstValueDays !== null && a.timeToFirstValueDays <= d).length);
}
