import type { StoredEvent } from './event.js';
import type { AccountRow, UserRow } from './state.js';

/**
 * How far a stored last-seen time may lag: it is written only once it would move by this
 * much. Nearly every batch changes no state and is stored without being parsed; writing
 * its person's row for each of them would cost that path a write per batch.
 */
export const SEEN_PRECISION_MS = 60_000;

const moved = (stored: number | null, at: number) => stored === null || at - stored >= SEEN_PRECISION_MS;

/**
 * Marks a person, and the account they are in, seen at `at` (the collector's clock as the
 * batch arrived: a client's timestamps are whatever it says), where their stored time moves
 * by at least `SEEN_PRECISION_MS`; never back. Answers which of the two rows changed.
 */
export function see(u: UserRow, a: AccountRow | undefined, at: number): { user: boolean; account: boolean } {
  const user = moved(u.lastSeenAt, at);
  if (user) u.lastSeenAt = at;
  const account = a !== undefined && moved(a.lastActivityAt, at);
  if (account) a.lastActivityAt = at;
  return { user, account };
}

/** The people who sent these events (a group for an account alone names nobody). */
export const sendersOf = (events: readonly StoredEvent[]): Set<string> => new Set(events.flatMap((e) => (e.userId ? [e.userId] : [])));
