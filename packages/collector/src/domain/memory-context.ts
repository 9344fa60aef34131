import type { Checklist } from '@firstwin/sdk/rules';
import type { StoredEvent } from './event.js';
import { newAccount, newUser, type AccountRow, type StateContext, type UserRow } from './state.js';
import { count, countItems, type Contribution } from './tally.js';

/** Where rows not yet in memory come from; without one, a row not in memory is new. */
export interface RowSource {
  user(userId: string): UserRow | undefined;
  account(accountId: string): AccountRow | undefined;
  usersOf(accountId: string): UserRow[];
}

/** A person as their account's stored tally counts them. */
type Counted = Contribution & { accountId: string | null };
const counted = (u: UserRow): Counted => ({ accountId: u.accountId, role: u.role, done: u.done, activatedAt: u.activatedAt });
const samePlace = (a: Counted, b: Counted) => a.accountId === b.accountId && a.role === b.role && a.activatedAt === b.activatedAt;
// `refresh` builds `done` in checklist order, so equal sets have equal key lists.
const sameItems = (a: Counted, b: Counted) => JSON.stringify(Object.keys(a.done)) === JSON.stringify(Object.keys(b.done));

/**
 * A context over rows kept in memory (those in `users` and `accounts` at the start are
 * stored rows, as are those read from `source` on first use): new rows and changed
 * ones are collected in the dirty sets for the backend to write, once `finish` has
 * brought the changed people's account tallies up to date.
 */
export function memoryContext(
  checklists: Checklist[],
  users: Map<string, UserRow>,
  accounts: Map<string, AccountRow>,
  tracks: (userId: string) => StoredEvent[],
  source?: RowSource,
) {
  const dirtyUsers = new Set<UserRow>();
  const dirtyAccounts = new Set<AccountRow>();
  /** How each stored person is counted in the stored tallies (`refresh` replaces `done`, never edits it). */
  const stored = new Map<UserRow, Counted>();
  /**
   * Who is in which account, kept as rows come in and as they change (every change is
   * followed by `dirtyUser`): a recompute holds every person in memory, and scanning
   * them all for each account-scoped hit made it quadratic.
   */
  const members = new Map<string, Set<UserRow>>();
  /** Accounts whose people `source` has given. */
  const read = new Set<string>();
  const placed = new Map<UserRow, string | null>();
  const place = (u: UserRow) => {
    const was = placed.get(u);
    if (was === u.accountId && placed.has(u)) return;
    if (was) members.get(was)!.delete(u);
    placed.set(u, u.accountId);
    if (!u.accountId) return;
    let m = members.get(u.accountId);
    if (!m) members.set(u.accountId, (m = new Set()));
    m.add(u);
  };
  for (const u of users.values()) {
    stored.set(u, counted(u));
    place(u);
  }
  const ctx: StateContext = {
    checklists,
    user(id) {
      let u = users.get(id);
      if (!u) {
        const row = source?.user(id);
        users.set(id, (u = row ?? newUser(id)));
        if (row) stored.set(row, counted(row));
        else dirtyUsers.add(u);
        place(u);
      }
      return u;
    },
    account(id) {
      let a = accounts.get(id);
      if (!a) {
        const row = source?.account(id);
        accounts.set(id, (a = row ?? newAccount(id)));
        if (!row) dirtyAccounts.add(a);
      }
      return a;
    },
    usersOf(accountId) {
      // Read once: from then on, the index follows everyone who joins or leaves.
      if (source && !read.has(accountId)) {
        for (const u of source.usersOf(accountId)) {
          if (users.has(u.userId)) continue;
          users.set(u.userId, u);
          stored.set(u, counted(u));
          place(u);
        }
        read.add(accountId);
      }
      return [...(members.get(accountId) ?? [])];
    },
    trackEventsOf: tracks,
    dirtyUser(u) {
      dirtyUsers.add(u);
      place(u);
    },
    dirtyAccount: (a) => void dirtyAccounts.add(a),
  };
  /** People whose activation this context made, as the last `finish` found them. */
  const activated: UserRow[] = [];
  /** Moves each changed person's count from the tally that had them to the one that has them now. */
  const finish = () => {
    activated.length = 0;
    const move = (accountId: string | null, c: Counted, sign: 1 | -1) => {
      if (!accountId) return;
      const a = ctx.account(accountId);
      count(a.tally, c, sign);
      ctx.dirtyAccount(a);
    };
    for (const u of dirtyUsers) {
      const before = stored.get(u);
      const now = counted(u);
      stored.set(u, now);
      if (now.activatedAt !== null && (before?.activatedAt ?? null) === null) activated.push(u);
      if (before && samePlace(before, now)) {
        // Most changes are items done: only those counters move.
        if (!now.accountId || sameItems(before, now)) continue;
        const a = ctx.account(now.accountId);
        countItems(a.tally, before.role, before.done, -1);
        countItems(a.tally, now.role, now.done, 1);
        ctx.dirtyAccount(a);
        continue;
      }
      if (before) move(before.accountId, before, -1);
      move(now.accountId, now, 1);
    }
  };
  return { ctx, dirtyUsers, dirtyAccounts, activated, finish };
}
