import { DASH, dateTime } from '../lib/format.js';
import type { Delivery } from '../types.js';

/** A webhook's last attempts: when, which event, how it went, the receiver's answer. */
export function DeliveriesTable({ deliveries, label }: { deliveries: Delivery[]; label: string }) {
  if (deliveries.length === 0) return <p class="muted">No delivery yet.</p>;
  return (
    <div class="scroll" role="region" aria-label={label} tabIndex={0}>
      <table class="compact">
        <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Status</th><th scope="col" class="num">Answer</th></tr></thead>
        <tbody>
          {deliveries.map((d, i) => (
            <tr key={d.id ?? i}>
              <td>{dateTime(d.at)}</td>
              <td>{d.type ?? DASH}</td>
              <td><span class={`delivery delivery-${d.status}`}>{d.status}</span></td>
              <td class="num">{d.code ?? DASH}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
