import type { EventType, Format } from '../domain/webhooks/kinds.js';
import type { Attempt, Due } from '../domain/webhooks/outbox.js';
import type { AccountDelivery, Delivery, Webhook } from '../domain/webhooks/webhook.js';

// Rows of the webhook tables and what they read as, for both backends (PostgreSQL's BIGINT made numbers first).
export type WebhookRow = {
  id: string;
  url: string;
  events: string;
  format: Format;
  created_at: number;
  disabled_at: number | null;
  disabled_reason: string | null;
};
export type DueRow = {
  id: number;
  webhook_id: string;
  url: string;
  secret: string;
  event_id: string;
  type: string;
  account_id: string | null;
  body: string;
  attempts: number;
  created_at: number;
};
export type AttemptRow = {
  event_id: string;
  type: string;
  attempt: number;
  at: number;
  verdict: Attempt['verdict'];
  code: number | null;
  error: string | null;
  ms: number;
  retry_at: number | null;
  account_id: string | null;
};
export type AccountAttemptRow = AttemptRow & { webhook_id: string; url: string };

const iso = (ms: number) => new Date(ms).toISOString();
export const webhookOf = (r: WebhookRow): Webhook => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as EventType[],
  format: r.format,
  createdAt: iso(r.created_at),
  status: r.disabled_at === null ? 'active' : 'disabled',
  disabledReason: r.disabled_reason,
});
export const deliveryOf = (r: AttemptRow): Delivery => ({
  eventId: r.event_id,
  type: r.type,
  attempt: r.attempt,
  status: r.verdict === 'retry' ? 'failed' : r.verdict,
  code: r.code,
  error: r.error,
  at: iso(r.at),
  durationMs: r.ms,
  retryAt: r.retry_at === null ? null : iso(r.retry_at),
  accountId: r.account_id,
});
export const accountDeliveryOf = (r: AccountAttemptRow): AccountDelivery => ({ ...deliveryOf(r), webhookId: r.webhook_id, url: r.url });
export const dueOf = (r: DueRow): Due => ({
  id: String(r.id),
  webhookId: r.webhook_id,
  url: r.url,
  secret: r.secret,
  eventId: r.event_id,
  type: r.type,
  accountId: r.account_id,
  body: r.body,
  attempts: r.attempts,
  createdAt: r.created_at,
});
export const disabledReason = (a: Attempt) => `the receiver answered 410 Gone at ${iso(a.at)}`;
