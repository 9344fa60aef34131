import type Database from 'better-sqlite3';
import type { Checklist } from '@firstwin/sdk/rules';
import type { Activated, Signals } from '../../domain/webhooks/announce.js';
import { changesOf, type ChangedAccount } from '../../domain/webhooks/changes.js';
import { fanOut } from '../../domain/webhooks/fan-out.js';
import { targetFrom } from '../rows.js';
import type { sqliteWebhooks } from './webhooks.js';

type SignalsRow = { account_id: string; status: Signals['status']; first_value_at: number | null; next_at: number | null };
const signalsOf = (r: SignalsRow): Signals => ({ status: r.status, firstValueAt: r.first_value_at, nextAt: r.next_at });

/**
 * Each account's signals (its last announced status and first value, and when the clock
 * may next change its status), kept beside the state in SQLite, and the events their
 * changes tell, written to the outbox in the transaction that made them.
 */
export function sqliteSignals(db: Database.Database, webhooks: ReturnType<typeof sqliteWebhooks>) {
  const q = {
    one: db.prepare<[string, string], SignalsRow>(
      'SELECT account_id, status, first_value_at, next_at FROM account_signals WHERE project_id = ? AND account_id = ?',
    ),
    all: db.prepare<[string], SignalsRow>('SELECT account_id, status, first_value_at, next_at FROM account_signals WHERE project_id = ?'),
    put: db.prepare(
      `INSERT INTO account_signals (project_id, account_id, status, first_value_at, next_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project_id, account_id) DO UPDATE SET status = excluded.status, first_value_at = excluded.first_value_at, next_at = excluded.next_at`,
    ),
    due: db.prepare<[number, number], { project_id: string; account_id: string }>(
      'SELECT project_id, account_id FROM account_signals INDEXED BY signals_due WHERE next_at <= ? ORDER BY next_at LIMIT ?',
    ),
    forget: db.prepare('DELETE FROM account_signals WHERE project_id = ? AND account_id = ?'),
    recheck: db.prepare('UPDATE account_signals SET next_at = 0 WHERE project_id = ?'),
    target: db.prepare<[string], { activation_target: string | null }>('SELECT activation_target FROM projects WHERE id = ?'),
    activated: db.prepare<[string], string>('SELECT user_id FROM users WHERE project_id = ? AND activated_at IS NOT NULL').pluck(),
  };

  const storedOne = (projectId: string) => (accountId: string) => {
    const r = q.one.get(projectId, accountId);
    return r && signalsOf(r);
  };

  return {
    /**
     * In the transaction that changed these accounts and activated these people: stores
     * their signals and queues what they tell for each webhook that wants it. `stored`
     * reads the signals as they were (each from its row, by default). Answers the
     * deliveries queued.
     */
    record(
      projectId: string,
      checklists: Checklist[],
      accounts: Iterable<ChangedAccount>,
      activated: readonly Activated[],
      now: number,
      stored = storedOne(projectId),
    ): number {
      const target = targetFrom(q.target.get(projectId)?.activation_target ?? null);
      const { signals, events } = changesOf({ accounts, activated, stored, checklists, now, target });
      for (const [accountId, s] of signals) q.put.run(projectId, accountId, s.status, s.firstValueAt, s.nextAt);
      if (events.length === 0) return 0;
      const entries = fanOut(events, webhooks.subscribers(projectId));
      webhooks.enqueue(entries);
      return entries.length;
    },
    /** Every account's signals of a project, read at once (a recompute touches them all). */
    storedAll(projectId: string): (accountId: string) => Signals | undefined {
      const all = new Map(q.all.all(projectId).map((r) => [r.account_id, signalsOf(r)]));
      return (accountId) => all.get(accountId);
    },
    /** The project's people activated, before a recompute replaces them: it tells only of the others. */
    activatedUsers: (projectId: string) => new Set(q.activated.all(projectId)),
    /** Accounts whose status the clock may have changed by `now`, the longest due first. */
    due: (now: number, limit: number) => q.due.all(now, limit),
    forget: (projectId: string, accountId: string) => void q.forget.run(projectId, accountId),
    /** Every account of the project is looked at by the next sweep (its target changed). */
    recheck: (projectId: string) => void q.recheck.run(projectId),
  };
}

export type SignalsStore = ReturnType<typeof sqliteSignals>;
