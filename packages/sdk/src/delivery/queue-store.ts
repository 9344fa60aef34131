import { createStore, delMany, setMany, values } from 'idb-keyval';
import type { Message } from './types.js';

/** Where queued messages wait; keys are messageIds, which sort by time (UUIDv7). */
export interface QueueStore {
  add(msgs: Message[]): Promise<void>;
  /** The queued messages, oldest first, and how many the queue dropped that no batch has reported yet. */
  read(): Promise<[queued: Message[], dropped: number]>;
  /** Takes `ids` out of the queue, then keeps `dropped`, when given, as the count no batch has reported yet. */
  remove(ids: string[], dropped?: number): Promise<void>;
}

export function memoryQueueStore(): QueueStore {
  const msgs = new Map<string, Message>();
  let count = 0;
  return {
    add: async (list) => list.forEach((m) => msgs.set(m.messageId, m)),
    read: async () => [[...msgs.values()].sort((a, b) => (a.messageId < b.messageId ? -1 : 1)), count],
    remove: async (ids, dropped) => {
      ids.forEach((id) => msgs.delete(id));
      count = dropped ?? count;
    },
  };
}

// Sorts after every UUID and holds a number, so it never mixes with the messages.
const DROPPED = '~dropped';

/**
 * One database per project key, apart from the host app's and from progress. Each
 * idb-keyval function used is code the tracking bundle ships: one `values` read gives
 * both the messages and the drop count (a number where messages are objects), and
 * `setMany` writes both.
 */
export function idbQueueStore(name: string): QueueStore {
  const db = createStore(name, 'events');
  return {
    add: (list) =>
      setMany(
        list.map((m) => [m.messageId, m]),
        db,
      ),
    read: async () => {
      const all = await values<Message | number>(db);
      return [all.filter((v): v is Message => typeof v === 'object'), all.find((v) => typeof v === 'number') ?? 0];
    },
    remove: async (ids, dropped) => {
      await delMany(ids, db);
      // Most batches report no drop: no second write for them.
      if (dropped !== undefined) await setMany([[DROPPED, dropped]], db);
    },
  };
}
