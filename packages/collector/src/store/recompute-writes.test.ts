import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG, activate, checklists, identify, testCollector, track } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testCollector>> | undefined;
afterEach(async () => t?.cleanup());

const TABLES = ['users', 'accounts'];

/** Counts every row written or deleted in users and accounts, through triggers the collector does not know of. */
async function countWrites(db: string) {
  if (!PG) {
    const raw = new Database(db);
    raw.exec(`CREATE TABLE written (n INTEGER NOT NULL); INSERT INTO written VALUES (0);
      ${TABLES.flatMap((table) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
        `CREATE TRIGGER count_${op}_${table} AFTER ${op} ON ${table} BEGIN UPDATE written SET n = n + 1; END;`)).join('\n')}`);
    return {
      run: async (sql: string, args: unknown[]) => void raw.prepare(sql).run(...args),
      read: async () => (raw.prepare('SELECT n FROM written').get() as { n: number }).n,
      close: async () => raw.close(),
    };
  }
  const url = new URL(db);
  const schema = url.searchParams.get('schema')!;
  url.searchParams.delete('schema');
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  await raw.query(`SET search_path TO ${schema}; CREATE TABLE written (n INTEGER NOT NULL); INSERT INTO written VALUES (0);
    CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN UPDATE written SET n = n + 1; RETURN NULL; END';
    ${TABLES.map((table) => `CREATE TRIGGER count_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION count_write();`).join('\n')}`);
  return {
    run: async (sql: string, args: unknown[]) => void (await raw.query(sql.replace(/\?/g, () => '$1'), args)),
    read: async () => (await raw.query('SELECT n FROM written')).rows[0].n as number,
    close: () => raw.end(),
  };
}

// Ingest waits while a recompute writes its new state: it writes only what changed.
describe('the rows a recompute writes', () => {
  it('writes none when only wording changed, and only the people whose state moved when a rule did', async () => {
    t = await testCollector();
    await t.send([identify('a1', 'admin'), ...Array.from({ length: 6 }, (_, i) => identify(`e${i}`, 'end_user')), ...activate('e0', 1), ...activate('e1', 2),
      track('e2', 'deal_stage_changed', 3, { direction: 'forward' }), track('e2', 'deal_stage_changed', 4, { direction: 'forward' })]);
    const before = (await t.get('/v1/accounts/acme/users')).json();
    const writes = await countWrites(t.file);
    try {
      const reworded = structuredClone(checklists);
      reworded[1]!.title = 'Your first win, reworded';
      expect((await t.put('/v1/checklists', reworded)).statusCode).toBe(200);
      expect(await writes.read()).toBe(0);
      expect((await t.get('/v1/accounts/acme/users')).json()).toEqual(before);

      // A row no event accounts for (what replaying the events gives is the whole state).
      await writes.run("INSERT INTO users (project_id, user_id, role) VALUES (?, 'ghost', 'admin')", [t.keys.projectId]);
      const stray = await writes.read();
      // Moving a deal now takes two: e0 and e1 (one move each) fall back, e2 (two) gets the item.
      const stricter = structuredClone(reworded);
      (stricter[1]!.items[1]!.completeOn as { count?: number }).count = 2;
      expect((await t.put('/v1/checklists', stricter)).statusCode).toBe(200);
      // e0, e1 and e2, their account's tally, and the stray row gone.
      expect(await writes.read() - stray).toBe(5);
      expect((await t.get('/v1/users/ghost/progress', t.keys.publishableKey)).json()).toMatchObject({ role: null });
      const after = (await t.get('/v1/accounts/acme/users')).json() as Array<{ userId: string; itemsDone: string[] }>;
      expect(Object.fromEntries(after.filter((u) => u.itemsDone.length).map((u) => [u.userId, u.itemsDone.sort()]))).toEqual({ e0: ['log'], e1: ['log'], e2: ['move'] });
    } finally {
      await writes.close();
    }
  });
});
