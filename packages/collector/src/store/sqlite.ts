import Database from 'better-sqlite3';
import type { Checklist } from '@firstwin/sdk/rules';
import { hashKey, newProjectKeys } from './keys.js';
import { migrate } from './migrations.js';
import { ACCOUNT_STATE_COLUMNS, USER_STATE_COLUMNS, accountFrom, accountStateFrom, finite, userFrom, userStateFrom } from './rows.js';
import { applyToState, memoryContext, type AccountRow, type UserRow } from './state.js';
import { PROGRESS_EVERY, type Progress, type Store, type StoredEvent } from './types.js';

type ProjectRow = { id: string; user_hash_secret: string | null };

/** Events a recompute replays before letting ingest have a turn. */
const REPLAY_CHUNK = 1_000;
const COUNT_EVENTS = 'SELECT COUNT(*) AS n FROM events WHERE project_id = ?';
const ALL_EVENTS = "SELECT body FROM events WHERE project_id = ? ORDER BY CASE type WHEN 'track' THEN 1 ELSE 0 END, ts, message_id";

/** The embedded default: one SQLite file in WAL mode, one transaction per batch. */
export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged batch survives power loss, not only a crashed process.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const q = {
    insertProject: db.prepare('INSERT INTO projects (id, name, publishable_key, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
    byPublishable: db.prepare<[string], ProjectRow>('SELECT id, user_hash_secret FROM projects WHERE publishable_key = ?'),
    bySecret: db.prepare<[string], ProjectRow>('SELECT id, user_hash_secret FROM projects WHERE secret_hash = ?'),
    setUserHashSecret: db.prepare('UPDATE projects SET user_hash_secret = ? WHERE id = ?'),
    insertEvent: db.prepare(
      `INSERT INTO events (project_id, message_id, type, user_id, account_id, ts, body, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, message_id) DO NOTHING`,
    ),
    trackEvents: db.prepare<[string, string], { body: string }>(
      // Without INDEXED BY, the planner scans the whole project by primary key: one rebuild would cost every stored event.
      "SELECT body FROM events INDEXED BY events_by_user WHERE project_id = ? AND user_id = ? AND type = 'track'",
    ),
    getUser: db.prepare<[string, string], Record<string, unknown>>('SELECT * FROM users WHERE project_id = ? AND user_id = ?'),
    usersOf: db.prepare<[string, string], Record<string, unknown>>('SELECT * FROM users WHERE project_id = ? AND account_id = ?'),
    readUser: db.prepare<[string, string], Record<string, unknown>>(`SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = ? AND user_id = ?`),
    // INDEXED BY: for ORDER BY user_id the planner would walk every user of the project by primary key.
    readUsersOf: db.prepare<[string, string], Record<string, unknown>>(
      `SELECT ${USER_STATE_COLUMNS} FROM users INDEXED BY users_by_account WHERE project_id = ? AND account_id = ? ORDER BY user_id`,
    ),
    readAccounted: db.prepare<[string], Record<string, unknown>>(`SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = ? AND account_id IS NOT NULL`),
    putUser: db.prepare(
      `INSERT INTO users (project_id, user_id, role, identified_at, account_id, hits, done, activated_at)
       VALUES (@p, @userId, @role, @identifiedAt, @accountId, @hits, @done, @activatedAt)
       ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role, identified_at = excluded.identified_at,
         account_id = excluded.account_id, hits = excluded.hits, done = excluded.done, activated_at = excluded.activated_at`,
    ),
    getAccount: db.prepare<[string, string], Record<string, unknown>>('SELECT * FROM accounts WHERE project_id = ? AND account_id = ?'),
    readAccount: db.prepare<[string, string], Record<string, unknown>>(`SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = ? AND account_id = ?`),
    readAccounts: db.prepare<[string], Record<string, unknown>>(`SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = ? ORDER BY account_id`),
    putAccount: db.prepare(
      `INSERT INTO accounts (project_id, account_id, seats, signed_at, name, traits_at, first_event_at, hits, tally)
       VALUES (@p, @accountId, @seats, @signedAt, @name, @traitsAt, @firstEventAt, @hits, @tally)
       ON CONFLICT (project_id, account_id) DO UPDATE SET seats = excluded.seats, signed_at = excluded.signed_at,
         name = excluded.name, traits_at = excluded.traits_at, first_event_at = excluded.first_event_at, hits = excluded.hits,
         tally = excluded.tally`,
    ),
    getChecklists: db.prepare<[string], { body: string }>('SELECT body FROM checklists WHERE project_id = ?'),
    putChecklists: db.prepare(
      'INSERT INTO checklists (project_id, body) VALUES (?, ?) ON CONFLICT (project_id) DO UPDATE SET body = excluded.body',
    ),
    countEvents: db.prepare<[string], { n: number }>(COUNT_EVENTS),
    countNamed: db.prepare<[string, string], { n: number }>("SELECT COUNT(*) AS n FROM events WHERE project_id = ? AND type = 'track' AND json_extract(body, '$.event') = ?"),
    countUsers: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE project_id = ?'),
    countAccounts: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM accounts WHERE project_id = ?'),
    dropped: db.prepare<[string], { n: number }>('SELECT dropped_events AS n FROM projects WHERE id = ?'),
    addDropped: db.prepare('UPDATE projects SET dropped_events = dropped_events + ? WHERE id = ?'),
    clearUsers: db.prepare('DELETE FROM users WHERE project_id = ?'),
    clearAccounts: db.prepare('DELETE FROM accounts WHERE project_id = ?'),
  };

  // Every batch needs its project's checklists: parse each stored text once, not per batch.
  const parsed = new Map<string, { body: string; checklists: Checklist[] }>();
  const checklistsOf = (projectId: string): Checklist[] => {
    const body = q.getChecklists.get(projectId)?.body;
    if (body === undefined) return [];
    let hit = parsed.get(projectId);
    if (hit?.body !== body) parsed.set(projectId, (hit = { body, checklists: JSON.parse(body) as Checklist[] }));
    return hit.checklists;
  };

  const putUser = (projectId: string, u: UserRow) =>
    q.putUser.run({
      p: projectId, userId: u.userId, role: u.role, identifiedAt: finite(u.identifiedAt), accountId: u.accountId,
      hits: JSON.stringify(u.hits), done: JSON.stringify(u.done), activatedAt: u.activatedAt,
    });
  const putAccount = (projectId: string, a: AccountRow) =>
    q.putAccount.run({
      p: projectId, accountId: a.accountId, seats: a.seats, signedAt: a.signedAt, name: a.name,
      traitsAt: finite(a.traitsAt), firstEventAt: a.firstEventAt, hits: JSON.stringify(a.hits), tally: JSON.stringify(a.tally),
    });

  const tracksOf = (projectId: string) => (userId: string) =>
    q.trackEvents.all(projectId, userId).map((r) => JSON.parse(r.body) as StoredEvent);

  /**
   * Rows read once per transaction and written back once at its end; with `stored`
   * false, every row starts new (a recompute builds the state from nothing).
   */
  function context(projectId: string, checklists: Checklist[], stored = true) {
    const { ctx, dirtyUsers, dirtyAccounts, finish } = memoryContext(checklists, new Map(), new Map(), tracksOf(projectId), stored ? {
      user: (id) => {
        const row = q.getUser.get(projectId, id);
        return row && userFrom(row);
      },
      account: (id) => {
        const row = q.getAccount.get(projectId, id);
        return row && accountFrom(row);
      },
      usersOf: (accountId) => q.usersOf.all(projectId, accountId).map(userFrom),
    } : undefined);
    const save = () => {
      finish();
      for (const u of dirtyUsers) putUser(projectId, u);
      for (const a of dirtyAccounts) putAccount(projectId, a);
    };
    return { ctx, save };
  }

  const ingestOne = (projectId: string, events: StoredEvent[], dropped: number) => {
    const { ctx, save } = context(projectId, checklistsOf(projectId));
    const fresh: StoredEvent[] = [];
    const now = Date.now();
    for (const ev of events) {
      const inserted = q.insertEvent.run(projectId, ev.messageId, ev.type, ev.userId, ev.accountId ?? null, ev.timestamp, JSON.stringify(ev), now);
      if (inserted.changes === 0) continue; // seen before: counted once, whatever the retries
      fresh.push(ev);
      applyToState(ctx, ev);
    }
    save();
    if (dropped > 0) q.addDropped.run(dropped, projectId);
    return { projectId, fresh, duplicates: events.length - fresh.length };
  };

  /** Per project being recomputed: the events committed since its replay's snapshot. */
  const arrivals = new Map<string, StoredEvent[]>();
  /** Answers a committed batch, first telling a recompute of its project what arrived. */
  const settle = (p: Pending, r: ReturnType<typeof ingestOne>) => {
    arrivals.get(r.projectId)?.push(...r.fresh);
    p.resolve({ accepted: r.fresh.length, duplicates: r.duplicates });
  };

  /**
   * Group commit: batches arriving together share one transaction and one fsync, and
   * each is answered only after that commit. Should the group fail, each batch is
   * retried alone, so one bad batch cannot fail its neighbours.
   */
  type Pending = { args: Parameters<typeof ingestOne>; resolve(r: { accepted: number; duplicates: number }): void; reject(e: unknown): void };
  let pending: Pending[] = [];
  const drain = () => {
    const group = pending;
    pending = [];
    try {
      const results = db.transaction(() => group.map((p) => ingestOne(...p.args)))();
      group.forEach((p, i) => settle(p, results[i]!));
    } catch {
      for (const p of group) {
        try {
          settle(p, db.transaction(() => ingestOne(...p.args))());
        } catch (err) {
          p.reject(err);
        }
      }
    }
  };
  const ingest = (...args: Parameters<typeof ingestOne>) =>
    new Promise<{ accepted: number; duplicates: number }>((resolve, reject) => {
      if (pending.push({ args, resolve, reject }) === 1) setImmediate(drain);
    });

  /**
   * Two phases, so ingest goes on meanwhile. Every stored event is replayed from a
   * snapshot on a second connection, a chunk per turn of the event loop, while the
   * batches committed meanwhile are collected; then one transaction applies those on
   * top and swaps in the new state. Recomputes run one at a time.
   */
  async function replay(projectId: string, checklists: Checklist[], progress?: Progress) {
    const reader = new Database(file, { readonly: true });
    const arrived: StoredEvent[] = [];
    try {
      const { ctx, save } = context(projectId, checklists, false);
      reader.prepare('BEGIN').run();
      // The snapshot is taken and the collecting starts in one turn: no commit falls between.
      const total = (reader.prepare(COUNT_EVENTS).get(projectId) as { n: number }).n;
      arrivals.set(projectId, arrived);
      let replayed = 0;
      for (const row of reader.prepare(ALL_EVENTS).iterate(projectId)) {
        applyToState(ctx, JSON.parse((row as { body: string }).body), true);
        if (++replayed % REPLAY_CHUNK) continue;
        if (replayed % PROGRESS_EVERY === 0 && replayed < total) progress?.(replayed, total);
        await new Promise(setImmediate);
      }
      progress?.(replayed, total);
      db.transaction(() => {
        arrived.sort((a, b) => a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : 1));
        for (const ev of arrived) applyToState(ctx, ev);
        q.putChecklists.run(projectId, JSON.stringify(checklists));
        q.clearUsers.run(projectId);
        q.clearAccounts.run(projectId);
        // Every row is new to the memory context, so `save` writes them all.
        save();
      })();
    } finally {
      arrivals.delete(projectId);
      reader.close();
    }
  }
  let recomputing: Promise<void> = Promise.resolve();
  const recompute = (...args: Parameters<typeof replay>) => (recomputing = recomputing.catch(() => {}).then(() => replay(...args)));

  return {
    async createProject(name) {
      const keys = newProjectKeys();
      q.insertProject.run(keys.projectId, name, keys.publishableKey, hashKey(keys.secretKey), Date.now());
      return keys;
    },
    async findProject(key) {
      if (key.startsWith('pk_')) {
        const row = q.byPublishable.get(key);
        return row && { projectId: row.id, kind: 'publishable' as const, userHashSecret: row.user_hash_secret };
      }
      if (key.startsWith('sk_')) {
        const row = q.bySecret.get(hashKey(key));
        return row && { projectId: row.id, kind: 'secret' as const, userHashSecret: row.user_hash_secret };
      }
      return undefined;
    },
    async setUserHashSecret(projectId, secret) {
      q.setUserHashSecret.run(secret, projectId);
    },
    async ingest(projectId, events, dropped = 0) {
      return ingest(projectId, events, dropped);
    },
    async getChecklists(projectId) {
      return checklistsOf(projectId);
    },
    async putChecklists(projectId, checklists, progress) {
      await recompute(projectId, checklists, progress);
    },
    async getAccount(projectId, accountId) {
      const row = q.readAccount.get(projectId, accountId);
      return row && accountStateFrom(row);
    },
    async listAccounts(projectId) {
      return q.readAccounts.all(projectId).map(accountStateFrom);
    },
    async accountUsers(projectId, accountId) {
      return q.readUsersOf.all(projectId, accountId).map(userStateFrom);
    },
    async accountedUsers(projectId) {
      return q.readAccounted.all(projectId).map(userStateFrom);
    },
    async getUser(projectId, userId) {
      const row = q.readUser.get(projectId, userId);
      return row && userStateFrom(row);
    },
    async stats(projectId, event) {
      return {
        events: (event === undefined ? q.countEvents.get(projectId) : q.countNamed.get(projectId, event))!.n,
        users: q.countUsers.get(projectId)!.n,
        accounts: q.countAccounts.get(projectId)!.n,
        droppedBySdk: q.dropped.get(projectId)?.n ?? 0,
      };
    },
    async close() {
      db.close();
    },
  };
}
