import { DASH, dateTime } from '../lib/format.js';
import type { Delivery } from '../types.js';

/** A webhook's last attempts: when, which event, how it went, the receiver's answer. */
export function DeliveriesTable({ deliveries, label }: { deliveries: Delivery[]; label: string }) {
  if (deliveries.length === 0) return <p class="muted">No delivery yet.</p>;
  return (
    <div class="scroll" role="region" aria-label={label} tabIndex={0}>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col" class="num">
              Attempt
            </th>
            <th scope="col">Status</th>
            <th scope="col">Answer</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d, i) => (
            <tr key={`${d.eventId ?? ''}-${d.attempt ?? i}`}>
              <td>{dateTime(d.at)}</td>
              <td>{d.type ?? DASH}</td>
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
