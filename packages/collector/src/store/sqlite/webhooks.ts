import type Database from 'better-sqlite3';
import type { EventType, Format } from '../../domain/webhooks/kinds.js';
import { newWebhookId, type OutboxEntry, type Subscriber } from '../../domain/webhooks/fan-out.js';
import { newSecret } from '../../domain/webhooks/signing.js';
import { DELIVERIES_KEPT, type CreatedWebhook, type Delivery, type Webhook, type WebhookRequest } from '../../domain/webhooks/webhook.js';
import {
  accountDeliveryOf,
  deliveryOf,
  disabledReason,
  dueOf,
  webhookOf,
  type AccountAttemptRow,
  type AttemptRow,
  type DueRow,
  type WebhookRow,
} from '../webhook-rows.js';
import type { Attempt } from '../../domain/webhooks/outbox.js';

/** A project's webhooks, their outbox and their deliveries log, in SQLite (see `migrations.ts`). */
export function sqliteWebhooks(db: Database.Database) {
  const q = {
    insert: db.prepare('INSERT INTO webhooks (id, project_id, url, events, format, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    list: db.prepare<[string], WebhookRow>('SELECT * FROM webhooks WHERE project_id = ? ORDER BY created_at, id'),
    one: db.prepare<[string, string], WebhookRow>('SELECT * FROM webhooks WHERE project_id = ? AND id = ?'),
    remove: db.prepare('DELETE FROM webhooks WHERE project_id = ? AND id = ?'),
    subscribers: db.prepare<[string], { id: string; events: string; format: Format; disabled_at: number | null }>(
      'SELECT id, events, format, disabled_at FROM webhooks WHERE project_id = ?',
    ),
    enqueue: db.prepare(
      'INSERT INTO outbox (webhook_id, event_id, type, account_id, body, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    due: db.prepare<[number, number], DueRow>(
      `SELECT o.id, o.webhook_id, w.url, w.secret, o.event_id, o.type, o.account_id, o.body, o.attempts, o.created_at
       FROM outbox o JOIN webhooks w ON w.id = o.webhook_id WHERE o.next_at <= ? ORDER BY o.next_at, o.id LIMIT ?`,
    ),
    retry: db.prepare('UPDATE outbox SET attempts = ?, next_at = ? WHERE id = ?'),
    done: db.prepare('DELETE FROM outbox WHERE id = ?'),
    disable: db.prepare('UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL'),
    dropQueued: db.prepare('DELETE FROM outbox WHERE webhook_id = ?'),
    log: db.prepare(
      `INSERT INTO webhook_attempts (webhook_id, event_id, type, account_id, attempt, at, verdict, code, error, ms, retry_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    prune: db.prepare(
      `DELETE FROM webhook_attempts WHERE webhook_id = @w AND id <= (SELECT id FROM webhook_attempts WHERE webhook_id = @w ORDER BY id DESC LIMIT 1 OFFSET ${DELIVERIES_KEPT})`,
    ),
    deliveries: db.prepare<[string], AttemptRow>(
      `SELECT * FROM webhook_attempts WHERE webhook_id = ? ORDER BY id DESC LIMIT ${DELIVERIES_KEPT}`,
    ),
    // Another project's account of the same name is filtered out by its webhooks' project.
    ofAccount: db.prepare<[string, string], AccountAttemptRow>(
      `SELECT a.*, w.url FROM webhook_attempts a INDEXED BY attempts_by_account JOIN webhooks w ON w.id = a.webhook_id
       WHERE a.account_id = ? AND w.project_id = ? ORDER BY a.id DESC LIMIT ${DELIVERIES_KEPT}`,
    ),
  };

  const subscribers = (projectId: string): Subscriber[] =>
    q.subscribers
      .all(projectId)
      .map((r) => ({ id: r.id, events: JSON.parse(r.events) as EventType[], format: r.format, disabled: r.disabled_at !== null }));

  return {
    subscribers,
    /** Writes entries to the outbox, due at once; in the caller's transaction. */
    enqueue(entries: OutboxEntry[]): void {
      for (const e of entries) q.enqueue.run(e.webhookId, e.eventId, e.type, e.accountId, e.body, e.createdAt, e.createdAt);
    },
    create(projectId: string, w: WebhookRequest, now: number): CreatedWebhook {
      const id = newWebhookId();
      const secret = newSecret();
      q.insert.run(id, projectId, w.url, JSON.stringify(w.events), w.format, secret, now);
      return { ...webhookOf(q.one.get(projectId, id)!), secret };
    },
    list: (projectId: string) => q.list.all(projectId).map(webhookOf),
    get(projectId: string, id: string): Webhook | undefined {
      const row = q.one.get(projectId, id);
      return row && webhookOf(row);
    },
    /** Its queued events and its log go with it. */
    remove: (projectId: string, id: string) => q.remove.run(projectId, id).changes > 0,
    deliveries(projectId: string, id: string): Delivery[] | undefined {
      if (!q.one.get(projectId, id)) return undefined;
      return q.deliveries.all(id).map(deliveryOf);
    },
    ofAccount: (projectId: string, accountId: string) => q.ofAccount.all(accountId, projectId).map(accountDeliveryOf),
    due: (now: number, limit: number) => q.due.all(now, limit).map(dueOf),
    /** Records attempts; in one transaction the caller opens. */
    settle(attempts: Attempt[]): void {
      const webhooks = new Set<string>();
      for (const a of attempts) {
        q.log.run(a.webhookId, a.eventId, a.type, a.accountId, a.attempt, a.at, a.verdict, a.code, a.error, a.ms, a.retryAt);
        webhooks.add(a.webhookId);
        if (a.verdict === 'retry') q.retry.run(a.attempt, a.retryAt, a.id);
        else q.done.run(a.id);
        if (a.verdict === 'disabled' && q.disable.run(a.at, disabledReason(a), a.webhookId).changes) q.dropQueued.run(a.webhookId);
      }
      for (const w of webhooks) q.prune.run({ w });
    },
  };
}
