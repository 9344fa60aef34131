import { parseDict } from './dict.js';
import type { AccountRow, UserRow } from './state.js';
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
});

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

/** What the read API needs of an account row; its item counters are not read. */
export const accountStateFrom = (r: Row): AccountState => ({
  accountId: r.account_id as string,
  seats: num(r.seats),
  signedAt: num(r.signed_at),
  name: (r.name as string | null) ?? null,
  firstEventAt: num(r.first_event_at),
});

/** Columns `accountStateFrom` reads. */
export const ACCOUNT_STATE_COLUMNS = 'account_id, seats, signed_at, name, first_event_at';

