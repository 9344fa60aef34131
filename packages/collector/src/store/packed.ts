import type { StoredEvent } from './types.js';

/**
 * One event as the SQLite store keeps it and as batches cross to its writer thread:
 * a tuple, not an object, so no key name is written, read and stored again for each
 * event. A batch is then a third to a half less text to serialize, parse and write.
 */
export type PackedEvent = [
  type: StoredEvent['type'],
  messageId: string,
  timestamp: number,
  userId: string,
  /** `accountId`, or a group's `groupId`. */
  accountId: string | null,
  /** A track's event name. */
  event: string | null,
  /** A track's properties, the traits of an identify or group. */
  data: Record<string, unknown>,
];

/** Where a packed event keeps its name, for SQL that reads stored runs. */
export const PACKED_EVENT_NAME = 5;

export const pack = (ev: StoredEvent): PackedEvent => [
  ev.type, ev.messageId, ev.timestamp, ev.userId, ev.accountId ?? null, ev.event ?? null,
  (ev.type === 'track' ? ev.properties : ev.traits) ?? {},
];

/** Object literals of one shape per type, as the route makes them. */
export function unpack([type, messageId, timestamp, userId, account, event, data]: PackedEvent): StoredEvent {
  const accountId = account ?? undefined;
  if (type === 'track') return { messageId, type, userId, accountId, event: event ?? undefined, properties: data, timestamp };
  return { messageId, type, userId, accountId, traits: data, timestamp };
}

/** A stored run, or a batch's text, back to events. */
export const unpackAll = (json: string): StoredEvent[] => (JSON.parse(json) as PackedEvent[]).map(unpack);
