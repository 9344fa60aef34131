import type Database from 'better-sqlite3';
import type { Checklist } from '@firstwin/sdk/rules';
import type { StoredEvent } from '../../domain/event.js';
import { unpackRun } from '../../domain/packed.js';
import { see } from '../../domain/last-seen.js';
import { memoryContext } from '../../domain/memory-context.js';
import { activationOf } from '../../domain/webhooks/announce.js';
import type { AccountRow, UserRow } from '../../domain/state.js';
import { accountFrom, finite, userFrom } from '../rows.js';
import type { Queries } from './queries.js';
import { rowCache } from './row-cache.js';

/**
 * The writing connection's state rows: read once per transaction (and kept between
 * transactions), changed by the state machine in memory, and written back once at its end.
 * `rowsKept`: people (and a fifth as many accounts) whose rows stay in memory.
 */
export function stateRows(db: Database.Database, q: Queries, numOf: (projectId: string) => number, rowsKept: number) {
  const putUser = (projectId: string, u: UserRow) =>
    q.putUser.run({
      p: projectId,
      userId: u.userId,
      role: u.role,
      identifiedAt: finite(u.identifiedAt),
      accountId: u.accountId,
      hits: JSON.stringify(u.hits),
      done: JSON.stringify(u.done),
      activatedAt: u.activatedAt,
      lastSeenAt: u.lastSeenAt,
    });
  const putAccount = (projectId: string, a: AccountRow) =>
    q.putAccount.run({
      p: projectId,
      accountId: a.accountId,
      seats: a.seats,
      signedAt: a.signedAt,
      name: a.name,
      traitsAt: finite(a.traitsAt),
      firstEventAt: a.firstEventAt,
      hits: JSON.stringify(a.hits),
      tally: JSON.stringify(a.tally),
      lastActivityAt: a.lastActivityAt,
    });

  /** A person's stored track events, and those of the batch being ingested not yet written (`unwritten`). */
  const tracksOf = (projectId: string, unwritten?: Map<string, StoredEvent[]>) => (userId: string) => {
    const stored = q.trackRuns.all(numOf(projectId), userId).flatMap(unpackRun);
    return stored.concat(unwritten?.get(`1${userId}`) ?? []);
  };

  /**
   * State rows kept between transactions: a server-side batch names a hundred people, and
   * reading and parsing their rows again for every batch was a third of its cost. Sound
   * because this connection alone writes them (ingest and recompute go through it), so
   * after each commit the rows in memory are those on disk. They are dropped whenever that
   * may not hold: a transaction failed (its changes were made to them in place), a
   * recompute swapped a project's rows, or another connection committed (`data_version`).
   */
  const users = rowCache<UserRow>(rowsKept);
  const accounts = rowCache<AccountRow>(Math.ceil(rowsKept / 5));
  const forgetRows = () => {
    users.clear();
    accounts.clear();
  };
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let version: unknown;
  /** Runs `work` in a transaction that holds the write lock from its start, on rows known to be current. */
  const writing = <T>(work: () => T): T => {
    try {
      const result = db
        .transaction(() => {
          const v = dataVersion.get();
          if (v !== version) forgetRows();
          version = v;
          return work();
        })
        .immediate();
      users.trim();
      accounts.trim();
      return result;
    } catch (err) {
      forgetRows();
      throw err;
    }
  };

  const key = (projectId: string, id: string) => `${projectId}\0${id}`;
  const storedUser = (projectId: string, id: string) =>
    users.get(key(projectId, id), () => {
      const row = q.getUser.get(projectId, id);
      return row && userFrom(row);
    });
  const storedAccount = (projectId: string, id: string) =>
    accounts.get(key(projectId, id), () => {
      const row = q.getAccount.get(projectId, id);
      return row && accountFrom(row);
    });
  /**
   * Marks a person and their account seen at `at` (`last-seen.ts`): a row that moved is
   * written, by one narrow UPDATE unless it is in `written` (rows `save` writes whole).
   */
  const seen = (
    projectId: string,
    u: UserRow,
    a: AccountRow | undefined,
    at: number,
    written?: { users: Set<UserRow>; accounts: Set<AccountRow> },
  ) => {
    const moved = see(u, a, at);
    if (moved.user && !written?.users.has(u)) q.seeUser.run(at, projectId, u.userId);
    if (moved.account && !written?.accounts.has(a!)) q.seeAccount.run(at, projectId, a!.accountId);
  };

  /**
   * The state machine's context for one transaction, and `save` to write what it changed
   * (it answers the accounts changed and the people activated, for `signals.ts`), the
   * people who sent its events marked seen, each at their time (`sendersOf`); with `stored` false, every row starts
   * new (a recompute builds the state from nothing, and `keepSeen` carries over the times
   * each row was last seen, which no event says).
   */
  function context(projectId: string, checklists: Checklist[], stored = true, unwritten?: Map<string, StoredEvent[]>) {
    const inMemory = { users: new Map<string, UserRow>(), accounts: new Map<string, AccountRow>() };
    const { ctx, dirtyUsers, dirtyAccounts, activated, finish } = memoryContext(
      checklists,
      inMemory.users,
      inMemory.accounts,
      tracksOf(projectId, unwritten),
      stored
        ? {
            user: (id) => storedUser(projectId, id),
            account: (id) => storedAccount(projectId, id),
            // A person already in memory is that object, never a second copy of their row.
            usersOf: (accountId) =>
              q.usersOf.all(projectId, accountId).map((row) => users.get(key(projectId, row.user_id as string), () => userFrom(row))!),
          }
        : undefined,
    );
    const save = (people: ReadonlyMap<string, number> = new Map()) => {
      finish();
      const written = { users: dirtyUsers, accounts: dirtyAccounts };
      for (const [id, at] of people) {
        const u = ctx.user(id);
        seen(projectId, u, u.accountId === null ? undefined : ctx.account(u.accountId), at, written);
      }
      for (const u of dirtyUsers) putUser(projectId, u);
      for (const a of dirtyAccounts) putAccount(projectId, a);
      return { accounts: dirtyAccounts, activated: activated.map(activationOf) };
    };
    const keepSeen = () => {
      for (const { id, at } of q.usersSeen.all(projectId)) {
        const u = inMemory.users.get(id);
        if (u) u.lastSeenAt = at;
      }
      for (const { id, at } of q.accountsSeen.all(projectId)) {
        const a = inMemory.accounts.get(id);
        if (a) a.lastActivityAt = at;
      }
    };
    return { ctx, save, keepSeen };
  }

  return { writing, forgetRows, storedUser, storedAccount, context, seen };
}

export type StateRows = ReturnType<typeof stateRows>;
