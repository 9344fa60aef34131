import type { Checklist } from '@firstwin/sdk/rules';
import pg from 'pg';
import { hashKey, newProjectKeys } from '../keys.js';
import { migratePostgres } from './migrations.js';
import { transaction } from './transaction.js';
import { PACKED_EVENT_NAME, unpackRun, type PackedBatch } from '../../domain/packed.js';
import { byTime, runRows, runsOf } from '../runs.js';
import { ACCOUNT_STATE_COLUMNS, USER_STATE_COLUMNS, accountFrom, accountStateFrom, finite, targetFrom, userFrom, userStateFrom } from '../rows.js';
import { applyToState, mayMove, memoryContext, type AccountRow, type RowSource, type UserRow } from '../../domain/state.js';
import { PROGRESS_EVERY, type Store } from '../../domain/storage.js';
import type { StoredEvent } from '../../domain/event.js';

/** Runs fetched per round trip while recomputing (a browser's run holds up to a hundred events). */
const REPLAY_PAGE = 500;
/** Batches written in one transaction at most, so a burst is not one huge statement. */
const MAX_GROUP = 32;
/**
 * PostgreSQL's text cannot hold U+0000 and fails the query that sends one; ingest refuses
 * such ids, so no stored key has one and a lookup of one finds nothing.
 */
const storable = (key: string) => !key.includes('\0');

/**
 * PostgreSQL, for several collectors behind a load balancer on one database. Ingest
 * and recompute of a project hold a transaction-scoped advisory lock on it: writers of
 * one project are serialised (no lost updates across processes), other projects run
 * in parallel. `?schema=NAME` in the URL selects (and creates) a schema.
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await migratePostgres(pool);

  /** A transaction holding its project's lock. */
  const tx = <T>(projectId: string, fn: (c: pg.PoolClient) => Promise<T>) => transaction(pool, fn, { lock: projectId });

  const checklistsOf = async (c: pg.PoolClient | pg.Pool, projectId: string): Promise<Checklist[]> => {
    const { rows } = await c.query('SELECT body FROM checklists WHERE project_id = $1', [projectId]);
    return rows[0] ? (JSON.parse(rows[0].body) as Checklist[]) : [];
  };

  /**
   * Everything the state machine may touch for these events, read up front in one go:
   * the batch's people and accounts, the stored tracks of those who may change role or
   * account, and every person of the accounts in `withPeopleOf`. Reading each account's
   * people for every batch would grow with the account; the state machine rarely needs
   * them (an account-scoped item done, a recount). Those of other accounts it asks for
   * are added to `unread`, and the pass is worth nothing: `ingest` reads them all and
   * applies the batch again.
   */
  async function preload(
    c: pg.PoolClient, projectId: string, events: StoredEvent[], checklists: Checklist[], withPeopleOf: Set<string>, unread: Set<string>,
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
      for (const r of (await c.query('SELECT * FROM users WHERE project_id = $1 AND account_id = ANY($2)', [projectId, [...withPeopleOf]])).rows) {
        if (!users.has(r.user_id)) users.set(r.user_id, userFrom(r));
      }
    }
    for (const r of (await c.query('SELECT * FROM accounts WHERE project_id = $1 AND account_id = ANY($2)', [projectId, [...accountIds]])).rows) {
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

  /** The stored track events of these people, by person: what rebuilding them replays. */
  async function trackHistory(c: pg.PoolClient, projectId: string, userIds: string[]): Promise<Map<string, StoredEvent[]>> {
    const tracks = new Map<string, StoredEvent[]>();
    const q = 'SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND tracks AND user_id = ANY($2) ORDER BY seq';
    for (const r of (await c.query(q, [projectId, [...new Set(userIds)]])).rows) {
      const list = tracks.get(r.user_id) ?? [];
      list.push(...unpackRun(r));
      tracks.set(r.user_id, list);
    }
    return tracks;
  }

  function writableContext(
    checklists: Checklist[], users: Map<string, UserRow>, accounts: Map<string, AccountRow>, tracks: (id: string) => StoredEvent[], source?: RowSource,
  ) {
    const { ctx, dirtyUsers, dirtyAccounts, finish } = memoryContext(checklists, users, accounts, tracks, source);
    /** Two statements whatever the batch touched (after `finish`): round trips, not rows, are what cost here. */
    const save = async (c: pg.PoolClient, projectId: string) => {
      const us = [...dirtyUsers];
      if (us.length) {
        await c.query(
          `INSERT INTO users (project_id, user_id, role, identified_at, account_id, hits, done, activated_at)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::bigint[])
           ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role, identified_at = EXCLUDED.identified_at,
             account_id = EXCLUDED.account_id, hits = EXCLUDED.hits, done = EXCLUDED.done, activated_at = EXCLUDED.activated_at`,
          [projectId, us.map((u) => u.userId), us.map((u) => u.role), us.map((u) => finite(u.identifiedAt)), us.map((u) => u.accountId),
            us.map((u) => JSON.stringify(u.hits)), us.map((u) => JSON.stringify(u.done)), us.map((u) => u.activatedAt)],
        );
      }
      const as = [...dirtyAccounts];
      if (as.length) {
        await c.query(
          `INSERT INTO accounts (project_id, account_id, seats, signed_at, name, traits_at, first_event_at, hits, tally)
           SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[])
           ON CONFLICT (project_id, account_id) DO UPDATE SET seats = EXCLUDED.seats, signed_at = EXCLUDED.signed_at,
             name = EXCLUDED.name, traits_at = EXCLUDED.traits_at, first_event_at = EXCLUDED.first_event_at, hits = EXCLUDED.hits,
             tally = EXCLUDED.tally`,
          [projectId, as.map((a) => a.accountId), as.map((a) => a.seats), as.map((a) => a.signedAt), as.map((a) => a.name),
            as.map((a) => finite(a.traitsAt)), as.map((a) => a.firstEventAt), as.map((a) => JSON.stringify(a.hits)),
            as.map((a) => JSON.stringify(a.tally))],
        );
      }
    };
    return { ctx, finish, save };
  }

  type Answer = { accepted: number; duplicates: number };
  type Pending = { events: StoredEvent[]; packed: PackedBatch; dropped: number; resolve(a: Answer): void; reject(e: unknown): void };

  /** Stores a group of batches of one project in one transaction, answering each as if it had come alone, in order. */
  const ingestGroup = (projectId: string, group: Pending[]) => tx(projectId, async (c): Promise<Answer[]> => {
    const events = group.flatMap((p) => p.events);
    const inserted = new Set<string>();
    if (events.length) {
      const { rows } = await c.query(
        'INSERT INTO seen (project_id, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING message_id',
        [projectId, events.map((e) => e.messageId)],
      );
      for (const r of rows) inserted.add(r.message_id);
    }
    // A messageId repeated in the group is new only at its first occurrence.
    const freshOf = group.map((p) => p.events.filter((e) => inserted.delete(e.messageId)));
    // Written before the state is applied: a person rebuilt reads this group's tracks too.
    const runs = group.flatMap((p, i) => runRows(runsOf(freshOf[i]!), freshOf[i]!.length === p.events.length ? p.packed : undefined));
    if (runs.length) {
      await c.query(
        `INSERT INTO runs (project_id, user_id, tracks, ids, body, received_at)
         SELECT $1, *, $6 FROM unnest($2::text[], $3::boolean[], $4::text[], $5::text[])`,
        [projectId, runs.map((r) => r.userId), runs.map((r) => r.tracks), runs.map((r) => r.ids), runs.map((r) => r.body), Date.now()],
      );
    }
    const fresh = freshOf.flat();
    if (fresh.length) {
      const checklists = await checklistsOf(c, projectId);
      // A pass that asked for people not read is done again with them; nothing is
      // written before the last. Usually one pass, rarely two.
      const withPeopleOf = new Set<string>();
      for (;;) {
        const unread = new Set<string>();
        const { ctx, finish, save } = await preload(c, projectId, fresh, checklists, withPeopleOf, unread);
        for (const ev of fresh) applyToState(ctx, ev);
        finish();
        if (unread.size) {
          for (const a of unread) withPeopleOf.add(a);
          continue;
        }
        await save(c, projectId);
        break;
      }
    }
    const dropped = group.reduce((n, p) => n + p.dropped, 0);
    if (dropped > 0) await c.query('UPDATE projects SET dropped_events = dropped_events + $1 WHERE id = $2', [dropped, projectId]);
    return group.map((p, i) => ({ accepted: freshOf[i]!.length, duplicates: p.events.length - freshOf[i]!.length }));
  });

  /**
   * Group commit, per project: the batches that arrive while one group is written wait,
   * and go together in the next transaction. Writers of a project take turns on its lock
   * anyway; a group takes the lock, makes the round trips and commits once for all of its
   * batches. Should a group fail, each batch is retried alone, so one bad batch cannot
   * fail its neighbours.
   */
  const waiting = new Map<string, Pending[]>();
  /** Each project's writing of groups, until its queue is empty: closing waits for them. */
  const writing = new Set<Promise<void>>();
  async function writeGroups(projectId: string, first: Pending[]) {
    waiting.set(projectId, []);
    for (let group = first; group.length; group = waiting.get(projectId)!.splice(0, MAX_GROUP)) {
      try {
        const answers = await ingestGroup(projectId, group);
        group.forEach((p, i) => p.resolve(answers[i]!));
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err);
        else for (const p of group) await ingestGroup(projectId, [p]).then(([a]) => p.resolve(a!), p.reject);
      }
    }
    waiting.delete(projectId);
  }

  return {
    async createProject(name) {
      const keys = newProjectKeys();
      await pool.query('INSERT INTO projects (id, name, publishable_key, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        keys.projectId, name, keys.publishableKey, hashKey(keys.secretKey), Date.now(),
      ]);
      return keys;
    },
    async findProject(key) {
      if (!storable(key)) return undefined;
      const [column, value, kind] = key.startsWith('pk_')
        ? ['publishable_key', key, 'publishable' as const]
        : key.startsWith('sk_') ? ['secret_hash', hashKey(key), 'secret' as const] : [];
      if (!column) return undefined;
      const { rows } = await pool.query(`SELECT id, user_hash_secret, activation_target FROM projects WHERE ${column} = $1`, [value]);
      const row = rows[0];
      return row ? { projectId: row.id as string, kind: kind!, userHashSecret: row.user_hash_secret as string | null, activationTarget: targetFrom(row.activation_target) } : undefined;
    },
    async setUserHashSecret(projectId, secret) {
      await pool.query('UPDATE projects SET user_hash_secret = $1 WHERE id = $2', [secret, projectId]);
    },
    async setActivationTarget(projectId, target) {
      await pool.query('UPDATE projects SET activation_target = $1 WHERE id = $2', [target && JSON.stringify(target), projectId]);
    },
    ingest: (projectId, events, packed, dropped = 0) =>
      new Promise((resolve, reject) => {
        const queue = waiting.get(projectId);
        if (queue) queue.push({ events, packed, dropped, resolve, reject });
        else {
          const w = writeGroups(projectId, [{ events, packed, dropped, resolve, reject }]);
          writing.add(w);
          void w.finally(() => writing.delete(w));
        }
      }),
    getChecklists: (projectId) => checklistsOf(pool, projectId),
    /**
     * Two phases, so ingest waits for the writing, not for the replay. Without the
     * project's lock, every stored event is replayed from a snapshot; then, under the
     * lock, the events that arrived since are applied on top and the state is swapped.
     */
    async putChecklists(projectId, checklists, progress) {
      const users = new Map<string, UserRow>();
      const accounts = new Map<string, AccountRow>();
      let history = new Map<string, StoredEvent[]>();
      const { ctx, finish, save } = writableContext(checklists, users, accounts, (id) => history.get(id) ?? []);
      let seen = '0';
      await transaction(pool, async (reader) => {
        // PostgreSQL takes the snapshot at the first statement, here while the project's
        // lock is held: ingest that is half-way finishes first, and whatever the snapshot
        // misses comes after its last `seq`.
        await tx(projectId, async () => {
          seen = (await reader.query('SELECT COALESCE(MAX(seq), 0) AS seq FROM runs WHERE project_id = $1', [projectId])).rows[0].seq;
        });
        const total = Number((await reader.query('SELECT COUNT(*) AS n FROM seen WHERE project_id = $1', [projectId])).rows[0].n);
        // Identify and group first, by time, so who is in which role and account is settled
        // before any track is counted and nobody needs rebuilding; tracks count the same in any order.
        let replayed = 0;
        const apply = (ev: StoredEvent) => {
          applyToState(ctx, ev, true);
          if (++replayed % PROGRESS_EVERY === 0 && replayed < total) progress?.(replayed, total);
        };
        const profiles = (await reader.query('SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND NOT tracks', [projectId])).rows
          .flatMap(unpackRun);
        for (const ev of profiles.sort(byTime)) apply(ev);
        // A cursor, so a million events are never all in memory at once.
        // In arrival order, as live ingest saw them: a person placed by a track's account is placed alike.
        await reader.query('DECLARE replay NO SCROLL CURSOR FOR SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND tracks ORDER BY seq', [projectId]);
        for (;;) {
          const { rows } = await reader.query(`FETCH ${REPLAY_PAGE} FROM replay`);
          for (const r of rows) for (const ev of unpackRun(r)) apply(ev);
          if (rows.length < REPLAY_PAGE) break;
        }
        progress?.(replayed, total);
      }, { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' });
      await tx(projectId, async (c) => {
        const late = (await c.query('SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND seq > $2', [projectId, seen]))
          .rows.flatMap(unpackRun).sort(byTime);
        history = await trackHistory(c, projectId, late.filter((e) => e.type !== 'track' || e.accountId).map((e) => e.userId));
        for (const ev of late) applyToState(ctx, ev);
        await c.query('INSERT INTO checklists (project_id, body) VALUES ($1, $2) ON CONFLICT (project_id) DO UPDATE SET body = EXCLUDED.body', [
          projectId, JSON.stringify(checklists),
        ]);
        await c.query('DELETE FROM users WHERE project_id = $1', [projectId]);
        await c.query('DELETE FROM accounts WHERE project_id = $1', [projectId]);
        // Every row is new to the memory context, so `save` writes them all.
        finish();
        await save(c, projectId);
      });
    },
    async getAccount(projectId, accountId) {
      if (!storable(accountId)) return undefined;
      const { rows } = await pool.query(`SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = $1 AND account_id = $2`, [projectId, accountId]);
      return rows[0] && accountStateFrom(rows[0]);
    },
    async listAccounts(projectId) {
      const sql = `SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = $1 ORDER BY account_id`;
      return (await pool.query(sql, [projectId])).rows.map(accountStateFrom);
    },
    async accountUsers(projectId, accountId) {
      if (!storable(accountId)) return [];
      const sql = `SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = $1 AND account_id = $2 ORDER BY user_id`;
      return (await pool.query(sql, [projectId, accountId])).rows.map(userStateFrom);
    },
    async accountedUsers(projectId) {
      const sql = `SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = $1 AND account_id IS NOT NULL`;
      return (await pool.query(sql, [projectId])).rows.map(userStateFrom);
    },
    async getUser(projectId, userId) {
      if (!storable(userId)) return undefined;
      const { rows } = await pool.query(`SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
      return rows[0] && userStateFrom(rows[0]);
    },
    async stats(projectId, event) {
      const one = async (sql: string, args: unknown[]) => Number((await pool.query(sql, args)).rows[0]?.n ?? 0);
      return {
        events: event === undefined
          ? await one('SELECT COUNT(*) AS n FROM seen WHERE project_id = $1', [projectId])
          : storable(event)
            ? await one(`SELECT COUNT(*) AS n FROM runs, json_array_elements(runs.body::json) AS e WHERE project_id = $1 AND tracks AND e ->> ${PACKED_EVENT_NAME} = $2`, [projectId, event])
            : 0,
        users: await one('SELECT COUNT(*) AS n FROM users WHERE project_id = $1', [projectId]),
        accounts: await one('SELECT COUNT(*) AS n FROM accounts WHERE project_id = $1', [projectId]),
        droppedBySdk: await one('SELECT dropped_events AS n FROM projects WHERE id = $1', [projectId]),
      };
    },
    async close() {
      // Batches still waiting for their group commit are written, not failed.
      await Promise.allSettled([...writing]);
      await pool.end();
    },
  };
}
