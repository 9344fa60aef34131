import type pg from 'pg';
import { fromV1, packV1 } from '../packed-v1.js';
import { transaction } from './transaction.js';
import { TALLY_COLUMNS, recountTallies } from '../rows.js';
import { EMPTY_TALLY } from '../../domain/tally.js';
import type { StoredEvent } from '../../domain/event.js';

/** Every account's tally counted again from its people's rows, as the tally of now counts them. */
async function recount(c: pg.PoolClient): Promise<void> {
  const { rows } = await c.query(`SELECT project_id, ${TALLY_COLUMNS} FROM users WHERE account_id IS NOT NULL`);
  const tallies = recountTallies(rows);
  await c.query(
    `UPDATE accounts SET tally = t.json FROM unnest($1::text[], $2::text[], $3::text[]) AS t(project_id, account_id, json)
     WHERE accounts.project_id = t.project_id AND accounts.account_id = t.account_id`,
    [tallies.map((t) => t[0]), tallies.map((t) => t[1]), tallies.map((t) => t[2])],
  );
}

/**
 * Versioned schema steps for PostgreSQL, recorded in `firstwin_schema`. Several
 * collectors may start at once: an advisory lock lets one migrate while the others wait.
 */
const steps: Array<string | ((c: pg.PoolClient) => Promise<void>)> = [
  `CREATE TABLE projects (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, publishable_key TEXT NOT NULL UNIQUE,
     secret_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, dropped_events BIGINT NOT NULL DEFAULT 0);
   CREATE TABLE events (
     project_id TEXT NOT NULL REFERENCES projects(id), message_id TEXT NOT NULL, type TEXT NOT NULL,
     user_id TEXT NOT NULL, account_id TEXT, ts BIGINT NOT NULL, body TEXT NOT NULL, received_at BIGINT NOT NULL,
     PRIMARY KEY (project_id, message_id));
   CREATE INDEX events_by_user ON events (project_id, user_id, type);
   CREATE TABLE users (
     project_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT, identified_at BIGINT, account_id TEXT,
     hits TEXT NOT NULL DEFAULT '{}', done TEXT NOT NULL DEFAULT '{}', activated_at BIGINT,
     PRIMARY KEY (project_id, user_id));
   CREATE INDEX users_by_account ON users (project_id, account_id);
   CREATE TABLE accounts (
     project_id TEXT NOT NULL, account_id TEXT NOT NULL, seats INTEGER, signed_at BIGINT, name TEXT,
     traits_at BIGINT, first_event_at BIGINT, hits TEXT NOT NULL DEFAULT '{}',
     PRIMARY KEY (project_id, account_id));
   CREATE TABLE checklists (project_id TEXT PRIMARY KEY, body TEXT NOT NULL);`,
  // Identity verification: null while it is off.
  'ALTER TABLE projects ADD COLUMN user_hash_secret TEXT;',
  // Arrival order, so a recompute knows exactly which events its snapshot did not see.
  'ALTER TABLE events ADD COLUMN seq BIGSERIAL; CREATE INDEX events_by_seq ON events (project_id, seq);',
  // Each account's people counted, kept at ingest so the accounts list reads no users.
  async (c) => {
    await c.query(`ALTER TABLE accounts ADD COLUMN tally TEXT NOT NULL DEFAULT '${EMPTY_TALLY}'`);
    await recount(c);
  },
  // A project's own activation target (JSON), null for the default.
  'ALTER TABLE projects ADD COLUMN activation_target TEXT;',
  // Events kept in runs, as SQLite keeps them (`runs.ts`); the old rows become runs of one
  // event each, in arrival order, packed here page by page as the route packs a batch.
  async (c) => {
    await c.query(`CREATE TABLE seen (project_id TEXT NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (project_id, message_id));
      CREATE TABLE runs (
        seq BIGSERIAL PRIMARY KEY, project_id TEXT NOT NULL, user_id TEXT NOT NULL, tracks BOOLEAN NOT NULL,
        body TEXT NOT NULL, received_at BIGINT NOT NULL);
      CREATE INDEX runs_by_kind ON runs (project_id, tracks, user_id);
      INSERT INTO seen (project_id, message_id) SELECT project_id, message_id FROM events;`);
    // Paged along the (project_id, seq) index: a page by seq alone scanned the whole table.
    const page =
      'SELECT seq, project_id, user_id, received_at, body FROM events WHERE (project_id, seq) > ($1, $2) ORDER BY project_id, seq LIMIT 1000';
    for (
      let rows = (await c.query(page, ['', 0])).rows;
      rows.length > 0;
      rows = (await c.query(page, [rows.at(-1).project_id, rows.at(-1).seq])).rows
    ) {
      const events = rows.map((r) => JSON.parse(r.body) as StoredEvent);
      await c.query(
        `INSERT INTO runs (project_id, user_id, tracks, body, received_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::bigint[])`,
        [
          rows.map((r) => r.project_id),
          rows.map((r) => r.user_id),
          events.map((e) => e.type === 'track'),
          events.map((e) => JSON.stringify([packV1(e)])),
          rows.map((r) => r.received_at),
        ],
      );
    }
    await c.query('DROP TABLE events');
  },
  // Runs keep their events' ids beside them, and no event repeats its id or its person. A
  // collector from before still running would go on writing runs without ids: NOT NULL,
  // with no default, refuses its writes, so its clients send them again, to a collector of now.
  async (c) => {
    await c.query('ALTER TABLE runs ADD COLUMN ids TEXT');
    const page = 'SELECT seq, body FROM runs WHERE seq > $1 ORDER BY seq LIMIT 1000';
    for (let rows = (await c.query(page, [0])).rows; rows.length > 0; rows = (await c.query(page, [rows.at(-1).seq])).rows) {
      const runs = rows.map((r) => fromV1(r.body));
      await c.query(
        'UPDATE runs SET ids = t.ids, body = t.body FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(seq, ids, body) WHERE runs.seq = t.seq',
        [rows.map((r) => r.seq), runs.map((r) => r.ids), runs.map((r) => r.body)],
      );
    }
    await c.query('ALTER TABLE runs ALTER COLUMN ids SET NOT NULL');
  },
  // Tallies keep when each person activated (checkpoints, the timeline), not each role's first.
  recount,
  // Dashboard users (an email belongs to one project) and their sessions, kept by their token's hash.
  // IF NOT EXISTS: a step written beside others in flight may run again over a schema that has it.
  `CREATE TABLE IF NOT EXISTS dashboard_users (
     id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL REFERENCES projects(id),
     password_hash TEXT NOT NULL, created_at BIGINT NOT NULL);
   CREATE TABLE IF NOT EXISTS dashboard_sessions (
     token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES dashboard_users(id) ON DELETE CASCADE,
     created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
   CREATE INDEX IF NOT EXISTS dashboard_sessions_by_user ON dashboard_sessions (user_id);`,
  // Webhooks, their outbox and deliveries log, and each account's signals (see the SQLite step).
  `CREATE TABLE webhooks (
     id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), url TEXT NOT NULL, events TEXT NOT NULL,
     format TEXT NOT NULL, secret TEXT NOT NULL, created_at BIGINT NOT NULL, disabled_at BIGINT, disabled_reason TEXT);
   CREATE INDEX webhooks_by_project ON webhooks (project_id);
   CREATE TABLE outbox (
     id BIGSERIAL PRIMARY KEY, webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE, event_id TEXT NOT NULL,
     type TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at BIGINT NOT NULL);
   CREATE INDEX outbox_due ON outbox (next_at, id);
   CREATE INDEX outbox_by_webhook ON outbox (webhook_id);
   CREATE TABLE webhook_attempts (
     id BIGSERIAL PRIMARY KEY, webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE, event_id TEXT NOT NULL,
     type TEXT NOT NULL, attempt INTEGER NOT NULL, at BIGINT NOT NULL, verdict TEXT NOT NULL, code INTEGER, error TEXT,
     ms INTEGER NOT NULL, retry_at BIGINT);
   CREATE INDEX attempts_by_webhook ON webhook_attempts (webhook_id, id);
   CREATE TABLE account_signals (
     project_id TEXT NOT NULL, account_id TEXT NOT NULL, status TEXT, first_value_at BIGINT, next_at BIGINT,
     PRIMARY KEY (project_id, account_id));
   CREATE INDEX signals_due ON account_signals (next_at) WHERE next_at IS NOT NULL;
   INSERT INTO account_signals (project_id, account_id, next_at) SELECT project_id, account_id, 0 FROM accounts;`,
  // Signed identity tokens: the mode, the signing secret, and publishable-key events with a
  // valid, an invalid and no token, counted by the hour (hours since the epoch).
  `ALTER TABLE projects ADD COLUMN token_mode TEXT NOT NULL DEFAULT 'off';
   ALTER TABLE projects ADD COLUMN token_secret TEXT;
   CREATE TABLE token_counts (
     project_id TEXT NOT NULL, hour BIGINT NOT NULL, valid BIGINT NOT NULL, invalid BIGINT NOT NULL, missing BIGINT NOT NULL,
     PRIMARY KEY (project_id, hour));`,
  // When each person was last seen and each account last active, kept at ingest from now
  // on; until then, from a person's last run (the sort carries no body; one body a person
  // is read) its latest event's timestamp (a packed event's second field), capped at when
  // it was received, and an account's latest of its people's.
  `ALTER TABLE users ADD COLUMN last_seen_at BIGINT;
   ALTER TABLE accounts ADD COLUMN last_activity_at BIGINT;
   UPDATE users SET last_seen_at = r.at
     FROM (SELECT run.project_id, run.user_id,
             LEAST(run.received_at, (SELECT MAX((e ->> 1)::bigint) FROM json_array_elements(run.body::json) e)) AS at
           FROM runs run JOIN (SELECT DISTINCT ON (project_id, user_id) seq FROM runs ORDER BY project_id, user_id, seq DESC) last
             USING (seq)) r
     WHERE users.project_id = r.project_id AND users.user_id = r.user_id;
   UPDATE accounts SET last_activity_at = u.at
     FROM (SELECT project_id, account_id, MAX(last_seen_at) AS at FROM users WHERE account_id IS NOT NULL GROUP BY project_id, account_id) u
     WHERE accounts.project_id = u.project_id AND accounts.account_id = u.account_id;`,
  // Each delivery names the account its event is about (null for a test ping). From before:
  // what a queued standard body says, and an attempt what its event's queued row says.
  `ALTER TABLE outbox ADD COLUMN account_id TEXT;
   ALTER TABLE webhook_attempts ADD COLUMN account_id TEXT;
   UPDATE outbox SET account_id = body::jsonb -> 'data' ->> 'accountId';
   UPDATE webhook_attempts SET account_id = o.account_id FROM outbox o
     WHERE o.event_id = webhook_attempts.event_id AND o.account_id IS NOT NULL;
   CREATE INDEX attempts_by_account ON webhook_attempts (account_id, id) WHERE account_id IS NOT NULL;`,
];

export async function migratePostgres(pool: pg.Pool): Promise<void> {
  await transaction(
    pool,
    async (c) => {
      await c.query('CREATE TABLE IF NOT EXISTS firstwin_schema (version INTEGER NOT NULL)');
      const { rows } = await c.query('SELECT version FROM firstwin_schema');
      const current = rows[0]?.version ?? 0;
      if (current > steps.length)
        throw new Error(`this database was written by a newer collector (schema ${current}; this one knows ${steps.length})`);
      for (let v = current; v < steps.length; v++) {
        const step = steps[v]!;
        if (typeof step === 'string') await c.query(step);
        else await step(c);
      }
      if (!rows.length) await c.query('INSERT INTO firstwin_schema (version) VALUES ($1)', [steps.length]);
      else await c.query('UPDATE firstwin_schema SET version = $1', [steps.length]);
    },
    { lock: 'firstwin:migrate' },
  );
}
