import { DASH, dateTime } from '../lib/format.js';
import type { Delivery } from '../types.js';

/** Attempts to deliver events: when, which event, to which webhook (`showWebhook`), how it went, the receiver's answer. */
export function DeliveriesTable({ deliveries, label, showWebhook }: { deliveries: Delivery[]; label: string; showWebhook?: boolean }) {
  if (deliveries.length === 0) return <p class="muted">No delivery yet.</p>;
  return (
    <div class="scroll scroll-tall" role="region" aria-label={label} tabIndex={0}>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            {showWebhook && <th scope="col">Webhook</th>}
            <th scope="col" class="num">
              Attempt
            </th>
            <th scope="col">Status</th>
            <th scope="col">Answer</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d, i) => (
            <tr key={`${d.webhookId ?? ''}-${d.eventId ?? ''}-${d.attempt ?? i}`}>
              <td>{dateTime(d.at)}</td>
              <td>{d.type ?? DASH}</td>
              {showWebhook && <td class="delivery-url">{d.url ?? DASH}</td>}
              <td class="num">{d.attempt ?? DASH}</td>
              <td>
                <span class={`delivery delivery-${d.status}`}>{d.status.replace('_', ' ')}</span>
                {d.retryAt && <span class="muted"> · again {dateTime(d.retryAt)}</span>}
              </td>
              <td>{d.code ?? d.error ?? DASH}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
