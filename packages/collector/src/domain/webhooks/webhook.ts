import type { Outbox } from './outbox.js';
import type { EventType, Format } from './kinds.js';

/** A webhook as `GET /v1/webhooks` shows it: never its secret. */
export interface Webhook {
  id: string;
  url: string;
  events: EventType[];
  format: Format;
  createdAt: string;
  /** `disabled` once the receiver answered 410 Gone: nothing more is sent to it. */
  status: 'active' | 'disabled';
  disabledReason: string | null;
}

/** What `POST /v1/webhooks` answers, once: the signing secret included. */
export type CreatedWebhook = Webhook & { secret: string };

export interface WebhookRequest {
  url: string;
  events: EventType[];
  format: Format;
}

/** One attempt to deliver one event, as the deliveries log keeps it. */
export interface Delivery {
  eventId: string;
  type: string;
  /** 1 for the first attempt of the event. */
  attempt: number;
  /** `failed` is tried again at `retryAt`; `gave_up` was the last attempt; `disabled`: answered 410. */
  status: 'delivered' | 'failed' | 'gave_up' | 'disabled';
  /** The receiver's HTTP status; null when none came. */
  code: number | null;
  error: string | null;
  at: string;
  durationMs: number;
  retryAt: string | null;
  /** The account the event is about; null for a test ping, a person in no account, and attempts from before accounts were kept. */
  accountId: string | null;
}

/** An attempt as an account's page lists it: to which webhook it went. */
export type AccountDelivery = Delivery & { webhookId: string; url: string };

/** Attempts kept per webhook in the deliveries log. */
export const DELIVERIES_KEPT = 100;

/** What the webhook routes and the collector's timers need of storage; the store's clock dates what they write. */
export interface WebhookStorage {
  createWebhook(projectId: string, w: WebhookRequest): Promise<CreatedWebhook>;
  listWebhooks(projectId: string): Promise<Webhook[]>;
  /** False when the project has no such webhook. */
  deleteWebhook(projectId: string, id: string): Promise<boolean>;
  /** Queues a ping for one webhook; its event id, undefined when the project has no such webhook. */
  testWebhook(projectId: string, id: string): Promise<string | undefined>;
  /** The webhook's last attempts, newest first; undefined when the project has no such webhook. */
  webhookDeliveries(projectId: string, id: string): Promise<Delivery[] | undefined>;
  /** The last attempts, to any of the project's webhooks, of events about this account; newest first. */
  accountDeliveries(projectId: string, accountId: string): Promise<AccountDelivery[]>;
  /** Looks at the accounts whose status the clock may have changed by now; how many, and the deliveries queued. */
  sweep(): Promise<{ accounts: number; queued: number }>;
  outbox: Outbox;
}
