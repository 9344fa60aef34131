import type { Api } from '../api.js';
import { LoadState } from '../components/load-state.js';
import { PageTitle } from '../components/page-title.js';
import { WebhookForm } from '../components/webhook-form.js';
import { WebhookItem } from '../components/webhook-item.js';
import { optional, useLoad } from '../lib/use-load.js';

export function WebhooksPage({ api }: { api: Api }) {
  const [loaded, reload] = useLoad(() => optional(api.webhooks()), [api]);
  return (
    <main id="main">
      <PageTitle title="Webhooks" />
      <p class="muted">The collector calls these URLs when an account changes status, reaches first value, or a person activates.</p>
      <LoadState loaded={loaded} retry={reload} />
      {loaded.state === 'done' && loaded.value === null && <p class="muted">This collector does not send webhooks yet.</p>}
      {loaded.state === 'done' && loaded.value !== null && (
        <div class="grid two">
          <section aria-labelledby="hooks-title">
            <h2 id="hooks-title">This project's webhooks</h2>
            {loaded.value.length === 0 ? (
              <p class="muted">None yet.</p>
            ) : (
              <ul class="webhooks">
                {loaded.value.map((h) => (
                  <WebhookItem key={h.id} api={api} hook={h} onDeleted={reload} />
                ))}
              </ul>
            )}
          </section>
          <WebhookForm api={api} onCreated={reload} />
        </div>
      )}
    </main>
  );
}
