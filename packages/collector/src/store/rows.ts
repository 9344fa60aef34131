import type { PaceTarget } from '../domain/status.js';
import { TOKEN_MODES, type TokenCounts, type TokenMode } from '../domain/identity-token.js';
import { parseDict } from '../domain/dict.js';
import type { AccountRow, UserRow } from '../domain/state.js';
import { parseTally, tally, type Tally } from '../domain/tally.js';
import type { AccountState, UserState } from '../domain/storage.js';

/** A database row of `users` or `accounts`, as either backend returns it. */
export type Row = Record<string, unknown>;

// PostgreSQL returns BIGINT as strings, SQLite as numbers.
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const finite = (n: number) => (Number.isFinite(n) ? n : null);

/** A project's stored activation target (JSON text), or null for the default. */
export const targetFrom = (json: string | null): PaceTarget | null => {
  if (json === null) return null;
  const { rate, days } = JSON.parse(json) as PaceTarget;
  return { rate, days };
};

/** A project's stored token mode; anything unknown reads as the strictest. */
export const tokenModeFrom = (v: unknown): TokenMode => (TOKEN_MODES.includes(v as TokenMode) ? (v as TokenMode) : 'enforce');

/** Sums of token counts as either backend returns them (null over no rows; PostgreSQL's as strings). */
export const tokenCountsFrom = (r: Record<string, unknown> | undefined): TokenCounts => ({
  valid: Number(r?.valid ?? 0),
  invalid: Number(r?.invalid ?? 0),
  missing: Number(r?.missing ?? 0),
});

export const userFrom = (r: Row): UserRow => ({
  userId: r.user_id as string,
  role: (r.role as string | null) ?? null,
  identifiedAt: num(r.identified_at) ?? -Infinity,
  accountId: (r.account_id as string | null) ?? null,
  hits: parseDict(r.hits as string),
  done: parseDict(r.done as string),
  activatedAt: num(r.activated_at),
  lastSeenAt: num(r.last_seen_at),
});

export const accountFrom = (r: Row): AccountRow => ({
  accountId: r.account_id as string,
  seats: num(r.seats),
  signedAt: num(r.signed_at),
  name: (r.name as string | null) ?? null,
  traitsAt: num(r.traits_at) ?? -Infinity,
  firstEventAt: num(r.first_event_at),
  hits: parseDict(r.hits as string, 2),
  tally: parseTally(r.tally as string),
  lastActivityAt: num(r.last_activity_at),
});

/** What the read API needs of a user row; the item counters are not even parsed. */
export const userStateFrom = (r: Row): UserState => ({
  userId: r.user_id as string,
  role: (r.role as string | null) ?? null,
  accountId: (r.account_id as string | null) ?? null,
  done: parseDict(r.done as string),
  activatedAt: num(r.activated_at),
  lastSeenAt: num(r.last_seen_at),
});

/** Columns a tally is counted from (schema steps older than `last_seen_at` read these). */
export const TALLY_COLUMNS = 'user_id, role, account_id, done, activated_at';
/** Columns `userStateFrom` reads. */
export const USER_STATE_COLUMNS = `${TALLY_COLUMNS}, last_seen_at`;

/**
 * What the read API needs of an account row; its item counters are not read, and its
 * tally is parsed on first use: a listed account whose summary is kept needs none.
 */
export const accountStateFrom = (r: Row): AccountState => {
  let tally: Tally | undefined;
  return {
    accountId: r.account_id as string,
    seats: num(r.seats),
    signedAt: num(r.signed_at),
    name: (r.name as string | null) ?? null,
    firstEventAt: num(r.first_event_at),
    lastActivityAt: num(r.last_activity_at),
    get tally() {
      return (tally ??= parseTally(r.tally as string));
    },
    tallyJson: r.tally as string,
  };
};

/** Columns `accountStateFrom` reads. */
export const ACCOUNT_STATE_COLUMNS = 'account_id, seats, signed_at, name, first_event_at, tally, last_activity_at';

/**
 * For the schema step that adds tallies: every account's tally recounted from its
 * users' rows (`project_id` and TALLY_COLUMNS), as JSON.
 */
export function recountTallies(rows: Row[]): Array<[projectId: string, accountId: string, json: string]> {
  const byAccount = new Map<string, { projectId: string; accountId: string; users: UserState[] }>();
  for (const r of rows) {
    const u = userStateFrom(r);
    const key = JSON.stringify([r.project_id, u.accountId]);
    const entry = byAccount.get(key) ?? { projectId: r.project_id as string, accountId: u.accountId!, users: [] };
    entry.users.push(u);
    byAccount.set(key, entry);
  }
  return [...byAccount.values()].map((a) => [a.projectId, a.accountId, JSON.stringify(tally(a.users))]);
}
