import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { checklists, DAY, T0, tempDir } from '../../test-helpers.js';
import { digest } from '../../domain/inert.js';
import { packBatch, type PackedBatch } from '../../domain/packed.js';
import { openSqliteStore } from './store.js';
import { holdAfter, openSqliteWithWriter } from './writer.js';
import type { StoredEvent } from '../../domain/event.js';

const batch = (name: string, userId = 'u1'): [StoredEvent[], PackedBatch] => {
  const events = Array.from(
    { length: 20 },
    (_, i): StoredEvent => ({
      messageId: `${name}-${i}`,
      type: 'track',
      userId,
      event: 'page_viewed',
      properties: {},
      timestamp: Date.parse('2026-10-01') + i,
    }),
  );
  return [events, packBatch(events)];
};

/** u1, an end user of acme, from T0. */
const identify: StoredEvent = {
  messageId: 'i',
  type: 'identify',
  userId: 'u1',
  accountId: 'acme',
  traits: { role: 'end_user', accountId: 'acme' },
  timestamp: T0,
};
/** u1's track that completes the end user's "log" item. */
const logged = (messageId: string, timestamp = T0 + 1): StoredEvent => ({
  messageId,
  type: 'track',
  userId: 'u1',
  event: 'interaction_logged',
  properties: {},
  timestamp,
});

describe('the SQLite writer thread', () => {
  it('writes a batch still waiting for its group commit when the store closes, instead of failing it', async () => {
    const file = join(tempDir('firstwin-writer-'), 'w.db');
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
    const store = openSqliteWithWriter(join(tempDir('firstwin-writer-'), 'w.db'), (t) => threads.push(t));
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

  it('stores a batch that changes no state without parsing it: counted once, read back by stats and a recompute', async () => {
    const store = openSqliteWithWriter(join(tempDir('firstwin-writer-'), 'w.db'));
    try {
      const { projectId } = await store.createProject('quiet');
      await store.putChecklists(projectId, checklists);
      const first: StoredEvent[] = [
        {
          messageId: 'i',
          type: 'identify',
          userId: 'u1',
          accountId: 'acme',
          traits: { role: 'end_user', accountId: 'acme' },
          timestamp: T0,
        },
        { messageId: 'l', type: 'track', userId: 'u1', event: 'interaction_logged', properties: {}, timestamp: T0 },
      ];
      await store.ingest(projectId, first, packBatch(first));
      const before = await store.getUser(projectId, 'u1');
      expect(before?.done).toHaveProperty('log');
      // Later interactions and page views: the done item keeps its earlier hit.
      const [quiet] = batch('q');
      quiet.forEach((ev, i) => (ev.event = i % 2 ? 'interaction_logged' : 'page_viewed'));
      const packed = packBatch(quiet);
      expect(await store.ingest(projectId, quiet, packed)).toEqual({ accepted: 20, duplicates: 0 });
      expect(await store.ingest(projectId, quiet, packed)).toEqual({ accepted: 0, duplicates: 20 });
      expect(await store.getUser(projectId, 'u1')).toEqual(before);
      expect((await store.stats(projectId)).events).toBe(22);
      expect((await store.stats(projectId, 'page_viewed')).events).toBe(10);
      // An item counting page views: the recompute finds them in the run stored unparsed.
      const views = checklists.map((c) =>
        c.role !== 'end_user'
          ? c
          : { ...c, items: [...c.items, { id: 'views', title: 'Views', completeOn: { event: 'page_viewed', count: 10 } }] },
      );
      await store.putChecklists(projectId, views);
      expect((await store.getUser(projectId, 'u1'))?.done).toHaveProperty('views');
    } finally {
      await store.close();
    }
  });

  it('trusts a digest made against its checklists, and parses a batch whose digest names others', async () => {
    const store = openSqliteStore(join(tempDir('firstwin-writer-'), 'w.db'));
    try {
      const { projectId } = await store.createProject('digests');
      await store.putChecklists(projectId, checklists);
      await store.ingest(projectId, [identify], packBatch([identify]));
      // A digest that leaves out the item the event completes: believed, so the batch was not read.
      const { fingerprint } = store.checklistsRead(projectId);
      const blind = { ...digest([logged('a')], checklists, fingerprint)!, matched: [] };
      await store.ingestPacked(projectId, packBatch([logged('a')]), 0, blind, 0);
      expect((await store.getUser(projectId, 'u1'))?.done).not.toHaveProperty('log');
      // The same, naming checklists the store does not have: read and applied.
      await store.ingestPacked(projectId, packBatch([logged('b')]), 0, { ...blind, checklists: 'other' }, 0);
      expect((await store.getUser(projectId, 'u1'))?.done).toHaveProperty('log');
    } finally {
      await store.close();
    }
  });

  it('marks the person of a batch it stores unparsed seen at its latest timestamp, capped at its arrival, once their time moves forward by a minute', async () => {
    let now = T0;
    const store = openSqliteStore(join(tempDir('firstwin-writer-'), 'w.db'), { now: () => now });
    try {
      const { projectId } = await store.createProject('seen');
      await store.putChecklists(projectId, checklists);
      await store.ingest(projectId, [identify], packBatch([identify]));
      // A blind digest (it leaves out the item the event completes) is believed: what moves was written on the unparsed path.
      const { fingerprint } = store.checklistsRead(projectId);
      const unparsed = (...events: StoredEvent[]) =>
        store.ingestPacked(projectId, packBatch(events), 0, { ...digest(events, checklists, fingerprint)!, matched: [] }, 0);
      const times = async () => [
        (await store.getUser(projectId, 'u1'))?.lastSeenAt,
        (await store.getAccount(projectId, 'acme'))?.lastActivityAt,
      ];
      // Received a day later: the events' own times count.
      now = T0 + DAY;
      await unparsed(logged('a', T0 + 59_999));
      expect(await times()).toEqual([T0, T0]);
      await unparsed(logged('b', T0 + 60_000));
      expect(await times()).toEqual([T0 + 60_000, T0 + 60_000]);
      // The batch's latest, not its first; and never back.
      await unparsed(logged('c', T0 + 180_000), logged('d', T0 + 120_000));
      expect(await times()).toEqual([T0 + 180_000, T0 + 180_000]);
      await unparsed(logged('e', T0 + 100_000));
      expect(await times()).toEqual([T0 + 180_000, T0 + 180_000]);
      // Dated after it arrived: when it arrived.
      await unparsed(logged('f', T0 + DAY + 3_600_000));
      expect(await times()).toEqual([T0 + DAY, T0 + DAY]);
      expect((await store.getUser(projectId, 'u1'))?.done).not.toHaveProperty('log');
    } finally {
      await store.close();
    }
  });

  it('holds a group open while the HTTP thread is saturated, commits it with the batches that came meanwhile, and stops once it has eased', async () => {
    expect([holdAfter(0.95, false), holdAfter(0.85, false), holdAfter(0.85, true), holdAfter(0.7, true)]).toEqual([5, 0, 5, 0]);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const store = openSqliteStore(join(tempDir('firstwin-writer-'), 'w.db'));
    try {
      const { projectId } = await store.createProject('held');
      const answered: string[] = [];
      const send = (name: string, holdMs: number) => {
        const [, packed] = batch(name);
        return store.ingestPacked(projectId, packed, 0, undefined, holdMs).then((r) => {
          answered.push(name);
          return r;
        });
      };
      const first = send('a', 50);
      await vi.advanceTimersByTimeAsync(49);
      const second = send('b', 0);
      await vi.advanceTimersByTimeAsync(0);
      expect(answered).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(await Promise.all([first, second])).toEqual([
        { accepted: 20, duplicates: 0 },
        { accepted: 20, duplicates: 0 },
      ]);
      expect(answered).toEqual(['a', 'b']);
      // Without a hold, a group commits on the next turn.
      await send('c', 0);
      expect((await store.stats(projectId)).events).toBe(60);
    } finally {
      vi.useRealTimers();
      await store.close();
    }
  });
});
