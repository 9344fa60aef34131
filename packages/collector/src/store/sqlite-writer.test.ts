import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { pack } from './packed.js';
import { openSqliteStore } from './sqlite.js';
import { openSqliteWithWriter } from './sqlite-writer.js';
import type { StoredEvent } from './types.js';

const batch = (name: string, userId = 'u1'): [StoredEvent[], string] => {
  const events = Array.from({ length: 20 }, (_, i): StoredEvent => (
    { messageId: `${name}-${i}`, type: 'track', userId, event: 'page_viewed', properties: {}, timestamp: Date.parse('2026-10-01') + i }
  ));
  return [events, JSON.stringify(events.map(pack))];
};

describe('the SQLite writer thread', () => {
  it('writes a batch still waiting for its group commit when the store closes, instead of failing it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'firstwin-writer-')), 'w.db');
    const store = openSqliteWithWriter(file);
    const { projectId } = await store.createProject('closing');
    const sent = store.ingest(projectId, ...batch('late'));
    await store.close();
    expect(await sent).toEqual({ accepted: 20, duplicates: 0 });
    const reopened = openSqliteStore(file);
    expect((await reopened.stats(projectId)).events).toBe(20);
    await reopened.close();
  });

  it('fails the writes a stopped thread had, starts another for the next, and loses or doubles nothing once they are re-sent', async () => {
    const threads: Worker[] = [];
    const store = openSqliteWithWriter(join(mkdtempSync(join(tmpdir(), 'firstwin-writer-')), 'w.db'), (t) => threads.push(t));
    try {
      const { projectId } = await store.createProject('crash');
      expect(await store.ingest(projectId, ...batch('a'))).toEqual({ accepted: 20, duplicates: 0 });

      // Stopped as if it had crashed: the batch sent to it is refused, not left unanswered.
      void threads[0]!.terminate();
      await expect(store.ingest(projectId, ...batch('b'))).rejects.toThrow(/writer thread stopped/);

      expect(await store.ingest(projectId, ...batch('c', 'u2'))).toEqual({ accepted: 20, duplicates: 0 });
      expect(threads).toHaveLength(2);
      // The client re-sends what was refused, and then everything once more.
      expect(await store.ingest(projectId, ...batch('b'))).toEqual({ accepted: 20, duplicates: 0 });
      for (const name of ['a', 'b']) expect(await store.ingest(projectId, ...batch(name))).toEqual({ accepted: 0, duplicates: 20 });
      expect((await store.stats(projectId)).events).toBe(60);
      expect((await store.stats(projectId, 'page_viewed')).events).toBe(60);
      expect(await store.getUser(projectId, 'u2')).toBeDefined();
    } finally {
      await store.close();
    }
  });
});
