import { parseDict } from './dict.js';
import type { AccountRow, UserRow } from './state.js';
import { parseTally, tally, type Tally } from './tally.js';
import type { AccountState, UserState } from './types.js';

/** A database row of `users` or `accounts`, as either backend returns it. */
export type Row = Record<string, unknown>;

// PostgreSQL returns BIGINT as strings, SQLite as numbers.
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const finite = (n: number) => (Number.isFinite(n) ? n : null);

export const userFrom = (r: Row): UserRow => ({
  userId: r.user_id as string,
  role: (r.role as string | null) ?? null,
  identifiedAt: num(r.identified_at) ?? -Infinity,
  accountId: (r.account_id as string | null) ?? null,
  hits: parseDict(r.hits as string),
  done: parseDict(r.done as string),
  activatedAt: num(r.activated_at),
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
});

/** Whether a stored row (of either backend) holds this person's state as it is. */
export const holdsUser = (r: Row, u: UserRow) =>
  r.role === u.role && num(r.identified_at) === finite(u.identifiedAt) && r.account_id === u.accountId &&
  num(r.activated_at) === u.activatedAt && r.hits === JSON.stringify(u.hits) && r.done === JSON.stringify(u.done);

/** Whether a stored row (of either backend) holds this account's state as it is. */
export const holdsAccount = (r: Row, a: AccountRow) =>
  num(r.seats) === a.seats && num(r.signed_at) === a.signedAt && r.name === a.name && num(r.traits_at) === finite(a.traitsAt) &&
  num(r.first_event_at) === a.firstEventAt && r.hits === JSON.stringify(a.hits) && r.tally === JSON.stringify(a.tally);

/**
 * Of the rows a recompute made, those not stored as they are, and the stored ids none of
 * them has: what it must write and delete. Ingest waits while a recompute writes, and
 * after one most rows are often unchanged (a checklist's wording, an item nobody reached).
 */
export function changedRows<T>(stored: Row[], idColumn: string, made: Iterable<T>, id: (x: T) => string, holds: (r: Row, x: T) => boolean) {
  const before = new Map(stored.map((r) => [r[idColumn] as string, r]));
  const changed: T[] = [];
  for (const x of made) {
    const old = before.get(id(x));
    before.delete(id(x));
    if (!old || !holds(old, x)) changed.push(x);
  }
  return { changed, gone: [...before.keys()] };
}

/** What the read API needs of a user row; the item counters are not even parsed. */
export const userStateFrom = (r: Row): UserState => ({
  userId: r.user_id as string,
  role: (r.role as string | null) ?? null,
  accountId: (r.account_id as string | null) ?? null,
  done: parseDict(r.done as string),
  activatedAt: num(r.activated_at),
});

/** Columns `userStateFrom` reads. */
export const USER_STATE_COLUMNS = 'user_id, role, account_id, done, activated_at';

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
    get tally() {
      return (tally ??= parseTally(r.tally as string));
    },
    tallyJson: r.tally as string,
  };
};

/** Columns `accountStateFrom` reads. */
export const ACCOUNT_STATE_COLUMNS = 'account_id, seats, signed_at, name, first_event_at, tally';

/**
 * For the schema step that adds tallies: every account's tally recounted from its
 * users' rows (`project_id` and USER_STATE_COLUMNS), as JSON.
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
