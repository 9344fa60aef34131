import type { Checklist } from '@firstwin/sdk/rules';
import { testPing } from '../../domain/webhooks/events.js';
import { fanOut } from '../../domain/webhooks/fan-out.js';
import type { Attempt } from '../../domain/webhooks/outbox.js';
import type { WebhookStorage } from '../../domain/webhooks/webhook.js';
import type { SignalsStore } from './signals.js';
import type { StateRows } from './state-rows.js';
import type { sqliteWebhooks } from './webhooks.js';

/** Accounts a sweep looks at per round. */
const SWEEP_PAGE = 1000;

/**
 * The store's webhook side on SQLite. Every write here is the writing connection's (on
 * the writer thread, `writer.ts` sends them there); `outbox.claim` only reads. Within one
 * process a delivery is sent by one dispatcher at a time, so claiming holds nothing.
 */
export function webhookStore(
  webhooks: ReturnType<typeof sqliteWebhooks>,
  signals: SignalsStore,
  rows: StateRows,
  checklistsOf: (projectId: string) => Checklist[],
  clock: () => number,
): WebhookStorage & { settleDeliveries(attempts: Attempt[]): Promise<void> } {
  const settle = async (attempts: Attempt[]) => rows.writing(() => webhooks.settle(attempts));
  return {
    createWebhook: async (projectId, w) => webhooks.create(projectId, w, clock()),
    listWebhooks: async (projectId) => webhooks.list(projectId),
    deleteWebhook: async (projectId, id) => webhooks.remove(projectId, id),
    async testWebhook(projectId, id) {
      const hook = webhooks.get(projectId, id);
      if (!hook) return undefined;
      const [entry] = fanOut([testPing(id, hook.events, clock())], [{ ...hook, disabled: false }]);
      webhooks.enqueue([entry!]);
      return entry!.eventId;
    },
    webhookDeliveries: async (projectId, id) => webhooks.deliveries(projectId, id),
    accountDeliveries: async (projectId, accountId) => webhooks.ofAccount(projectId, accountId),
    /**
     * Every due account, a page per transaction, letting the writer's other work (ingest)
     * have a turn between pages: its reads are of rows this connection keeps.
     */
    async sweep() {
      const now = clock();
      let accounts = 0;
      let queued = 0;
      for (let more = true; more; await new Promise(setImmediate)) {
        queued += rows.writing(() => {
          const due = signals.due(now, SWEEP_PAGE);
          more = due.length === SWEEP_PAGE;
          accounts += due.length;
          const byProject = new Map<string, NonNullable<ReturnType<StateRows['storedAccount']>>[]>();
          for (const { project_id: projectId, account_id: id } of due) {
            const a = rows.storedAccount(projectId, id);
            if (!a) signals.forget(projectId, id);
            else if (byProject.has(projectId)) byProject.get(projectId)!.push(a);
            else byProject.set(projectId, [a]);
          }
          let n = 0;
          for (const [projectId, found] of byProject) n += signals.record(projectId, checklistsOf(projectId), found, [], now);
          return n;
        });
      }
      return { accounts, queued };
    },
    outbox: { claim: async (now, limit) => webhooks.due(now, limit), settle },
    settleDeliveries: settle,
  };
}
