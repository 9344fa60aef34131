import { createStore, del, delMany, entries, get, set, setMany } from 'idb-keyval';
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

const META = '~'; // sorts after every UUID, so meta keys never mix with messages

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

/** One database per project key, apart from the host app's and from progress. */
export function idbQueueStore(name: string): QueueStore {
  const db = createStore(name, 'events');
  return {
    add: (list) => setMany(list.map((m) => [m.messageId, m]), db),
    all: async () =>
      (await entries<string, Message>(db)).filter(([k]) => !String(k).startsWith(META)).map(([, v]) => v),
    remove: (ids) => (ids.length ? delMany(ids, db) : Promise.resolve()),
    getMeta: async (key) => (await get<number>(META + key, db)) ?? 0,
    setMeta: (key, value) => (value ? set(META + key, value, db) : del(META + key, db)),
  };
}
