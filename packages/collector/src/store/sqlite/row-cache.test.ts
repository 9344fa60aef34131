import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, checklists, tempDir } from '../../test-helpers.js';
import { packBatch } from '../../domain/packed.js';
import { openSqliteStore } from './store.js';
import type { Store } from '../../domain/storage.js';
import type { StoredEvent } from '../../domain/event.js';

let n = 0;
const identify = (userId: string, traits: Record<string, unknown>): StoredEvent => ({
  messageId: `m${++n}`,
  type: 'identify',
  userId,
  accountId: traits.accountId as string | undefined,
  traits,
  timestamp: T0 + n,
});
const track = (userId: string, event: string): StoredEvent => ({
  messageId: `m${++n}`,
  type: 'track',
  userId,
  event,
  properties: {},
  timestamp: T0 + n,
});
const send = (store: Store, projectId: string, events: StoredEvent[]) => store.ingest(projectId, events, packBatch(events));

// The SQLite store keeps people's and accounts' rows in memory between batches; these are
// the moments memory could disagree with the file, and each must read the file again.
describe('state rows kept between batches', () => {
  let file: string;
  let store: Store;
  let projectId: string;
  beforeEach(async () => {
    file = join(tempDir('firstwin-rows-'), 'rows.db');
    store = openSqliteStore(file);
    ({ projectId } = await store.createProject('rows'));
    await store.putChecklists(projectId, checklists);
  });
  afterEach(() => store.close());

  it('are read again after another connection committed to the file', async () => {
    await send(store, projectId, [identify('u1', { role: 'end_user', accountId: 'acme' })]);
    await send(store, projectId, [identify('u1', { accountId: 'acme' })]); // read, and kept
    const other = new Database(file);
    other.prepare("UPDATE users SET role = 'admin' WHERE user_id = 'u1'").run();
    other.close();
    // An identify without a role keeps the person's: the one on disk now.
    await send(store, projectId, [identify('u1', { accountId: 'acme' })]);
    expect((await store.getUser(projectId, 'u1'))?.role).toBe('admin');
  });

  it('are read again after a batch failed halfway, its changes to them rolled back', async () => {
    await send(store, projectId, [identify('u1', { role: 'end_user', accountId: 'acme' })]);
    // Made before any row is kept: a schema change is another connection's commit too.
    const other = new Database(file);
    other.exec("CREATE TRIGGER boom BEFORE INSERT ON runs WHEN NEW.user_id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END");
    other.close();
    await send(store, projectId, [identify('u1', { accountId: 'acme' })]); // read, and kept
    // u1 becomes an admin in memory before the run of `boom` fails the whole batch.
    await expect(send(store, projectId, [identify('u1', { role: 'admin' }), track('boom', 'x')])).rejects.toThrow(/boom/);
    await send(store, projectId, [identify('u1', { accountId: 'acme' })]);
    expect((await store.getUser(projectId, 'u1'))?.role).toBe('end_user');
  });

  it('are read again after a recompute replaced every row', async () => {
    await send(store, projectId, [identify('u1', { role: 'end_user', accountId: 'acme' }), track('u1', 'interaction_logged')]);
    await send(store, projectId, [identify('u1', { accountId: 'acme' })]); // read, and kept
    expect(Object.keys((await store.getUser(projectId, 'u1'))!.done)).toContain('log');
    // Under checklists without that item, the person has done nothing; a later batch must not bring it back.
    const renamed = checklists.map((c) => ({
      ...c,
      items: c.items.filter((i) => i.id !== 'log'),
      activation: c.activation?.filter((i) => i !== 'log'),
    }));
    await store.putChecklists(projectId, renamed);
    await send(store, projectId, [identify('u1', { role: 'end_user', accountId: 'acme' }), track('u1', 'deal_created')]);
    expect(Object.keys((await store.getUser(projectId, 'u1'))!.done)).not.toContain('log');
  });

  it('are never dropped while a transaction holds them: a copy read again would be the row as it was before', async () => {
    const small = openSqliteStore(join(dirname(file), 'small.db'), { rowsKept: 2 });
    try {
      const { projectId: p } = await small.createProject('small');
      await small.putChecklists(p, checklists);
      await send(
        small,
        p,
        ['a1', 'a2', 'zz'].map((u) => identify(u, { role: 'end_user', accountId: 'acme' })),
      );
      // An account-scoped item: every person of the account is read and refreshed in one transaction.
      await send(small, p, [track('zz', 'pipeline_created')]);
      expect(Object.keys((await small.getUser(p, 'zz'))!.done)).toContain('team');
      await send(small, p, [identify('zz', { accountId: 'acme' })]);
      await send(small, p, [identify('a1', { accountId: 'acme' }), identify('zz', { accountId: 'acme' })]);
      for (const u of ['a1', 'a2', 'zz']) expect(Object.keys((await small.getUser(p, u))!.done), u).toContain('team');
    } finally {
      await small.close();
    }
  });
});
