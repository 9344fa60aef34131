import Database from 'better-sqlite3';
import type { Checklist } from '@firstwin/sdk/rules';
import { changesNothing, fingerprintOf, type Digest } from '../../domain/inert.js';
import { hashKey, newProjectKeys } from '../keys.js';
import { migrate } from './migrations.js';
import { rowCache } from './row-cache.js';
import { PACKED_EVENT_NAME, unpackBatch, unpackRun, type PackedBatch, type RunRow } from '../../domain/packed.js';
import { byTime, runRows, runsOf } from '../runs.js';
import { ACCOUNT_STATE_COLUMNS, USER_STATE_COLUMNS, accountFrom, accountStateFrom, finite, targetFrom, userFrom, userStateFrom } from '../rows.js';
import { applyToState, memoryContext, type AccountRow, type UserRow } from '../../domain/state.js';
import { PROGRESS_EVERY, type Progress, type Store } from '../../domain/storage.js';
import type { StoredEvent } from '../../domain/event.js';

type ProjectRow = { id: string; user_hash_secret: string | null; activation_target: string | null };

/** People whose state rows the writing connection keeps in memory, and a fifth as many accounts. */
const USERS_KEPT = 50_000;
/** Events a recompute replays before letting ingest have a turn. */
const REPLAY_CHUNK = 1_000;
// Every stored event has its one row in `seen`.
const COUNT_EVENTS = 'SELECT COUNT(*) AS n FROM seen WHERE project = ?';
/** A project's runs of one kind (1: track events, 0: identify and group), a person's runs together in arrival order. */
const RUNS_OF_KIND = 'SELECT user_id, ids, body FROM runs INDEXED BY runs_by_kind WHERE project = ? AND tracks = ?';
/** Thrown to roll back a batch's keys when some were seen before (see `freshOf`). */
const SEEN_BEFORE = new Error('some keys were seen before');

/** The SQLite store, with what its writer thread (`sqlite-writer.ts`) needs beyond a `Store`. */
export interface SqliteStore extends Store {
  /** The project's checklists as this connection reads them, and the fingerprint a digest (`inert.ts`) names them by. */
  checklistsRead(projectId: string): { checklists: Checklist[]; fingerprint: string };
  /**
   * `ingest` of a batch given as its packed text, parsed only when its digest cannot show it
   * changes no state. `holdMs`: how long a group this batch opens may wait for more batches
   * before it commits (see `sqlite-writer.ts`).
   */
  ingestPacked(projectId: string, packed: PackedBatch, dropped: number | undefined, digest: Digest | undefined, holdMs: number): Promise<{ accepted: number; duplicates: number }>;
}

/**
 * The embedded default: one SQLite file in WAL mode, one transaction per group of batches.
 * `rowsKept`: people (and a fifth as many accounts) whose state rows stay in memory; tests set it small.
 */
export function openSqliteStore(file: string, { rowsKept = USERS_KEPT }: { rowsKept?: number } = {}): SqliteStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged batch survives power loss, not only a crashed process.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  // A statement inserting many rows keeps a journal to undo itself; past 64 kB SQLite spills
  // it to a temporary file. A batch of random (v4) message ids touches a page per key, and
  // that spill cost 1.7 ms of system time per 100-event batch. Set after migrating: an old
  // file's upgrade sorts every event, which may spill to disk rather than fill memory.
  db.pragma('temp_store = MEMORY');

  const q = {
    insertProject: db.prepare(
      'INSERT INTO projects (id, name, publishable_key, secret_hash, created_at, num) VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(num), 0) + 1 FROM projects))',
    ),
    projectNum: db.prepare<[string], { num: number }>('SELECT num FROM projects WHERE id = ?'),
    byPublishable: db.prepare<[string], ProjectRow>('SELECT id, user_hash_secret, activation_target FROM projects WHERE publishable_key = ?'),
    bySecret: db.prepare<[string], ProjectRow>('SELECT id, user_hash_secret, activation_target FROM projects WHERE secret_hash = ?'),
    setUserHashSecret: db.prepare('UPDATE projects SET user_hash_secret = ? WHERE id = ?'),
    setActivationTarget: db.prepare('UPDATE projects SET activation_target = ? WHERE id = ?'),
    see: db.prepare<[number, string], string>(
      'INSERT INTO seen (project, message_id) SELECT ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING RETURNING message_id',
    ).pluck(),
    seeAll: db.prepare<[number, string]>('INSERT INTO seen (project, message_id) SELECT ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING'),
    insertRun: db.prepare('INSERT INTO runs (project, user_id, tracks, ids, body, received_at) VALUES (?, ?, ?, ?, ?, ?)'),
    trackRuns: db.prepare<[number, string], RunRow>('SELECT user_id, ids, body FROM runs INDEXED BY runs_by_kind WHERE project = ? AND tracks = 1 AND user_id = ?'),
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
    countEvents: db.prepare<[number], { n: number }>(COUNT_EVENTS),
    countNamed: db.prepare<[number, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM runs INDEXED BY runs_by_kind, json_each(runs.body) AS e WHERE project = ? AND tracks = 1 AND e.value ->> ${PACKED_EVENT_NAME} = ?`,
    ),
    countUsers: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE project_id = ?'),
    countAccounts: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM accounts WHERE project_id = ?'),
    dropped: db.prepare<[string], { n: number }>('SELECT dropped_events AS n FROM projects WHERE id = ?'),
    addDropped: db.prepare('UPDATE projects SET dropped_events = dropped_events + ? WHERE id = ?'),
    clearUsers: db.prepare('DELETE FROM users WHERE project_id = ?'),
    clearAccounts: db.prepare('DELETE FROM accounts WHERE project_id = ?'),
  };

  // Every batch needs its project's checklists: parse each stored text once, not per batch.
  type Read = { body: string; checklists: Checklist[]; fingerprint: string };
  const parsed = new Map<string, Read>();
  const NONE: Read = { body: '', checklists: [], fingerprint: fingerprintOf('') };
  const readChecklists = (projectId: string): Read => {
    const body = q.getChecklists.get(projectId)?.body;
    if (body === undefined) return NONE;
    let hit = parsed.get(projectId);
    if (hit?.body !== body) parsed.set(projectId, (hit = { body, checklists: JSON.parse(body) as Checklist[], fingerprint: fingerprintOf(body) }));
    return hit;
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

  // Projects are numbered so each event's keys carry 8 bytes, not a 36-character id.
  const nums = new Map<string, number>();
  const numOf = (projectId: string): number => {
    let num = nums.get(projectId);
    if (num === undefined) {
      num = q.projectNum.get(projectId)?.num;
      if (num === undefined) throw new Error(`no project ${projectId}`);
      nums.set(projectId, num);
    }
    return num;
  };

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
      const result = db.transaction(() => {
        const v = dataVersion.get();
        if (v !== version) forgetRows();
        version = v;
        return work();
      }).immediate();
      users.trim();
      accounts.trim();
      return result;
    } catch (err) {
      forgetRows();
      throw err;
    }
  };

  /**
   * Rows read once per transaction and written back once at its end; with `stored`
   * false, every row starts new (a recompute builds the state from nothing).
   */
  const key = (projectId: string, id: string) => `${projectId}\0${id}`;
  const storedUser = (projectId: string, id: string) => users.get(key(projectId, id), () => {
    const row = q.getUser.get(projectId, id);
    return row && userFrom(row);
  });
  const storedAccount = (projectId: string, id: string) => accounts.get(key(projectId, id), () => {
    const row = q.getAccount.get(projectId, id);
    return row && accountFrom(row);
  });
  function context(projectId: string, checklists: Checklist[], stored = true, unwritten?: Map<string, StoredEvent[]>) {
    const { ctx, dirtyUsers, dirtyAccounts, finish } = memoryContext(checklists, new Map(), new Map(), tracksOf(projectId, unwritten), stored ? {
      user: (id) => storedUser(projectId, id),
      account: (id) => storedAccount(projectId, id),
      // A person already in memory is that object, never a second copy of their row.
      usersOf: (accountId) => q.usersOf.all(projectId, accountId).map((row) => users.get(key(projectId, row.user_id as string), () => userFrom(row))!),
    } : undefined);
    const save = () => {
      finish();
      for (const u of dirtyUsers) putUser(projectId, u);
      for (const a of dirtyAccounts) putAccount(projectId, a);
    };
    return { ctx, save };
  }

  /**
   * The batch's events not seen before, their keys now inserted: counted once, whatever
   * the retries; an id twice in one batch is new once. Nearly every batch is all new, and
   * its keys go in without each being named back (that costs as much again); only when
   * some were seen is that undone and done again, asking which keys went in.
   */
  const allNew = db.transaction((project: number, ids: string, n: number) => {
    if (q.seeAll.run(project, ids).changes !== n) throw SEEN_BEFORE;
  });
  const freshOf = (project: number, events: StoredEvent[], ids: string): StoredEvent[] => {
    try {
      allNew(project, ids, events.length);
      return events;
    } catch (err) {
      if (err !== SEEN_BEFORE) throw err;
    }
    const inserted = new Set(q.see.all(project, ids));
    return events.filter((e) => inserted.delete(e.messageId));
  };

  /**
   * A batch whose digest shows it changes no state, stored without parsing it: its keys
   * and its one run. False when it is not such a batch, or some of its keys were seen
   * before; nothing is written then.
   */
  const storedUnparsed = (projectId: string, project: number, { checklists, fingerprint }: Read, { ids, body }: PackedBatch, d: Digest): boolean => {
    // A recompute running on the project needs every event that arrives meanwhile.
    if (arrivals.has(projectId)) return false;
    if (fingerprint !== d.checklists) return false;
    const user = storedUser(projectId, d.userId);
    const account = user?.accountId ? storedAccount(projectId, user.accountId) : undefined;
    if (!changesNothing(d, checklists, user, account)) return false;
    try {
      allNew(project, ids, d.count);
    } catch (err) {
      if (err === SEEN_BEFORE) return false;
      throw err;
    }
    q.insertRun.run(project, d.userId, 1, ids, body, Date.now());
    return true;
  };

  const ingestOne = (projectId: string, batch: Batch, dropped: number) => {
    const project = numOf(projectId);
    if (dropped > 0) q.addDropped.run(dropped, projectId);
    const read = readChecklists(projectId);
    if (!batch.events && batch.digest && storedUnparsed(projectId, project, read, batch.packed, batch.digest)) {
      return { projectId, accepted: batch.digest.count, duplicates: 0 };
    }
    const events = batch.events ?? unpackBatch(batch.packed);
    const fresh = freshOf(project, events, batch.packed.ids);
    const runs = runsOf(fresh);
    // A rebuild halfway through the batch replays the batch's own tracks too.
    const { ctx, save } = context(projectId, read.checklists, true, runs);
    for (const ev of fresh) applyToState(ctx, ev);
    const now = Date.now();
    for (const r of runRows(runs, fresh.length === events.length ? batch.packed : undefined)) q.insertRun.run(project, r.userId, Number(r.tracks), r.ids, r.body, now);
    save();
    return { projectId, accepted: fresh.length, duplicates: events.length - fresh.length, fresh };
  };

  /** Per project being recomputed: the events committed since its replay's snapshot. */
  const arrivals = new Map<string, StoredEvent[]>();
  /** Answers a committed batch, first telling a recompute of its project what arrived. */
  const settle = (p: Pending, r: ReturnType<typeof ingestOne>) => {
    if (r.fresh) arrivals.get(r.projectId)?.push(...r.fresh);
    p.resolve({ accepted: r.accepted, duplicates: r.duplicates });
  };

  /**
   * Group commit: batches arriving together share one transaction and one fsync, and
   * each is answered only after that commit. Should the group fail, each batch is
   * retried alone, so one bad batch cannot fail its neighbours.
   */
  type Batch = { packed: PackedBatch; events?: StoredEvent[] | undefined; digest?: Digest | undefined };
  type Pending = { args: Parameters<typeof ingestOne>; resolve(r: { accepted: number; duplicates: number }): void; reject(e: unknown): void };
  let pending: Pending[] = [];
  const drain = () => {
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    try {
      const results = writing(() => group.map((p) => ingestOne(...p.args)));
      group.forEach((p, i) => settle(p, results[i]!));
    } catch {
      for (const p of group) {
        try {
          settle(p, writing(() => ingestOne(...p.args)));
        } catch (err) {
          p.reject(err);
        }
      }
    }
  };
  const ingest = (holdMs: number, ...args: Parameters<typeof ingestOne>) =>
    new Promise<{ accepted: number; duplicates: number }>((resolve, reject) => {
      if (pending.push({ args, resolve, reject }) === 1) {
        if (holdMs > 0) setTimeout(drain, holdMs);
        else setImmediate(drain);
      }
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
      const project = numOf(projectId);
      reader.prepare('BEGIN').run();
      // The snapshot is taken and the collecting starts in one turn: no commit falls between.
      const total = (reader.prepare(COUNT_EVENTS).get(project) as { n: number }).n;
      arrivals.set(projectId, arrived);
      const runs = reader.prepare<[number, number], RunRow>(RUNS_OF_KIND);
      // Identify and group first, by time, so who is in which role and account is settled
      // before any track is counted and nobody needs rebuilding; tracks count the same in any order.
      const profiles: StoredEvent[] = [];
      for (const row of runs.iterate(project, 0)) profiles.push(...unpackRun(row));
      let replayed = 0;
      /** Whether ingest should have a turn now. */
      const apply = (ev: StoredEvent) => (applyToState(ctx, ev, true), ++replayed % REPLAY_CHUNK === 0);
      const breathe = () => {
        if (replayed % PROGRESS_EVERY === 0 && replayed < total) progress?.(replayed, total);
        return new Promise(setImmediate);
      };
      for (const ev of profiles.sort(byTime)) if (apply(ev)) await breathe();
      for (const row of runs.iterate(project, 1)) {
        for (const ev of unpackRun(row)) if (apply(ev)) await breathe();
      }
      progress?.(replayed, total);
      writing(() => {
        // Every row is replaced: none kept from before stays true.
        forgetRows();
        arrived.sort(byTime);
        for (const ev of arrived) applyToState(ctx, ev);
        q.putChecklists.run(projectId, JSON.stringify(checklists));
        q.clearUsers.run(projectId);
        q.clearAccounts.run(projectId);
        // Every row is new to the memory context, so `save` writes them all.
        save();
      });
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
      const [row, kind] = key.startsWith('pk_') ? [q.byPublishable.get(key), 'publishable' as const]
        : key.startsWith('sk_') ? [q.bySecret.get(hashKey(key)), 'secret' as const] : [];
      return row && { projectId: row.id, kind: kind!, userHashSecret: row.user_hash_secret, activationTarget: targetFrom(row.activation_target) };
    },
    async setUserHashSecret(projectId, secret) {
      q.setUserHashSecret.run(secret, projectId);
    },
    async setActivationTarget(projectId, target) {
      q.setActivationTarget.run(target && JSON.stringify(target), projectId);
    },
    async ingest(projectId, events, packed, dropped = 0) {
      return ingest(0, projectId, { packed, events }, dropped);
    },
    async ingestPacked(projectId, packed, dropped = 0, d, holdMs) {
      return ingest(holdMs, projectId, { packed, digest: d }, dropped);
    },
    checklistsRead: readChecklists,
    async getChecklists(projectId) {
      return readChecklists(projectId).checklists;
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
        events: (event === undefined ? q.countEvents.get(numOf(projectId)) : q.countNamed.get(numOf(projectId), event))!.n,
        users: q.countUsers.get(projectId)!.n,
        accounts: q.countAccounts.get(projectId)!.n,
        droppedBySdk: q.dropped.get(projectId)?.n ?? 0,
      };
    },
    async close() {
      // Batches still waiting for their group commit are written, not failed.
      drain();
      db.close();
    },
  };
}
