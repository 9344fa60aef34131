import type { Api } from '../api.js';
import { optional, useLoad } from '../lib/use-load.js';
import type { Delivery } from '../types.js';
import { DeliveriesTable } from './deliveries-table.js';

interface Fired {
  deliveries: Delivery[];
  namesAccounts: boolean;
}

/**
 * The deliveries of every webhook of the project that concern this account; whether
 * the collector's deliveries name their account at all (older ones do not).
 */
export async function accountDeliveries(api: Api, accountId: string): Promise<Fired | null> {
  const hooks = await optional(api.webhooks());
  if (hooks === null) return null;
  const all = (await Promise.all(hooks.map((h) => optional(api.deliveries(h.id))))).flatMap((l) => l ?? []);
  return {
    deliveries: all.filter((d) => d.accountId === accountId).sort((a, b) => b.at.localeCompare(a.at)),
    namesAccounts: all.length === 0 || all.some((d) => 'accountId' in d),
  };
}

export function AccountWebhooks({ api, accountId }: { api: Api; accountId: string }) {
  const [fired] = useLoad(() => accountDeliveries(api, accountId), [api, accountId]);
  if (fired.state === 'loading') return <p class="muted">Loading…</p>;
  if (fired.state === 'failed')
    return (
      <p role="alert" class="error">
        {fired.error.message}
      </p>
    );
  if (fired.value === null) return <p class="muted">This collector does not send webhooks yet.</p>;
  if (!fired.value.namesAccounts) return <p class="muted">This collector's deliveries do not say which account they are about yet.</p>;
  return <DeliveriesTable deliveries={fired.value.deliveries} label="Webhooks this account fired" />;
}
