import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PG } from '../test-helpers.js';
import { openSqliteStore } from './sqlite.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe.skipIf(PG)('SQLite schema migrations', () => {
  it('upgrades a file written by the first schema in place, keeping its projects', async () => {
    dir = mkdtempSync(join(tmpdir(), 'firstwin-migrate-'));
    const file = join(dir, 'old.db');
    let store = openSqliteStore(file);
    const keys = await store.createProject('old');
    await store.close();
    // What the first released schema looked like: no identity verification column.
    const raw = new Database(file);
    raw.exec('ALTER TABLE projects DROP COLUMN user_hash_secret; PRAGMA user_version = 1;');
    raw.close();

    store = openSqliteStore(file);
    expect(await store.findProject(keys.publishableKey)).toEqual({ projectId: keys.projectId, kind: 'publishable', userHashSecret: null });
    await store.setUserHashSecret(keys.projectId, 'uh_x');
    expect((await store.findProject(keys.secretKey))?.userHashSecret).toBe('uh_x');
    await store.close();
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
