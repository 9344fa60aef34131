import type Database from 'better-sqlite3';
import { PACKED_EVENT_NAME, type RunRow } from '../../domain/packed.js';
import { ACCOUNT_STATE_COLUMNS, USER_STATE_COLUMNS } from '../rows.js';

export type ProjectRow = {
  id: string;
  user_hash_secret: string | null;
  activation_target: string | null;
  token_mode: string;
  token_secret: string | null;
};

const PROJECT_COLUMNS = 'id, user_hash_secret, activation_target, token_mode, token_secret';

// Every stored event has its one row in `seen`.
export const COUNT_EVENTS = 'SELECT COUNT(*) AS n FROM seen WHERE project = ?';
/** A project's runs of one kind (1: track events, 0: identify and group), a person's runs together in arrival order. */
export const RUNS_OF_KIND = 'SELECT user_id, ids, body FROM runs INDEXED BY runs_by_kind WHERE project = ? AND tracks = ?';

/** What the store calls on a prepared statement: better-sqlite3's own type has no name a declaration file can use. */
export interface Statement<P extends unknown[], R> {
  run(...params: P): Database.RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

/** Every statement the store runs, prepared once per connection. */
export function prepareQueries(db: Database.Database) {
  /** `pluck`: rows are their one column's value. */
  const prepare = <P extends unknown[] = unknown[], R = unknown>(sql: string, pluck = false): Statement<P, R> => {
    const statement = db.prepare<P, R>(sql);
    return pluck ? statement.pluck() : statement;
  };
  return {
    insertProject: prepare(
      'INSERT INTO projects (id, name, publishable_key, secret_hash, created_at, num) VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(num), 0) + 1 FROM projects))',
    ),
    projectNum: prepare<[string], { num: number }>('SELECT num FROM projects WHERE id = ?'),
    byPublishable: prepare<[string], ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE publishable_key = ?`),
    bySecret: prepare<[string], ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE secret_hash = ?`),
    setIdentityTokens: prepare('UPDATE projects SET token_mode = ?, token_secret = ? WHERE id = ?'),
    addTokenCounts: prepare(
      `INSERT INTO token_counts (project_id, hour, valid, invalid, missing) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project_id, hour) DO UPDATE SET valid = valid + excluded.valid, invalid = invalid + excluded.invalid, missing = missing + excluded.missing`,
    ),
    tokenCounts: prepare<[string, number], { valid: number | null; invalid: number | null; missing: number | null }>(
      'SELECT SUM(valid) AS valid, SUM(invalid) AS invalid, SUM(missing) AS missing FROM token_counts WHERE project_id = ? AND hour >= ?',
    ),
    setUserHashSecret: prepare('UPDATE projects SET user_hash_secret = ? WHERE id = ?'),
    setActivationTarget: prepare('UPDATE projects SET activation_target = ? WHERE id = ?'),
    see: prepare<[number, string], string>(
      'INSERT INTO seen (project, message_id) SELECT ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING RETURNING message_id',
      true,
    ),
    seeAll: prepare<[number, string]>(
      'INSERT INTO seen (project, message_id) SELECT ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING',
    ),
    insertRun: prepare('INSERT INTO runs (project, user_id, tracks, ids, body, received_at) VALUES (?, ?, ?, ?, ?, ?)'),
    trackRuns: prepare<[number, string], RunRow>(
      'SELECT user_id, ids, body FROM runs INDEXED BY runs_by_kind WHERE project = ? AND tracks = 1 AND user_id = ?',
    ),
    getUser: prepare<[string, string], Record<string, unknown>>('SELECT * FROM users WHERE project_id = ? AND user_id = ?'),
    usersOf: prepare<[string, string], Record<string, unknown>>('SELECT * FROM users WHERE project_id = ? AND account_id = ?'),
    readUser: prepare<[string, string], Record<string, unknown>>(
      `SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = ? AND user_id = ?`,
    ),
    // INDEXED BY: for ORDER BY user_id the planner would walk every user of the project by primary key.
    readUsersOf: prepare<[string, string], Record<string, unknown>>(
      `SELECT ${USER_STATE_COLUMNS} FROM users INDEXED BY users_by_account WHERE project_id = ? AND account_id = ? ORDER BY user_id`,
    ),
    readAccounted: prepare<[string], Record<string, unknown>>(
      `SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = ? AND account_id IS NOT NULL`,
    ),
    putUser: prepare(
      `INSERT INTO users (project_id, user_id, role, identified_at, account_id, hits, done, activated_at, last_seen_at)
       VALUES (@p, @userId, @role, @identifiedAt, @accountId, @hits, @done, @activatedAt, @lastSeenAt)
       ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role, identified_at = excluded.identified_at,
         account_id = excluded.account_id, hits = excluded.hits, done = excluded.done, activated_at = excluded.activated_at,
         last_seen_at = excluded.last_seen_at`,
    ),
    seeUser: prepare('UPDATE users SET last_seen_at = ? WHERE project_id = ? AND user_id = ?'),
    seeAccount: prepare('UPDATE accounts SET last_activity_at = ? WHERE project_id = ? AND account_id = ?'),
    usersSeen: prepare<[string], { id: string; at: number }>(
      'SELECT user_id AS id, last_seen_at AS at FROM users WHERE project_id = ? AND last_seen_at IS NOT NULL',
    ),
    accountsSeen: prepare<[string], { id: string; at: number }>(
      'SELECT account_id AS id, last_activity_at AS at FROM accounts WHERE project_id = ? AND last_activity_at IS NOT NULL',
    ),
    getAccount: prepare<[string, string], Record<string, unknown>>('SELECT * FROM accounts WHERE project_id = ? AND account_id = ?'),
    readAccount: prepare<[string, string], Record<string, unknown>>(
      `SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = ? AND account_id = ?`,
    ),
    readAccounts: prepare<[string], Record<string, unknown>>(
      `SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = ? ORDER BY account_id`,
    ),
    putAccount: prepare(
      `INSERT INTO accounts (project_id, account_id, seats, signed_at, name, traits_at, first_event_at, hits, tally, last_activity_at)
       VALUES (@p, @accountId, @seats, @signedAt, @name, @traitsAt, @firstEventAt, @hits, @tally, @lastActivityAt)
       ON CONFLICT (project_id, account_id) DO UPDATE SET seats = excluded.seats, signed_at = excluded.signed_at,
         name = excluded.name, traits_at = excluded.traits_at, first_event_at = excluded.first_event_at, hits = excluded.hits,
         tally = excluded.tally, last_activity_at = excluded.last_activity_at`,
    ),
    getChecklists: prepare<[string], { body: string }>('SELECT body FROM checklists WHERE project_id = ?'),
    putChecklists: prepare(
      'INSERT INTO checklists (project_id, body) VALUES (?, ?) ON CONFLICT (project_id) DO UPDATE SET body = excluded.body',
    ),
    countEvents: prepare<[number], { n: number }>(COUNT_EVENTS),
    countNamed: prepare<[number, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM runs INDEXED BY runs_by_kind, json_each(runs.body) AS e WHERE project = ? AND tracks = 1 AND e.value ->> ${PACKED_EVENT_NAME} = ?`,
    ),
    countUsers: prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE project_id = ?'),
    countAccounts: prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM accounts WHERE project_id = ?'),
    dropped: prepare<[string], { n: number }>('SELECT dropped_events AS n FROM projects WHERE id = ?'),
    addDropped: prepare('UPDATE projects SET dropped_events = dropped_events + ? WHERE id = ?'),
    clearUsers: prepare('DELETE FROM users WHERE project_id = ?'),
    clearAccounts: prepare('DELETE FROM accounts WHERE project_id = ?'),
  };
}

export type Queries = ReturnType<typeof prepareQueries>;
