import { useState } from 'preact/hooks';
import type { Api } from '../api.js';
import type { Webhook, WebhookFormat } from '../types.js';

export const WEBHOOK_EVENTS = ['account.status_changed', 'account.first_value', 'user.activated'] as const;

/** A new webhook; its signing secret is shown once, here, right after it is created. */
export function WebhookForm({ api, onCreated }: { api: Api; onCreated: (w: Webhook) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...WEBHOOK_EVENTS]);
  const [format, setFormat] = useState<WebhookFormat>('standard');
  const [error, setError] = useState('');
  const [created, setCreated] = useState<Webhook | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    if (events.length === 0) {
      setError('Choose at least one event.');
      return;
    }
    setBusy(true);
    try {
      const hook = await api.createWebhook({ url, events, format });
      setCreated(hook);
      setUrl('');
      onCreated(hook);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  const toggle = (ev: string) => setEvents((list) => (list.includes(ev) ? list.filter((x) => x !== ev) : [...list, ev]));

  return (
    <form class="card webhook-form" onSubmit={submit} aria-labelledby="new-webhook-title">
      <h2 id="new-webhook-title">New webhook</h2>
      <label class="field">
        <span>Receiver URL</span>
        <input
          type="url"
          required
          value={url}
          placeholder="https://example.com/firstwin"
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
        />
      </label>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} class="check">
            <input type="checkbox" checked={events.includes(ev)} onChange={() => toggle(ev)} /> {ev}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Format</legend>
        <label class="check">
          <input type="radio" name="format" checked={format === 'standard'} onChange={() => setFormat('standard')} /> Standard Webhooks
          (signed JSON)
        </label>
        <label class="check">
          <input type="radio" name="format" checked={format === 'slack'} onChange={() => setFormat('slack')} /> Slack incoming webhook
        </label>
      </fieldset>
      <button type="submit" disabled={busy}>
        Create webhook
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {created?.secret && (
        <div class="secret" role="status">
          <p>Signing secret for {created.url} — copy it now, it is not shown again:</p>
          <code>{created.secret}</code>
        </div>
      )}
    </form>
  );
}
