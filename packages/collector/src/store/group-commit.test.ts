import { afterEach, describe, expect, it } from 'vitest';
import { PG, T0, testCollector } from '../test-helpers.js';
import { packBatch, type PackedBatch } from '../domain/packed.js';
import type { StoredEvent } from '../domain/event.js';

let t: Awaited<ReturnType<typeof testCollector>> | undefined;
afterEach(async () => t?.cleanup());

const batch = (userId: string, ids: string[]): [StoredEvent[], PackedBatch] => {
  const events = ids.map(
    (messageId, i): StoredEvent => ({ messageId, type: 'track', userId, event: 'interaction_logged', properties: {}, timestamp: T0 + i }),
  );
  return [events, packBatch(events)];
};

// Batches that arrive while others are being written share their transaction.
describe('group commit', () => {
  it('answers each of many concurrent batches as if it had come alone, in order', async () => {
    t = await testCollector();
    const { store } = t.collector;
    const p = t.keys.projectId;
    // Every batch repeats the last id of the one before and one id of its own twice.
    const sent = Array.from({ length: 24 }, (_, b) => batch(`u${b % 5}`, [`m${b}`, `m${b}`, `m${b + 1}`]));
    const answers = await Promise.all(sent.map((args) => store.ingest(p, ...args)));
    expect(answers[0]).toEqual({ accepted: 2, duplicates: 1 });
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(25);
    expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBe(24 * 3 - 25);
    expect((await store.stats(p)).events).toBe(25);
  });

  it('writes the batches still waiting for their commit when the store closes, instead of failing them', async () => {
    t = await testCollector();
    const { store } = t.collector;
    const sent = Array.from({ length: 6 }, (_, b) => store.ingest(t!.keys.projectId, ...batch(`u${b}`, [`c${b}`])));
    await t.collector.close();
    expect(await Promise.all(sent)).toEqual(Array.from({ length: 6 }, () => ({ accepted: 1, duplicates: 0 })));
  });

  it.runIf(PG)('fails only the batch PostgreSQL cannot store, not those written with it', async () => {
    t = await testCollector();
    const { store } = t.collector;
    const p = t.keys.projectId;
    // The route refuses U+0000 in ids; the store alone does not, and PostgreSQL cannot keep it.
    const [first, bad, next] = [batch('u1', ['a1', 'a2']), batch('u\u0000', ['b1']), batch('u2', ['c1', 'a2'])];
    const answers = await Promise.allSettled([store.ingest(p, ...first), store.ingest(p, ...bad), store.ingest(p, ...next)]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((answers[2] as PromiseFulfilledResult<unknown>).value).toEqual({ accepted: 1, duplicates: 1 });
    expect((await store.stats(p)).events).toBe(3);
  });
});
