import type { StoredEvent } from '../domain/event.js';

/**
 * How runs packed an event before its messageId and person moved out of it
 * (`packed.ts`). Only schema migrations write or read it.
 */
type PackedV1 = [
  type: string,
  messageId: string,
  timestamp: number,
  userId: string,
  accountId: string | null,
  event: string | null,
  data: unknown,
];

export const packV1 = (ev: StoredEvent): PackedV1 => [
  ev.type,
  ev.messageId,
  ev.timestamp,
  ev.userId,
  ev.accountId ?? null,
  ev.event ?? null,
  (ev.type === 'track' ? ev.properties : ev.traits) ?? {},
];

/** A run's text in that format, as the ids and body a run keeps now. */
export function fromV1(text: string): { ids: string; body: string } {
  const events = JSON.parse(text) as PackedV1[];
  return {
    ids: JSON.stringify(events.map((ev) => ev[1])),
    body: JSON.stringify(events.map(([type, , timestamp, , accountId, event, data]) => [type, timestamp, accountId, event, data])),
  };
}
