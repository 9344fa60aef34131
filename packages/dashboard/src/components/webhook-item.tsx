import { useState } from 'preact/hooks';
import type { Api } from '../api.js';
import type { Delivery, Webhook } from '../types.js';
import { DeliveriesTable } from './deliveries-table.js';

interface Props {
  api: Api;
  hook: Webhook;
  onDeleted: (id: string) => void;
}

/** One webhook: send a test event, see its deliveries, delete it. */
export function WebhookItem({ api, hook, onDeleted }: Props) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [message, setMessage] = useState('');
  const act = async (what: () => Promise<void>) => {
    setMessage('');
    try {
      await what();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const show = () => act(async () => setDeliveries(await api.deliveries(hook.id)));
  const test = () =>
    act(async () => {
      await api.testWebhook(hook.id);
      setMessage('Test event queued.');
      if (deliveries) setDeliveries(await api.deliveries(hook.id));
    });
  const remove = () =>
    act(async () => {
      if (!confirm(`Delete the webhook to ${hook.url}?`)) return;
      await api.deleteWebhook(hook.id);
      onDeleted(hook.id);
    });
  return (
    <li class="card webhook">
      <div class="webhook-head">
        <div>
          <p class="webhook-url">{hook.url}</p>
          <p class="muted">
            {hook.format} · {hook.events.join(', ')}
            {hook.status === 'disabled' ? ` · turned off: ${hook.disabledReason ?? 'the receiver answered 410'}` : ''}
          </p>
        </div>
        <div class="actions">
          <button type="button" onClick={test}>
            Send test
          </button>
          <button type="button" aria-expanded={deliveries !== null} onClick={() => (deliveries ? setDeliveries(null) : show())}>
            Deliveries
          </button>
          <button type="button" class="danger" onClick={remove}>
            Delete
          </button>
        </div>
      </div>
      {message && <p role="status">{message}</p>}
      {deliveries && <DeliveriesTable deliveries={deliveries} label={`Deliveries to ${hook.url}`} />}
    </li>
  );
}
