import { percent } from '../lib/format.js';

const clamp = (n: number) => `${Math.round(Math.min(1, Math.max(0, n)) * 1000) / 10}%`;

/** The seat activation rate as a bar, with a tick where the pace expects it today. */
export function RateBar({ rate, pace }: { rate: number; pace: number | null }) {
  const label = pace === null ? `${percent(rate)} of seats activated` : `${percent(rate)} of seats activated, pace ${percent(pace)}`;
  return (
    <span class="ratebar" role="img" aria-label={label} title={label}>
      <span class="ratebar-track">
        <span class={`ratebar-fill${pace !== null && rate < pace / 2 ? ' behind' : ''}`} style={{ width: clamp(rate) }} />
        {pace !== null && pace > 0 && <span class="ratebar-pace" style={{ left: clamp(pace) }} />}
      </span>
      <span class="ratebar-value" aria-hidden="true">
        {percent(rate)}
      </span>
    </span>
  );
}
