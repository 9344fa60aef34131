/** Exponential backoff with full jitter: retries spread out instead of stampeding a recovering collector. */
export const backoff = (attempt: number, random: () => number, base = 1000, cap = 60_000): number =>
  Math.floor(random() * Math.min(cap, base * 2 ** Math.min(attempt, 16)));

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  // Whole seconds (RFC 9110; fetch trims header values), else a date.
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}
