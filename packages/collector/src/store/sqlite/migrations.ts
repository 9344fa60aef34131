import type Database from 'better-sqlite3';
import { fromV1, packV1 } from '../packed-v1.js';
import { TALLY_COLUMNS, recountTallies } from '../rows.js';
import { EMPTY_TALLY } from '../../domain/tally.js';
import type { StoredEvent } from '../../domain/event.js';

/** Every account's tally counted again from its people's rows, as the tally of now counts them. */
function recount(db: Database.Database): void {
  const tallies = recountTallies(db.prepare(`SELECT project_id, ${TALLY_COLUMNS} FROM users WHERE account_id IS NOT NULL`).all() as never);
  const set = db.prepare('UPDATE accounts SET tally = ? WHERE project_id = ? AND account_id = ?');
  for (const [projectId, accountId, json] of tallies) set.run(json, projectId, accountId);
}

/**
 * Versioned schema steps, applied in order and recorded in `user_version`, so a
 * collector upgraded in place migrates its own file. Never edit a released step; add one.
 */
const steps: Array<string | ((db: Database.Database) => void)> = [
  `CREATE TABLE projects (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, publishable_key TEXT NOT NULL UNIQUE,
     secret_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, dropped_events INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE events (
     project_id TEXT NOT NULL REFERENCES projects(id), message_id TEXT NOT NULL, type TEXT NOT NULL,
     user_id TEXT NOT NULL, account_id TEXT, ts INTEGER NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, message_id)) WITHOUT ROWID;
   CREATE INDEX events_by_user ON events (project_id, user_id, type);
   CREATE TABLE users (
     project_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT, identified_at INTEGER, account_id TEXT,
     hits TEXT NOT NULL DEFAULT '{}', done TEXT NOT NULL DEFAULT '{}', activated_at INTEGER,
     PRIMARY KEY (project_id, user_id));
   CREATE INDEX users_by_account ON users (project_id, account_id);
   CREATE TABLE accounts (
     project_id TEXT NOT NULL, account_id TEXT NOT NULL, seats INTEGER, signed_at INTEGER, name TEXT,
     traits_at INTEGER, first_event_at INTEGER, hits TEXT NOT NULL DEFAULT '{}',
     PRIMARY KEY (project_id, account_id));
   CREATE TABLE checklists (project_id TEXT PRIMARY KEY, body TEXT NOT NULL);`,
  // Identity verification: null while it is off.
  'ALTER TABLE projects ADD COLUMN user_hash_secret TEXT;',
  // Each account's people counted, kept at ingest so the accounts list reads no users.
  (db) => {
    db.exec(`ALTER TABLE accounts ADD COLUMN tally TEXT NOT NULL DEFAULT '${EMPTY_TALLY}'`);
    recount(db);
  },
  // Events kept in runs (see ../runs.ts): the old rows become runs of one event each.
  `ALTER TABLE projects ADD COLUMN num INTEGER;
   UPDATE projects SET num = rowid;
   CREATE UNIQUE INDEX projects_by_num ON projects (num);
   CREATE TABLE seen (project INTEGER NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (project, message_id)) WITHOUT ROWID;
   CREATE TABLE runs (
     id INTEGER PRIMARY KEY, project INTEGER NOT NULL, user_id TEXT NOT NULL, tracks INTEGER NOT NULL,
     body TEXT NOT NULL, received_at INTEGER NOT NULL);
   CREATE INDEX runs_by_kind ON runs (project, tracks, user_id);
   INSERT INTO seen (project, message_id) SELECT p.num, e.message_id FROM events e JOIN projects p ON p.id = e.project_id;
   INSERT INTO runs (project, user_id, tracks, body, received_at)
     SELECT p.num, e.user_id, e.type = 'track', '[' || e.body || ']', e.received_at
     FROM events e JOIN projects p ON p.id = e.project_id ORDER BY e.received_at, e.ts, e.message_id;
   DROP TABLE events;`,
  // Runs hold packed events, not objects naming every field.
  (db) => {
    // A page at a time: a connection cannot write while it is still reading rows out.
    const page = db.prepare<[number], { id: number; body: string }>('SELECT id, body FROM runs WHERE id > ? ORDER BY id LIMIT 1000');
    const set = db.prepare('UPDATE runs SET body = ? WHERE id = ?');
    for (let rows = page.all(0); rows.length > 0; rows = page.all(rows.at(-1)!.id)) {
      for (const { id, body } of rows) set.run(JSON.stringify((JSON.parse(body) as StoredEvent[]).map(packV1)), id);
    }
  },
  // A project's own activation target (JSON), null for the default.
  'ALTER TABLE projects ADD COLUMN activation_target TEXT;',
  // Runs keep their events' ids beside them, and no event repeats its id or its person. A
  // collector from before that still has the file open would go on writing runs without
  // ids: its writes are refused, so its clients send them again, to a collector of now.
  (db) => {
    db.exec('ALTER TABLE runs ADD COLUMN ids TEXT');
    const page = db.prepare<[number], { id: number; body: string }>('SELECT id, body FROM runs WHERE id > ? ORDER BY id LIMIT 1000');
    const set = db.prepare('UPDATE runs SET ids = ?, body = ? WHERE id = ?');
    for (let rows = page.all(0); rows.length > 0; rows = page.all(rows.at(-1)!.id)) {
      for (const { id, body } of rows) {
        const run = fromV1(body);
        set.run(run.ids, run.body, id);
      }
    }
    db.exec(`CREATE TRIGGER runs_need_ids BEFORE INSERT ON runs WHEN NEW.ids IS NULL
      BEGIN SELECT RAISE(ABORT, 'a run without its ids: this file was upgraded by a newer collector'); END`);
  },
  // Tallies keep when each person activated (checkpoints, the timeline), not each role's first.
  recount,
  // Dashboard users (an email belongs to one project) and their sessions, kept by their token's hash.
  // IF NOT EXISTS: a step written beside others in flight may run again over a schema that has it.
  `CREATE TABLE IF NOT EXISTS dashboard_users (
     id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL REFERENCES projects(id),
     password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE IF NOT EXISTS dashboard_sessions (
     token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES dashboard_users(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS dashboard_sessions_by_user ON dashboard_sessions (user_id);`,
  // Webhooks: their outbox (written in the transaction that made each event) and deliveries
  // log, and per account what was last announced and when the clock may next change its
  // status. Accounts from before are taken as they are at their first look, silently.
  `CREATE TABLE webhooks (
     id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), url TEXT NOT NULL, events TEXT NOT NULL,
     format TEXT NOT NULL, secret TEXT NOT NULL, created_at INTEGER NOT NULL, disabled_at INTEGER, disabled_reason TEXT);
   CREATE INDEX webhooks_by_project ON webhooks (project_id);
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY, webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE, event_id TEXT NOT NULL,
     type TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL);
   CREATE INDEX outbox_due ON outbox (next_at, id);
   CREATE INDEX outbox_by_webhook ON outbox (webhook_id);
   CREATE TABLE webhook_attempts (
     id INTEGER PRIMARY KEY, webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE, event_id TEXT NOT NULL,
     type TEXT NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL, verdict TEXT NOT NULL, code INTEGER, error TEXT,
     ms INTEGER NOT NULL, retry_at INTEGER);
   CREATE INDEX attempts_by_webhook ON webhook_attempts (webhook_id, id);
   CREATE TABLE account_signals (
     project_id TEXT NOT NULL, account_id TEXT NOT NULL, status TEXT, first_value_at INTEGER, next_at INTEGER,
     PRIMARY KEY (project_id, account_id)) WITHOUT ROWID;
   CREATE INDEX signals_due ON account_signals (next_at) WHERE next_at IS NOT NULL;
   INSERT INTO account_signals (project_id, account_id, next_at) SELECT project_id, account_id, 0 FROM accounts;`,
  // Signed identity tokens: the mode, the signing secret, and publishable-key events with a
  // valid, an invalid and no token, counted by the hour (hours since the epoch).
  `ALTER TABLE projects ADD COLUMN token_mode TEXT NOT NULL DEFAULT 'off';
   ALTER TABLE projects ADD COLUMN token_secret TEXT;
   CREATE TABLE token_counts (
     project_id TEXT NOT NULL, hour INTEGER NOT NULL, valid INTEGER NOT NULL, invalid INTEGER NOT NULL, missing INTEGER NOT NULL,
     PRIMARY KEY (project_id, hour)) WITHOUT ROWID;`,
  // When each person was last seen and each account last active, kept at ingest from now
  // on; until then, from a person's last run (runs are numbered in arrival order: the index
  // alone finds the last, and one body a person is read) its latest event's timestamp
  // (a packed event's second field), capped at when it was received, and an account's
  // latest of its people's.
  `ALTER TABLE users ADD COLUMN last_seen_at INTEGER;
   ALTER TABLE accounts ADD COLUMN last_activity_at INTEGER;
   UPDATE users SET last_seen_at = (
     SELECT MIN(received_at, (SELECT MAX(e.value ->> 1) FROM json_each(body) e)) FROM runs WHERE id = (
     SELECT MAX(id) FROM runs INDEXED BY runs_by_kind
     WHERE project = (SELECT num FROM projects WHERE id = users.project_id) AND tracks IN (0, 1) AND user_id = users.user_id));
   UPDATE accounts SET last_activity_at = (SELECT MAX(last_seen_at) FROM users INDEXED BY users_by_account
     WHERE users.project_id = accounts.project_id AND users.account_id = accounts.account_id);`,
  // Each delivery names the account its event is about (null for a test ping). From before:
  // what a queued standard body says, and an attempt what its event's queued row says.
  `ALTER TABLE outbox ADD COLUMN account_id TEXT;
   ALTER TABLE webhook_attempts ADD COLUMN account_id TEXT;
   UPDATE outbox SET account_id = body ->> '$.data.accountId' WHERE json_valid(body);
   UPDATE webhook_attempts SET account_id = (
     SELECT o.account_id FROM outbox o WHERE o.event_id = webhook_attempts.event_id AND o.account_id IS NOT NULL LIMIT 1);
   CREATE INDEX attempts_by_account ON webhook_attempts (account_id, id) WHERE account_id IS NOT NULL;`,
];

/**
 * Each step runs in a transaction that takes the write lock first and only then reads the
 * version: a collector and `project create` opening one file at once cannot both run a
 * step (packing runs twice would erase them).
 */
export function migrate(db: Database.Database): void {
  const next = db.transaction((): boolean => {
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v > steps.length) throw new Error(`this database was written by a newer collector (schema ${v}; this one knows ${steps.length})`);
    if (v === steps.length) return false;
    const step = steps[v]!;
    if (typeof step === 'string') db.exec(step);
    else step(db);
    db.pragma(`user_version = ${v + 1}`);
    return true;
  });
  while (next.immediate());
}
