import type { Api } from '../api.js';
import { optional, useLoad } from '../lib/use-load.js';
import { DeliveriesTable } from './deliveries-table.js';

/** The attempts to deliver events about this account, to any of the project's webhooks, read in one request. */
export function AccountWebhooks({ api, accountId }: { api: Api; accountId: string }) {
  const [fired] = useLoad(() => optional(api.accountDeliveries(accountId)), [api, accountId]);
  if (fired.state === 'loading') return <p class="muted">Loading…</p>;
  if (fired.state === 'failed')
    return (
      <p role="alert" class="error">
        {fired.error.message}
      </p>
    );
  if (fired.value === null) return <p class="muted">This collector does not list an account's webhook deliveries yet.</p>;
  return <DeliveriesTable deliveries={fired.value} label="Webhooks this account fired" showWebhook />;
}
