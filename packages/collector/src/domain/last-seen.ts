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
 * Marks a person, and the account they are in, seen at `at` (`seenAt`), where their stored
 * time moves forward by at least `SEEN_PRECISION_MS`; never back. Answers which of the two
 * rows changed.
 */
export function see(u: UserRow, a: AccountRow | undefined, at: number): { user: boolean; account: boolean } {
  const user = moved(u.lastSeenAt, at);
  if (user) u.lastSeenAt = at;
  const account = a !== undefined && moved(a.lastActivityAt, at);
  if (account) a.lastActivityAt = at;
  return { user, account };
}

/**
 * When an event says its person was seen: its timestamp, so that history sent late (a
 * backfill, a queue delivered after a day offline) dates them as it happened; but never
 * after the collector received it, so a client cannot put anyone in the future.
 */
export const seenAt = (timestamp: number, receivedAt: number) => Math.min(timestamp, receivedAt);

/** The people who sent these events (a group for an account alone names nobody), each with when their latest event says they were seen. */
export function sendersOf(events: readonly StoredEvent[], receivedAt: number): Map<string, number> {
  const latest = new Map<string, number>();
  for (const e of events) {
    if (!e.userId) continue;
    const at = seenAt(e.timestamp, receivedAt);
    const before = latest.get(e.userId);
    if (before === undefined || at > before) latest.set(e.userId, at);
  }
  return latest;
}
