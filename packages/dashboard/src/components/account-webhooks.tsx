import type { Api } from '../api.js';
import { optional, useLoad } from '../lib/use-load.js';
import type { Delivery } from '../types.js';
import { DeliveriesTable } from './deliveries-table.js';

/** The deliveries of every webhook of the project that concern this account. */
export async function accountDeliveries(api: Api, accountId: string): Promise<Delivery[] | null> {
  const hooks = await optional(api.webhooks());
  if (hooks === null) return null;
  const lists = await Promise.all(hooks.map((h) => optional(api.deliveries(h.id))));
  return lists.flatMap((l) => l ?? []).filter((d) => d.accountId === accountId).sort((a, b) => b.at.localeCompare(a.at));
}

export function AccountWebhooks({ api, accountId }: { api: Api; accountId: string }) {
  const [fired] = useLoad(() => accountDeliveries(api, accountId), [api, accountId]);
  if (fired.state === 'loading') return <p class="muted">Loading…</p>;
  if (fired.state === 'failed') return <p role="alert" class="error">{fired.error.message}</p>;
  if (fired.value === null) return <p class="muted">This collector does not send webhooks yet.</p>;
  return <DeliveriesTable deliveries={fired.value} label="Webhooks this account fired" />;
}
