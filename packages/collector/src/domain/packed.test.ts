import { describe, expect, it } from 'vitest';
import { packBatch, unpackBatch, unpackRun } from './packed.js';
import { fromV1, packV1 } from '../store/packed-v1.js';
import type { StoredEvent } from './event.js';

const at = Date.parse('2026-11-01T00:00:00Z');
const events: StoredEvent[] = [
  { messageId: 'm1', type: 'identify', userId: 'u1', accountId: 'acme', traits: { role: 'admin', accountId: 'acme' }, timestamp: at },
  { messageId: 'm2', type: 'identify', userId: 'u2', accountId: undefined, traits: { role: 'end_user' }, timestamp: at },
  { messageId: 'm3', type: 'group', userId: 'u1', accountId: 'acme', traits: { seats: 5 }, timestamp: at + 1 },
  {
    messageId: 'm4',
    type: 'track',
    userId: 'u1',
    accountId: 'acme',
    event: 'deal_stage_changed',
    properties: { direction: 'forward' },
    timestamp: at + 2,
  },
  { messageId: 'm5', type: 'track', userId: 'u1', accountId: undefined, event: 'page_viewed', properties: {}, timestamp: at + 3 },
];

describe('packed events', () => {
  it('come back as the events they were, every type, with and without an account, one person or many', () => {
    const batch = packBatch(events);
    expect(batch.people).toEqual(['u1', 'u2', 'u1', 'u1', 'u1']);
    expect(unpackBatch(batch)).toStrictEqual(events);
    const mine = events.filter((ev) => ev.userId === 'u1');
    const run = packBatch(mine);
    expect(run.people).toEqual(['u1']);
    expect(unpackRun({ user_id: 'u1', ids: run.ids, body: run.body })).toStrictEqual(mine);
    expect(unpackBatch(packBatch([]))).toEqual([]);
  });

  it('keep user-supplied text as data, whatever it looks like', () => {
    const hostile: StoredEvent = {
      messageId: '"],["track',
      type: 'track',
      userId: '\u2028null',
      accountId: '[]',
      event: 'a"b',
      properties: JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": 1}, "": null}'),
      timestamp: at,
    };
    const [back] = unpackBatch(packBatch([hostile]));
    // As text: a `__proto__` key is an own property of both, which equality checks do not compare.
    expect(JSON.stringify(back)).toBe(JSON.stringify(hostile));
    expect(Object.hasOwn(back!.properties!, '__proto__')).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('refuse a run whose ids and events do not pair up', () => {
    const { ids, body } = packBatch(events);
    expect(() => unpackRun({ user_id: 'u1', ids: JSON.stringify(['m1']), body })).toThrow(/a run of 5 events holds 1 ids/);
    expect(() => unpackRun({ user_id: 'u1', ids, body: '[]' })).toThrow(/a run of 0 events holds 5 ids/);
  });

  it('take less than half the text of the same events as objects, and less than tuples that repeat id and person', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      ...events[3 + (i % 2)]!,
      messageId: `0193a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`,
      userId: '0193a1b2-0000-7e5f-8a9b-00000000beef',
    }));
    const { ids, body } = packBatch(many);
    const size = ids.length + body.length;
    expect(size / JSON.stringify(many).length).toBeLessThan(0.5);
    expect(size / JSON.stringify(many.map(packV1)).length).toBeLessThan(0.8);
  });

  it('read runs of the format before (id and person in every event) as they are kept now', () => {
    const mine = events.filter((ev) => ev.userId === 'u1');
    const run = fromV1(JSON.stringify(mine.map(packV1)));
    expect(run).toEqual({ ids: packBatch(mine).ids, body: packBatch(mine).body });
    expect(unpackRun({ user_id: 'u1', ...run })).toStrictEqual(mine);
  });
});
