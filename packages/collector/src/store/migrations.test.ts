import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../index.js';
import { DAY, PG, T0, activate, group, identify, testCollector, track } from '../test-helpers.js';
import { openSqliteStore } from './sqlite.js';
import { tally } from './tally.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** A database with people in three accounts, its collector closed, and the list it answered. */
async function populated() {
  const t = await testCollector();
  await t.send([
    identify('a1', 'admin'), track('a1', 'pipeline_created', 1), identify('e1', 'end_user'), ...activate('e1', 2),
    identify('e2', 'end_user'), identify('s1', 'sponsor', 'globex'), group('s1', 'initech', { seats: 5 }),
  ]);
  const before = (await t.get('/v1/accounts')).json();
  await t.collector.close();
  return { t, before };
}

/** Reopened after its schema was taken back: the same list, and every tally equal to a recount. */
async function expectUpgraded({ t, before }: Awaited<ReturnType<typeof populated>>) {
  const reopened = await createCollector({ db: t.file, now: () => T0 + 30 * DAY });
  const after = await reopened.app.inject({ method: 'GET', url: '/v1/accounts', headers: { authorization: `Bearer ${t.keys.secretKey}` } });
  expect(after.json()).toEqual(before);
  const accounts = await reopened.store.listAccounts(t.keys.projectId);
  expect(accounts.map((a) => a.accountId)).toEqual(['acme', 'globex', 'initech']);
  for (const a of accounts) expect(a.tally).toEqual(tally(await reopened.store.accountUsers(t.keys.projectId, a.accountId)));
  await reopened.close();
  await t.cleanup();
}

describe.skipIf(PG)('SQLite schema migrations', () => {
  it('upgrades a file written by the first schema in place, keeping its projects and counting its accounts', async () => {
    const old = await populated();
    const { t } = old;
    // What the first released schema looked like: no identity verification, no tallies.
    const raw = new Database(t.file);
    raw.exec('ALTER TABLE projects DROP COLUMN user_hash_secret; ALTER TABLE accounts DROP COLUMN tally; PRAGMA user_version = 1;');
    raw.close();

    const store = openSqliteStore(t.file);
    expect(await store.findProject(t.keys.publishableKey)).toEqual({ projectId: t.keys.projectId, kind: 'publishable', userHashSecret: null });
    await store.setUserHashSecret(t.keys.projectId, 'uh_x');
    expect((await store.findProject(t.keys.secretKey))?.userHashSecret).toBe('uh_x');
    await store.close();
    await expectUpgraded(old);
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
  it('counts the accounts of a schema written before tallies were kept', async () => {
    const old = await populated();
    const url = new URL(old.t.file);
    const schema = url.searchParams.get('schema')!;
    url.searchParams.delete('schema');
    const raw = new pg.Client({ connectionString: url.toString() });
    await raw.connect();
    await raw.query(`SET search_path TO ${schema}; ALTER TABLE accounts DROP COLUMN tally; UPDATE firstwin_schema SET version = 3;`);
    await raw.end();
    await expectUpgraded(old);
  });
});
