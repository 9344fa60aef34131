/** How a webhook's failed deliveries are tried again. */
export interface RetryPolicy {
  /** The wait after the first failure; it doubles after each next one… */
  firstMs: number;
  /** …up to this. */
  maxMs: number;
  /** An event is tried until this long after it happened, then given up. */
  forMs: number;
}

const HOUR = 3_600_000;
/** 5 s, 10 s, 20 s… then hourly, for a day: about 30 attempts. */
export const RETRY: RetryPolicy = { firstMs: 5_000, maxMs: HOUR, forMs: 24 * HOUR };

/**
 * When to try again after failed attempt number `attempt` (1 for the first) made at `at`,
 * for an event created at `createdAt`; null to give up. The wait is drawn between half and
 * all of the doubled one, so receivers that failed together are not all retried together.
 * An attempt is made at or after `forMs` before giving up: retries last at least that long.
 */
export function retryAt(
  policy: RetryPolicy,
  attempt: number,
  at: number,
  createdAt: number,
  random: () => number = Math.random,
): number | null {
  if (at - createdAt >= policy.forMs) return null;
  const wait = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(attempt - 1, 40));
  return at + Math.round(wait / 2 + (random() * wait) / 2);
}
