import { randomUUID } from 'node:crypto';
import { bodyOf } from './body.js';
import type { SignalEvent } from './events.js';
import { TEST_EVENT, type EventType, type Format } from './kinds.js';

/** A webhook as the outbox needs it. */
export interface Subscriber {
  id: string;
  events: readonly EventType[];
  format: Format;
  /** Turned off (a 410 answer): it receives nothing more. */
  disabled: boolean;
}

/** One event for one webhook, its body already in that webhook's format. */
export interface OutboxEntry {
  webhookId: string;
  /** The event's id, sent as `webhook-id`; one event sent to two webhooks has one id. */
  eventId: string;
  type: string;
  /** The account the event is about; null for a test ping and a person in no account. */
  accountId: string | null;
  body: string;
  createdAt: number;
}

export const newEventId = () => `msg_${randomUUID().replaceAll('-', '')}`;
export const newWebhookId = () => `wh_${randomUUID().replaceAll('-', '')}`;

const accountOf = (e: SignalEvent): string | null => (e.type === TEST_EVENT ? null : e.data.accountId);

/** What each webhook subscribed to, of these events. */
export function fanOut(events: readonly SignalEvent[], webhooks: readonly Subscriber[], newId = newEventId): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  for (const e of events) {
    const to = webhooks.filter((w) => !w.disabled && (e.type === 'webhook.test' || w.events.includes(e.type)));
    if (to.length === 0) continue;
    const eventId = newId();
    const accountId = accountOf(e);
    for (const w of to) out.push({ webhookId: w.id, eventId, type: e.type, accountId, body: bodyOf(e, w.format), createdAt: e.timestamp });
  }
  return out;
}
