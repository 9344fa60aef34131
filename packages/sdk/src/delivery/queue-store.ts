import { createStore, delMany, get, set, setMany, values } from 'idb-keyval';
import type { Message } from './types.js';

/** Where queued messages wait; keys are messageIds, which sort by time (UUIDv7). */
export interface QueueStore {
  add(msgs: Message[]): Promise<void>;
  /** All queued messages, oldest first. */
  all(): Promise<Message[]>;
  remove(ids: string[]): Promise<void>;
  getMeta(key: string): Promise<number>;
  setMeta(key: string, value: number): Promise<void>;
}

// Meta keys sort after every UUID and hold numbers, so they never mix with messages.
const META = '~';

export function memoryQueueStore(): QueueStore {
  const msgs = new Map<string, Message>();
  const meta = new Map<string, number>();
  return {
    add: async (list) => list.forEach((m) => msgs.set(m.messageId, m)),
    all: async () => [...msgs.values()].sort((a, b) => (a.messageId < b.messageId ? -1 : 1)),
    remove: async (ids) => ids.forEach((id) => msgs.delete(id)),
    getMeta: async (key) => meta.get(key) ?? 0,
    setMeta: async (key, value) => void meta.set(key, value),
  };
}

/**
 * One database per project key, apart from the host app's and from progress. The fewer
 * idb-keyval calls used, the smaller both bundles: `values` (no keys needed to tell a
 * number from a message) and a count kept at 0 rather than deleted.
 */
export function idbQueueStore(name: string): QueueStore {
  const db = createStore(name, 'events');
  return {
    add: (list) =>
      setMany(
        list.map((m) => [m.messageId, m]),
        db,
      ),
    all: async () => (await values<Message | number>(db)).filter((v): v is Message => typeof v === 'object'),
    remove: (ids) => (ids.length ? delMany(ids, db) : Promise.resolve()),
    getMeta: async (key) => (await get<number>(META + key, db)) ?? 0,
    setMeta: (key, value) => set(META + key, value, db),
  };
}
