import type { StoredEvent } from './event.js';

/**
 * One event as the stores keep it in a run and as batches cross to SQLite's writer
 * thread: a tuple, not an object, so no key name is written, read and stored again for
 * each event. Its messageId is kept beside it (`PackedBatch.ids`), its person by the run.
 */
export type PackedEvent = [
  type: StoredEvent['type'],
  timestamp: number,
  /** `accountId`, or a group's `groupId`. */
  accountId: string | null,
  /** A track's event name. */
  event: string | null,
  /** A track's properties, the traits of an identify or group. */
  data: Record<string, unknown>,
];

/** Where a packed event keeps its name, for SQL that reads stored runs. */
export const PACKED_EVENT_NAME = 3;

/**
 * Events as text: their messageIds as one JSON array, which is also what SQL takes them
 * from to insert their keys, and the packed events as another, position by position. A
 * run keeps both as they are: the ids serialized once, and neither its person nor
 * `"messageId"` repeated in every event (a fifth less to serialize than tuples holding them).
 */
export interface PackedBatch {
  ids: string;
  body: string;
  /** Whose events: one userId for them all (a run, or a browser's batch), or one per event. */
  people: string[];
}

export const pack = (ev: StoredEvent): PackedEvent => [
  ev.type,
  ev.timestamp,
  ev.accountId ?? null,
  ev.event ?? null,
  (ev.type === 'track' ? ev.properties : ev.traits) ?? {},
];

/** Object literals of one shape per type, as the route makes them. */
export function unpack([type, timestamp, account, event, data]: PackedEvent, messageId: string, userId: string): StoredEvent {
  const accountId = account ?? undefined;
  if (type === 'track') return { messageId, type, userId, accountId, event: event ?? undefined, properties: data, timestamp };
  return { messageId, type, userId, accountId, traits: data, timestamp };
}

export function packBatch(events: readonly StoredEvent[]): PackedBatch {
  const first = events[0]?.userId;
  const one = events.every((ev) => ev.userId === first);
  return {
    ids: JSON.stringify(events.map((ev) => ev.messageId)),
    body: JSON.stringify(events.map(pack)),
    people: one && first !== undefined ? [first] : events.map((ev) => ev.userId),
  };
}

/** A batch, or a stored run (its ids, its body and its one person), back to events. */
export function unpackBatch({ ids, body, people }: PackedBatch): StoredEvent[] {
  const messageIds = JSON.parse(ids) as string[];
  const packed = JSON.parse(body) as PackedEvent[];
  if (messageIds.length !== packed.length) throw new Error(`a run of ${packed.length} events holds ${messageIds.length} ids`);
  const single = people.length === 1;
  return packed.map((ev, i) => unpack(ev, messageIds[i]!, single ? people[0]! : people[i]!));
}

/** A stored run as both stores read it back. */
export type RunRow = { user_id: string; ids: string; body: string };

/** A stored run's events, from its row. */
export const unpackRun = (row: RunRow): StoredEvent[] => unpackBatch({ ids: row.ids, body: row.body, people: [row.user_id] });
