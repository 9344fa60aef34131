import { insertActivation, removeActivation } from './activations.js';
import { dict } from './dict.js';

/** Per role: how many people, and how many of them activated. */
export interface RoleTally {
  users: number;
  activated: number;
}

/**
 * What an account's summary needs of its people. Kept on the account row at ingest,
 * so the accounts list reads one row per account instead of every user.
 */
export interface Tally {
  /** By role (`unknown` for people identified without one). */
  roles: Record<string, RoleTally>;
  /** By role, then item: how many people have done it. */
  done: Record<string, Record<string, number>>;
  /**
   * When each counted activation happened (epoch ms, sorted, every role): the first value,
   * the 30/60/90-day checkpoints and the timeline. A list, not a minimum, so taking a
   * person away is exact.
   */
  activations: number[];
}

/** What one person contributes to their account's tally. */
export interface Contribution {
  role: string | null;
  /** Item ids done, with when. */
  done: Record<string, string>;
  activatedAt: number | null;
}

export const emptyTally = (): Tally => ({ roles: dict(), done: dict(), activations: [] });
/** An account without people, as the schema step that added tallies stored it (before activations were kept). */
export const EMPTY_TALLY = '{"roles":{},"done":{}}';

/**
 * Adds (`sign` 1) or takes away (-1) one person; activations after `deadline` are not
 * counted. Counters that fall to zero are deleted, so a tally kept up by adding and
 * taking away equals a recount.
 */
export function count(t: Tally, u: Contribution, sign: 1 | -1, deadline = Infinity): void {
  const role = u.role ?? 'unknown';
  const r = (t.roles[role] ??= { users: 0, activated: 0 });
  r.users += sign;
  if (u.activatedAt !== null && u.activatedAt <= deadline) {
    r.activated += sign;
    if (sign > 0) insertActivation(t.activations, u.activatedAt);
    else removeActivation(t.activations, u.activatedAt);
  }
  countItems(t, u.role, u.done, sign);
  if (r.users === 0) delete t.roles[role];
}

/** Adds or takes away one person's done items alone: their role's people and activations stay as counted. */
export function countItems(t: Tally, role: string | null, items: Record<string, unknown>, sign: 1 | -1): void {
  const key = role ?? 'unknown';
  const done = (t.done[key] ??= dict());
  for (const item of Object.keys(items)) if ((done[item] = (done[item] ?? 0) + sign) === 0) delete done[item];
  if (Object.keys(done).length === 0) delete t.done[key];
}

/** Counts people from scratch. */
export function tally(users: Iterable<Contribution>, deadline = Infinity): Tally {
  const t = emptyTally();
  for (const u of users) count(t, u, 1, deadline);
  return t;
}

/**
 * A stored tally, parsed into prototype-less dictionaries: role and item ids are user data.
 * One stored before activations were kept (schema steps recount those; a collector of
 * before may still write one beside this one on PostgreSQL) reads as having none.
 */
export function parseTally(json: string): Tally {
  const t = JSON.parse(json) as Tally;
  t.activations ??= [];
  Object.setPrototypeOf(t.roles, null);
  Object.setPrototypeOf(t.done, null);
  for (const role of Object.keys(t.done)) Object.setPrototypeOf(t.done[role]!, null);
  return t;
}
