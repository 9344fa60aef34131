import type { Checklist } from '@firstwin/sdk/rules';
import type pg from 'pg';
import type { Activated, Signals } from '../../domain/webhooks/announce.js';
import { changesOf, type ChangedAccount } from '../../domain/webhooks/changes.js';
import type { EventType, Format } from '../../domain/webhooks/kinds.js';
import { fanOut, newWebhookId, type OutboxEntry } from '../../domain/webhooks/fan-out.js';
import { newSecret } from '../../domain/webhooks/signing.js';
import { DELIVERIES_KEPT, type CreatedWebhook, type WebhookRequest } from '../../domain/webhooks/webhook.js';
import type { Attempt, Outbox } from '../../domain/webhooks/outbox.js';
import { accountFrom, targetFrom } from '../rows.js';
import { testPing } from '../../domain/webhooks/events.js';
import type { WebhookStorage } from '../../domain/webhooks/webhook.js';
import { checklistsOf } from './reads.js';
import { storable } from './text.js';
import { projectTransaction } from './transaction.js';
import {
  accountDeliveryOf,
  deliveryOf,
  disabledReason,
  dueOf,
  webhookOf,
  type AccountAttemptRow,
  type AttemptRow,
  type WebhookRow,
} from '../webhook-rows.js';

/** How long a claimed delivery is held by its collector: past it, another may send it (this one died). */
const LEASE_MS = 60_000;
/** Accounts a sweep looks at per project and transaction. */
const SWEEP_PAGE = 1000;

/** Tells, in a transaction holding the project's lock, what a change to these accounts and people made. */
export type Tell = (
  c: pg.PoolClient,
  projectId: string,
  checklists: Checklist[],
  changed: { accounts: ChangedAccount[]; activated: Activated[] },
) => Promise<number>;
// PostgreSQL returns BIGINT as text.
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const attemptRowOf = (r: Record<string, unknown>) => ({ ...r, at: Number(r.at), retry_at: num(r.retry_at) }) as AttemptRow;
const rowOf = (r: Record<string, unknown>) => ({ ...r, created_at: num(r.created_at), disabled_at: num(r.disabled_at) }) as WebhookRow;
const signalsOf = (r: Record<string, unknown>): Signals => ({
  status: r.status as Signals['status'],
  firstValueAt: num(r.first_value_at),
  nextAt: num(r.next_at),
});

/**
 * Webhooks, their outbox and deliveries log, and each account's signals, in PostgreSQL.
 * Writers of a project's signals hold its advisory lock (ingest, recompute, the sweep),
 * so two collectors never announce one change twice; a delivery is claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so each is sent by one collector at a time.
 */
export function postgresWebhooks(pool: pg.Pool, clock: () => number): WebhookStorage & { tell: Tell } {
  async function enqueue(c: pg.PoolClient | pg.Pool, entries: OutboxEntry[]) {
    if (entries.length === 0) return;
    await c.query(
      `INSERT INTO outbox (webhook_id, event_id, type, account_id, body, created_at, next_at)
       SELECT w, e, t, a, b, c, c FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS x(w, e, t, a, b, c)`,
      [
        entries.map((e) => e.webhookId),
        entries.map((e) => e.eventId),
        entries.map((e) => e.type),
        entries.map((e) => e.accountId),
        entries.map((e) => e.body),
        entries.map((e) => e.createdAt),
      ],
    );
  }
  async function subscribers(c: pg.PoolClient, projectId: string) {
    const { rows } = await c.query('SELECT id, events, format, disabled_at FROM webhooks WHERE project_id = $1', [projectId]);
    return rows.map((r) => ({
      id: r.id as string,
      events: JSON.parse(r.events) as EventType[],
      format: r.format as Format,
      disabled: r.disabled_at !== null,
    }));
  }

  /** As `sqliteSignals().record`, in the caller's transaction (holding the project's lock). */
  async function record(
    c: pg.PoolClient,
    projectId: string,
    checklists: Checklist[],
    accounts: ChangedAccount[],
    activated: readonly Activated[],
    now: number,
  ): Promise<number> {
    if (accounts.length === 0 && activated.length === 0) return 0;
    // One round trip for both: the project's target, and its accounts' signals as stored.
    const { rows } = await c.query(
      `SELECT p.activation_target, s.account_id, s.status, s.first_value_at, s.next_at FROM projects p
       LEFT JOIN account_signals s ON s.project_id = p.id AND s.account_id = ANY($2) WHERE p.id = $1`,
      [projectId, accounts.map((a) => a.accountId)],
    );
    const before = new Map(rows.filter((r) => r.account_id !== null).map((r) => [r.account_id as string, signalsOf(r)]));
    const target = targetFrom(rows[0]?.activation_target ?? null);
    const { signals, events } = changesOf({ accounts, activated, stored: (id) => before.get(id), checklists, now, target });
    if (signals.size) {
      const list = [...signals];
      await c.query(
        `INSERT INTO account_signals (project_id, account_id, status, first_value_at, next_at)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[])
         ON CONFLICT (project_id, account_id) DO UPDATE SET status = EXCLUDED.status, first_value_at = EXCLUDED.first_value_at, next_at = EXCLUDED.next_at`,
        [
          projectId,
          list.map(([id]) => id),
          list.map(([, s]) => s.status),
          list.map(([, s]) => s.firstValueAt),
          list.map(([, s]) => s.nextAt),
        ],
      );
    }
    if (events.length === 0) return 0;
    const entries = fanOut(events, await subscribers(c, projectId));
    await enqueue(c, entries);
    return entries.length;
  }

  /** Accounts whose status the clock may have changed by `now`: each project's in a transaction holding its lock. */
  async function sweep() {
    const now = clock();
    let accounts = 0;
    let queued = 0;
    const { rows: projects } = await pool.query('SELECT DISTINCT project_id FROM account_signals WHERE next_at <= $1', [now]);
    for (const { project_id: projectId } of projects) {
      for (let more = true; more; ) {
        more = await projectTransaction(pool, projectId, async (c) => {
          const due = (
            await c.query('SELECT account_id FROM account_signals WHERE project_id = $1 AND next_at <= $2 LIMIT $3', [
              projectId,
              now,
              SWEEP_PAGE,
            ])
          ).rows.map((r) => r.account_id as string);
          const { rows } = await c.query('SELECT * FROM accounts WHERE project_id = $1 AND account_id = ANY($2)', [projectId, due]);
          const found = rows.map(accountFrom);
          const gone = due.filter((id) => !found.some((a) => a.accountId === id));
          if (gone.length) await c.query('DELETE FROM account_signals WHERE project_id = $1 AND account_id = ANY($2)', [projectId, gone]);
          queued += await record(c, projectId, await checklistsOf(c, projectId), found, [], now);
          accounts += due.length;
          return due.length === SWEEP_PAGE;
        });
      }
    }
    return { accounts, queued };
  }

  const outbox: Outbox = {
    async claim(now, limit) {
      const { rows } = await pool.query(
        `UPDATE outbox o SET next_at = $2 FROM webhooks w
         WHERE o.id IN (SELECT id FROM outbox WHERE next_at <= $1 ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) AND w.id = o.webhook_id
         RETURNING o.id, o.webhook_id, w.url, w.secret, o.event_id, o.type, o.account_id, o.body, o.attempts, o.created_at`,
        [now, now + LEASE_MS, limit],
      );
      return rows.map((r) => dueOf({ ...r, created_at: Number(r.created_at) }));
    },
    async settle(attempts: Attempt[]) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO webhook_attempts (webhook_id, event_id, type, attempt, at, verdict, code, error, ms, retry_at, account_id)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::int[], $8::text[], $9::int[], $10::bigint[],
             $11::text[])`,
          [
            attempts.map((a) => a.webhookId),
            attempts.map((a) => a.eventId),
            attempts.map((a) => a.type),
            attempts.map((a) => a.attempt),
            attempts.map((a) => a.at),
            attempts.map((a) => a.verdict),
            attempts.map((a) => a.code),
            attempts.map((a) => a.error),
            attempts.map((a) => a.ms),
            attempts.map((a) => a.retryAt),
            attempts.map((a) => a.accountId),
          ],
        );
        const retry = attempts.filter((a) => a.verdict === 'retry');
        await client.query(
          'UPDATE outbox SET attempts = x.n, next_at = x.at FROM unnest($1::bigint[], $2::int[], $3::bigint[]) AS x(id, n, at) WHERE outbox.id = x.id',
          [retry.map((a) => a.id), retry.map((a) => a.attempt), retry.map((a) => a.retryAt)],
        );
        await client.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [
          attempts.filter((a) => a.verdict !== 'retry').map((a) => a.id),
        ]);
        for (const a of attempts.filter((x) => x.verdict === 'disabled')) {
          const { rowCount } = await client.query(
            'UPDATE webhooks SET disabled_at = $1, disabled_reason = $2 WHERE id = $3 AND disabled_at IS NULL',
            [a.at, disabledReason(a), a.webhookId],
          );
          if (rowCount) await client.query('DELETE FROM outbox WHERE webhook_id = $1', [a.webhookId]);
        }
        for (const id of new Set(attempts.map((a) => a.webhookId))) {
          await client.query(
            `DELETE FROM webhook_attempts WHERE webhook_id = $1 AND id <= (SELECT id FROM webhook_attempts WHERE webhook_id = $1 ORDER BY id DESC LIMIT 1 OFFSET ${DELIVERIES_KEPT})`,
            [id],
          );
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  };

  const get = async (projectId: string, id: string) => {
    const { rows } = await pool.query('SELECT * FROM webhooks WHERE project_id = $1 AND id = $2', [projectId, id]);
    return rows[0] ? webhookOf(rowOf(rows[0])) : undefined;
  };

  return {
    tell: (c, projectId, checklists, { accounts, activated }) => record(c, projectId, checklists, accounts, activated, clock()),
    sweep,
    outbox,
    async createWebhook(projectId: string, w: WebhookRequest): Promise<CreatedWebhook> {
      const id = newWebhookId();
      const secret = newSecret();
      const { rows } = await pool.query(
        'INSERT INTO webhooks (id, project_id, url, events, format, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
        [id, projectId, w.url, JSON.stringify(w.events), w.format, secret, clock()],
      );
      return { ...webhookOf(rowOf(rows[0])), secret };
    },
    async listWebhooks(projectId) {
      const { rows } = await pool.query('SELECT * FROM webhooks WHERE project_id = $1 ORDER BY created_at, id', [projectId]);
      return rows.map((r) => webhookOf(rowOf(r)));
    },
    async deleteWebhook(projectId, id) {
      if (!storable(id)) return false;
      return ((await pool.query('DELETE FROM webhooks WHERE project_id = $1 AND id = $2', [projectId, id])).rowCount ?? 0) > 0;
    },
    async testWebhook(projectId, id) {
      const hook = storable(id) ? await get(projectId, id) : undefined;
      if (!hook) return undefined;
      const entries = fanOut([testPing(id, hook.events, clock())], [{ ...hook, disabled: false }]);
      await enqueue(pool, entries);
      return entries[0]!.eventId;
    },
    async webhookDeliveries(projectId, id) {
      if (!storable(id) || !(await get(projectId, id))) return undefined;
      const { rows } = await pool.query(`SELECT * FROM webhook_attempts WHERE webhook_id = $1 ORDER BY id DESC LIMIT ${DELIVERIES_KEPT}`, [
        id,
      ]);
      return rows.map((r) => deliveryOf(attemptRowOf(r)));
    },
    async accountDeliveries(projectId, accountId) {
      if (!storable(accountId)) return [];
      // Another project's account of the same name is filtered out by its webhooks' project.
      const { rows } = await pool.query(
        `SELECT a.*, w.url FROM webhook_attempts a JOIN webhooks w ON w.id = a.webhook_id
         WHERE a.account_id = $1 AND w.project_id = $2 ORDER BY a.id DESC LIMIT ${DELIVERIES_KEPT}`,
        [accountId, projectId],
      );
      return rows.map((r) => accountDeliveryOf(attemptRowOf(r) as AccountAttemptRow));
    },
  };
}
