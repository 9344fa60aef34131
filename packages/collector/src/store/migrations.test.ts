import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../index.js';
import { DAY, PG, T0, activate, checklists, group, identify, testCollector, track } from '../test-helpers.js';
import { openStore } from './open.js';
import { openSqliteStore } from './sqlite/store.js';
import { tally } from '../domain/tally.js';

/** What the webhooks' schema step made, undone to stand for a database from before it. */
const DROP_WEBHOOK_TABLES = 'DROP TABLE webhook_attempts; DROP TABLE outbox; DROP TABLE webhooks; DROP TABLE account_signals;';
/** What the last-seen step made (the deliveries' accounts went with the webhook tables). */
const DROP_LAST_SEEN = 'ALTER TABLE users DROP COLUMN last_seen_at; ALTER TABLE accounts DROP COLUMN last_activity_at;';

/**
 * Deliveries from before they named their account: a retry of an event about acme still
 * queued (a standard body), one of a Slack body, and an attempt whose event has left the outbox.
 */
const BEFORE_ACCOUNTS = (projectId: string) => `
  INSERT INTO webhooks (id, project_id, url, events, format, secret, created_at)
    VALUES ('wh_s', '${projectId}', 'http://127.0.0.1:9/s', '[]', 'standard', 'whsec_x', 0),
           ('wh_k', '${projectId}', 'http://127.0.0.1:9/k', '[]', 'slack', 'whsec_y', 0);
  INSERT INTO outbox (webhook_id, event_id, type, body, created_at, attempts, next_at)
    VALUES ('wh_s', 'msg_a', 'user.activated', '{"type":"user.activated","timestamp":"x","data":{"accountId":"acme"}}', 0, 1, 9),
           ('wh_k', 'msg_a', 'user.activated', '{"text":"u1 activated"}', 0, 1, 9),
           ('wh_k', 'msg_b', 'user.activated', '{"text":"u2 activated"}', 0, 1, 9);
  INSERT INTO webhook_attempts (webhook_id, event_id, type, attempt, at, verdict, code, error, ms, retry_at)
    VALUES ('wh_s', 'msg_a', 'user.activated', 1, 1, 'retry', 503, 'answered 503', 5, 9),
           ('wh_k', 'msg_a', 'user.activated', 1, 2, 'retry', 503, 'answered 503', 5, 9),
           ('wh_k', 'msg_b', 'user.activated', 1, 3, 'retry', 503, 'answered 503', 5, 9),
           ('wh_s', 'msg_c', 'user.activated', 1, 4, 'delivered', 204, NULL, 5, NULL);`;

/** After the step: each delivery of msg_a, to either webhook, is acme's; the others name none. */
async function expectAccountsNamed(db: string, projectId: string) {
  // The store alone: a dispatcher would try the queued events again, adding attempts.
  const store = await openStore(db);
  try {
    const named = async (id: string) => (await store.webhookDeliveries(projectId, id))!.map((d) => [d.eventId, d.accountId]);
    expect(await named('wh_s')).toEqual([
      ['msg_c', null],
      ['msg_a', 'acme'],
    ]);
    expect(await named('wh_k')).toEqual([
      ['msg_b', null],
      ['msg_a', 'acme'],
    ]);
    expect((await store.accountDeliveries(projectId, 'acme')).map((d) => [d.webhookId, d.eventId])).toEqual([
      ['wh_k', 'msg_a'],
      ['wh_s', 'msg_a'],
    ]);
  } finally {
    await store.close();
  }
}

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** A database with people in three accounts, its collector closed, and the list it answered. */
/** A connection of its own to the test's database, and the schema its collector uses (named in its URL). */
async function rawPg(file: string) {
  const url = new URL(file);
  const schema = url.searchParams.get('schema')!;
  url.searchParams.delete('schema');
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  return { raw, schema };
}

async function populated() {
  const t = await testCollector();
  const batch = [
    identify('a1', 'admin'),
    track('a1', 'pipeline_created', 1),
    identify('e1', 'end_user'),
    ...activate('e1', 2),
    identify('e2', 'end_user'),
    identify('s1', 'sponsor', 'globex'),
    group('s1', 'initech', { seats: 5 }),
  ];
  await t.send(batch);
  const before = (await t.get('/v1/accounts')).json();
  await t.collector.close();
  return { t, batch, before };
}

/**
 * Reopened after its schema was taken back: the same list, every tally equal to a
 * recount, its events still known (as duplicates) and still enough to recompute from.
 */
async function expectUpgraded({ t, batch, before }: Awaited<ReturnType<typeof populated>>, staleWriteRefused: () => Promise<void>) {
  const reopened = await createCollector({ db: t.file, now: () => T0 + 30 * DAY });
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, key = t.keys.secretKey) =>
    reopened.app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });
  expect((await call('GET', '/v1/accounts')).json()).toEqual(before);
  const accounts = await reopened.store.listAccounts(t.keys.projectId);
  expect(accounts.map((a) => a.accountId)).toEqual(['acme', 'globex', 'initech']);
  for (const a of accounts) expect(a.tally).toEqual(tally(await reopened.store.accountUsers(t.keys.projectId, a.accountId)));

  expect((await call('GET', '/v1/stats')).json()).toMatchObject({ events: batch.length });
  expect((await call('GET', '/v1/stats?event=pipeline_created')).json()).toMatchObject({ events: 1 });
  expect((await call('POST', '/v1/batch', { batch })).json()).toMatchObject({ accepted: 0, duplicates: batch.length });
  expect((await call('PUT', '/v1/checklists', checklists)).statusCode).toBe(200);
  expect((await call('GET', '/v1/accounts')).json()).toEqual(before);
  // A project made after the upgrade has message ids of its own.
  const later = await reopened.store.createProject('later');
  expect((await call('POST', '/v1/batch', { batch }, later.secretKey)).json()).toMatchObject({ accepted: batch.length, duplicates: 0 });
  // The step that adds the project's own target: none until set.
  expect((await call('GET', '/v1/activation-target')).json()).toMatchObject({ isDefault: true });
  expect((await call('PUT', '/v1/activation-target', { rate: 0.5, days: 30 })).statusCode).toBe(200);
  expect((await call('GET', '/v1/activation-target')).json()).toEqual({ rate: 0.5, days: 30, isDefault: false });
  await reopened.close();
  // A collector from before, still writing: its run without ids is refused, not kept unreadable.
  await staleWriteRefused();
  await t.cleanup();
}

describe.skipIf(PG)('SQLite schema migrations', () => {
  it('upgrades a file written by the first schema in place, keeping its projects and counting its accounts', async () => {
    const old = await populated();
    const { t } = old;
    // What the first released schema looked like: no identity verification, no tallies,
    // one row per event, each an object.
    const raw = new Database(t.file);
    raw.exec(`
      CREATE TABLE events (
        project_id TEXT NOT NULL REFERENCES projects(id), message_id TEXT NOT NULL, type TEXT NOT NULL,
        user_id TEXT NOT NULL, account_id TEXT, ts INTEGER NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, message_id)) WITHOUT ROWID;
      CREATE INDEX events_by_user ON events (project_id, user_id, type);
      INSERT INTO events SELECT p.id, r.ids ->> e.key, e.value ->> 0, r.user_id, e.value ->> 2, e.value ->> 1,
        json_object('messageId', r.ids ->> e.key, 'type', e.value ->> 0, 'userId', r.user_id, 'accountId', e.value ->> 2,
          'event', e.value ->> 3, IIF(e.value ->> 0 = 'track', 'properties', 'traits'), e.value -> 4, 'timestamp', e.value ->> 1),
        r.received_at FROM runs r JOIN projects p ON p.num = r.project, json_each(r.body) e;
      DROP TABLE runs; DROP TABLE seen; DROP INDEX projects_by_num; ALTER TABLE projects DROP COLUMN num;
      ALTER TABLE projects DROP COLUMN user_hash_secret; ALTER TABLE projects DROP COLUMN activation_target;
      ALTER TABLE accounts DROP COLUMN tally; DROP TABLE dashboard_sessions; DROP TABLE dashboard_users; PRAGMA user_version = 1;
      ${DROP_WEBHOOK_TABLES}
      ALTER TABLE projects DROP COLUMN token_mode; ALTER TABLE projects DROP COLUMN token_secret; DROP TABLE token_counts;
      ${DROP_LAST_SEEN}`);
    expect(raw.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: old.batch.length });
    raw.close();

    const store = openSqliteStore(t.file);
    expect(await store.findProject(t.keys.publishableKey)).toEqual({
      projectId: t.keys.projectId,
      kind: 'publishable',
      userHashSecret: null,
      activationTarget: null,
      tokenMode: 'off',
      tokenSecret: null,
    });
    await store.setUserHashSecret(t.keys.projectId, 'uh_x');
    expect((await store.findProject(t.keys.secretKey))?.userHashSecret).toBe('uh_x');
    await store.close();
    await expectUpgraded(old, async () => {
      const stale = new Database(t.file);
      try {
        expect(() =>
          stale.prepare("INSERT INTO runs (project, user_id, tracks, body, received_at) VALUES (1, 'u1', 1, '[]', 0)").run(),
        ).toThrow(/a run without its ids: this file was upgraded by a newer collector/);
      } finally {
        stale.close();
      }
    });
  });

  it('recounts tallies stored before activation moments were kept', async () => {
    const old = await populated();
    const raw = new Database(old.t.file);
    raw.exec("UPDATE accounts SET tally = json_remove(tally, '$.activations')");
    // Six steps back: the recount, the dashboard's tables (which run again harmlessly), the webhooks', the identity
    // tokens', last seen, and the deliveries' accounts.
    raw.exec(DROP_WEBHOOK_TABLES);
    raw.exec('ALTER TABLE projects DROP COLUMN token_mode; ALTER TABLE projects DROP COLUMN token_secret; DROP TABLE token_counts;');
    raw.exec(DROP_LAST_SEEN);
    raw.pragma(`user_version = ${(raw.pragma('user_version', { simple: true }) as number) - 6}`);
    expect(raw.prepare("SELECT COUNT(*) AS n FROM accounts WHERE tally LIKE '%activations%'").get()).toEqual({ n: 0 });
    raw.close();
    await expectUpgraded(old, async () => {});
  });

  it("names the account of deliveries from before where a queued event's body says it", async () => {
    const t = await testCollector();
    const { projectId } = t.keys;
    await t.collector.close();
    const raw = new Database(t.file);
    raw.exec(`DROP INDEX attempts_by_account; ALTER TABLE webhook_attempts DROP COLUMN account_id; ALTER TABLE outbox DROP COLUMN account_id;
      ${BEFORE_ACCOUNTS(projectId)} PRAGMA user_version = ${(raw.pragma('user_version', { simple: true }) as number) - 1};`);
    raw.close();
    await expectAccountsNamed(t.file, projectId);
    await t.cleanup();
  });

  it('refuses a file from a newer collector rather than guess at it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'firstwin-migrate-'));
    const file = join(dir, 'new.db');
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openSqliteStore(file)).toThrow(/newer collector/);
  });
});

describe.runIf(PG)('PostgreSQL schema migrations', () => {
  it('recounts tallies stored before activation moments were kept', async () => {
    const old = await populated();
    const { raw, schema } = await rawPg(old.t.file);
    await raw.query(`SET search_path TO ${schema};
      UPDATE accounts SET tally = (tally::jsonb - 'activations')::text; ${DROP_WEBHOOK_TABLES}
      ALTER TABLE projects DROP COLUMN token_mode; ALTER TABLE projects DROP COLUMN token_secret; DROP TABLE token_counts;
      ${DROP_LAST_SEEN} UPDATE firstwin_schema SET version = version - 6;`); // back before the recount, as in the SQLite test
    await raw.end();
    await expectUpgraded(old, async () => {});
  });

  it("names the account of deliveries from before where a queued event's body says it", async () => {
    const t = await testCollector();
    const { projectId } = t.keys;
    await t.collector.close();
    const { raw, schema } = await rawPg(t.file);
    await raw.query(`SET search_path TO ${schema};
      DROP INDEX attempts_by_account; ALTER TABLE webhook_attempts DROP COLUMN account_id; ALTER TABLE outbox DROP COLUMN account_id;
      ${BEFORE_ACCOUNTS(projectId)} UPDATE firstwin_schema SET version = version - 1;`);
    await raw.end();
    await expectAccountsNamed(t.file, projectId);
    await t.cleanup();
  });

  it('upgrades a schema written before tallies and runs were kept, counting its accounts and keeping its events', async () => {
    const old = await populated();
    const { raw, schema } = await rawPg(old.t.file);
    // Before tallies, targets and runs: one row per event, each an object.
    await raw.query(`SET search_path TO ${schema};
      CREATE TABLE events (
        project_id TEXT NOT NULL REFERENCES projects(id), message_id TEXT NOT NULL, type TEXT NOT NULL,
        user_id TEXT NOT NULL, account_id TEXT, ts BIGINT NOT NULL, body TEXT NOT NULL, received_at BIGINT NOT NULL,
        seq BIGSERIAL, PRIMARY KEY (project_id, message_id));
      CREATE INDEX events_by_user ON events (project_id, user_id, type);
      CREATE INDEX events_by_seq ON events (project_id, seq);
      INSERT INTO events (project_id, message_id, type, user_id, account_id, ts, body, received_at)
        SELECT r.project_id, r.ids::json ->> (n - 1)::int, e ->> 0, r.user_id, e ->> 2, (e ->> 1)::bigint,
          json_build_object('messageId', r.ids::json ->> (n - 1)::int, 'type', e ->> 0, 'userId', r.user_id, 'accountId', e ->> 2, 'event', e ->> 3,
            CASE WHEN e ->> 0 = 'track' THEN 'properties' ELSE 'traits' END, e -> 4, 'timestamp', (e ->> 1)::bigint)::text,
          r.received_at
        FROM runs r, json_array_elements(r.body::json) WITH ORDINALITY AS t(e, n) ORDER BY r.seq, n;
      DROP TABLE runs; DROP TABLE seen;
      ALTER TABLE accounts DROP COLUMN tally; ALTER TABLE projects DROP COLUMN activation_target;
      DROP TABLE dashboard_sessions; DROP TABLE dashboard_users;
      ${DROP_WEBHOOK_TABLES}
      ALTER TABLE projects DROP COLUMN token_mode; ALTER TABLE projects DROP COLUMN token_secret; DROP TABLE token_counts;
      ${DROP_LAST_SEEN} UPDATE firstwin_schema SET version = 3;`);
    expect((await raw.query('SELECT COUNT(*)::int AS n FROM events')).rows[0].n).toBe(old.batch.length);
    await raw.end();
    await expectUpgraded(old, async () => {
      const { raw: stale } = await rawPg(old.t.file);
      try {
        await expect(
          stale.query(`INSERT INTO ${schema}.runs (project_id, user_id, tracks, body, received_at) VALUES ($1, 'u1', true, '[]', 0)`, [
            old.t.keys.projectId,
          ]),
        ).rejects.toThrow(/null value in column "ids"/);
      } finally {
        await stale.end();
      }
    });
  });
});
