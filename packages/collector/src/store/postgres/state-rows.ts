import type { Checklist } from '@firstwin/sdk/rules';
import type pg from 'pg';
import type { StoredEvent } from '../../domain/event.js';
import { unpackRun } from '../../domain/packed.js';
import { activationOf } from '../../domain/webhooks/announce.js';
import { see } from '../../domain/last-seen.js';
import { memoryContext, type RowSource } from '../../domain/memory-context.js';
import { mayMove, type AccountRow, type UserRow } from '../../domain/state.js';
import { accountFrom, finite, userFrom } from '../rows.js';

/** The stored track events of these people, by person: what rebuilding them replays. */
export async function trackHistory(c: pg.PoolClient, projectId: string, userIds: string[]): Promise<Map<string, StoredEvent[]>> {
  const tracks = new Map<string, StoredEvent[]>();
  const q = 'SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND tracks AND user_id = ANY($2) ORDER BY seq';
  for (const r of (await c.query(q, [projectId, [...new Set(userIds)]])).rows) {
    const list = tracks.get(r.user_id) ?? [];
    list.push(...unpackRun(r));
    tracks.set(r.user_id, list);
  }
  return tracks;
}

/**
 * The state machine's context over rows in memory, `save` to write what it changed (after
 * `finish`), and `changed`: the accounts it changed and the people it activated (`webhooks.ts`).
 */
export function writableContext(
  checklists: Checklist[],
  users: Map<string, UserRow>,
  accounts: Map<string, AccountRow>,
  tracks: (id: string) => StoredEvent[],
  source?: RowSource,
) {
  const { ctx, dirtyUsers, dirtyAccounts, activated, finish } = memoryContext(checklists, users, accounts, tracks, source);
  /**
   * Marks the people who sent the events seen, each at their time (`sendersOf`): the rows
   * that moved and are not written whole anyway.
   */
  const seenOnly = (people: ReadonlyMap<string, number>) => {
    const only = { users: new Set<UserRow>(), accounts: new Set<AccountRow>() };
    for (const [id, at] of people) {
      const u = ctx.user(id);
      const a = u.accountId === null ? undefined : ctx.account(u.accountId);
      const moved = see(u, a, at);
      if (moved.user && !dirtyUsers.has(u)) only.users.add(u);
      if (moved.account && !dirtyAccounts.has(a!)) only.accounts.add(a!);
    }
    return { users: [...only.users], accounts: [...only.accounts] };
  };
  /** Two statements whatever the batch touched (three when only a last-seen time moved): round trips, not rows, are what cost here. */
  const save = async (c: pg.PoolClient, projectId: string, people: ReadonlyMap<string, number> = new Map()) => {
    const only = seenOnly(people);
    if (only.users.length || only.accounts.length) {
      await c.query(
        `WITH u AS (UPDATE users SET last_seen_at = s.at FROM unnest($2::text[], $3::bigint[]) s (id, at)
                    WHERE project_id = $1 AND user_id = s.id)
         UPDATE accounts SET last_activity_at = s.at FROM unnest($4::text[], $5::bigint[]) s (id, at)
         WHERE project_id = $1 AND account_id = s.id`,
        [
          projectId,
          only.users.map((u) => u.userId),
          only.users.map((u) => u.lastSeenAt),
          only.accounts.map((a) => a.accountId),
          only.accounts.map((a) => a.lastActivityAt),
        ],
      );
    }
    const us = [...dirtyUsers];
    if (us.length) {
      await c.query(
        `INSERT INTO users (project_id, user_id, role, identified_at, account_id, hits, done, activated_at, last_seen_at)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])
         ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role, identified_at = EXCLUDED.identified_at,
           account_id = EXCLUDED.account_id, hits = EXCLUDED.hits, done = EXCLUDED.done, activated_at = EXCLUDED.activated_at,
           last_seen_at = EXCLUDED.last_seen_at`,
        [
          projectId,
          us.map((u) => u.userId),
          us.map((u) => u.role),
          us.map((u) => finite(u.identifiedAt)),
          us.map((u) => u.accountId),
          us.map((u) => JSON.stringify(u.hits)),
          us.map((u) => JSON.stringify(u.done)),
          us.map((u) => u.activatedAt),
          us.map((u) => u.lastSeenAt),
        ],
      );
    }
    const as = [...dirtyAccounts];
    if (as.length) {
      await c.query(
        `INSERT INTO accounts (project_id, account_id, seats, signed_at, name, traits_at, first_event_at, hits, tally, last_activity_at)
         SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::bigint[])
         ON CONFLICT (project_id, account_id) DO UPDATE SET seats = EXCLUDED.seats, signed_at = EXCLUDED.signed_at,
           name = EXCLUDED.name, traits_at = EXCLUDED.traits_at, first_event_at = EXCLUDED.first_event_at, hits = EXCLUDED.hits,
           tally = EXCLUDED.tally, last_activity_at = EXCLUDED.last_activity_at`,
        [
          projectId,
          as.map((a) => a.accountId),
          as.map((a) => a.seats),
          as.map((a) => a.signedAt),
          as.map((a) => a.name),
          as.map((a) => finite(a.traitsAt)),
          as.map((a) => a.firstEventAt),
          as.map((a) => JSON.stringify(a.hits)),
          as.map((a) => JSON.stringify(a.tally)),
          as.map((a) => a.lastActivityAt),
        ],
      );
    }
  };
  const changed = () => ({ accounts: [...dirtyAccounts], activated: activated.map(activationOf) });
  return { ctx, finish, save, changed };
}

/** For a recompute, whose rows all start new: each keeps the time it was last seen, which no event says. */
export async function keepSeen(c: pg.PoolClient, projectId: string, users: Map<string, UserRow>, accounts: Map<string, AccountRow>) {
  const { rows } = await c.query(
    `SELECT true AS person, user_id AS id, last_seen_at AS at FROM users WHERE project_id = $1 AND last_seen_at IS NOT NULL
     UNION ALL SELECT false, account_id, last_activity_at FROM accounts WHERE project_id = $1 AND last_activity_at IS NOT NULL`,
    [projectId],
  );
  for (const r of rows) {
    const row = r.person ? users.get(r.id) : accounts.get(r.id);
    if (!row) continue;
    if (r.person) (row as UserRow).lastSeenAt = Number(r.at);
    else (row as AccountRow).lastActivityAt = Number(r.at);
  }
}

/**
 * Everything the state machine may touch for these events, read up front in one go:
 * the batch's people and accounts, the stored tracks of those who may change role or
 * account, and every person of the accounts in `withPeopleOf`. Reading each account's
 * people for every batch would grow with the account; the state machine rarely needs
 * them (an account-scoped item done, a recount). Those of other accounts it asks for
 * are added to `unread`, and the pass is worth nothing: the caller reads them all and
 * applies the batch again.
 */
export async function preload(
  c: pg.PoolClient,
  projectId: string,
  events: StoredEvent[],
  checklists: Checklist[],
  withPeopleOf: Set<string>,
  unread: Set<string>,
) {
  const users = new Map<string, UserRow>();
  const accounts = new Map<string, AccountRow>();
  const userIds = [...new Set(events.map((e) => e.userId))];
  for (const r of (await c.query('SELECT * FROM users WHERE project_id = $1 AND user_id = ANY($2)', [projectId, userIds])).rows) {
    users.set(r.user_id, userFrom(r));
  }
  const rebuildable = events.filter((e) => mayMove(users.get(e.userId), e)).map((e) => e.userId);
  const accountIds = new Set<string>(withPeopleOf);
  for (const e of events) if (e.accountId) accountIds.add(e.accountId);
  for (const u of users.values()) if (u.accountId) accountIds.add(u.accountId);
  if (withPeopleOf.size) {
    for (const r of (await c.query('SELECT * FROM users WHERE project_id = $1 AND account_id = ANY($2)', [projectId, [...withPeopleOf]]))
      .rows) {
      if (!users.has(r.user_id)) users.set(r.user_id, userFrom(r));
    }
  }
  for (const r of (await c.query('SELECT * FROM accounts WHERE project_id = $1 AND account_id = ANY($2)', [projectId, [...accountIds]]))
    .rows) {
    accounts.set(r.account_id, accountFrom(r));
  }
  const tracks = await trackHistory(c, projectId, rebuildable);
  // Whatever was not read is new, but for the people of an account not read.
  return writableContext(checklists, users, accounts, (id) => tracks.get(id) ?? [], {
    user: () => undefined,
    account: () => undefined,
    usersOf: (accountId) => {
      if (!withPeopleOf.has(accountId)) unread.add(accountId);
      return [];
    },
  });
}
