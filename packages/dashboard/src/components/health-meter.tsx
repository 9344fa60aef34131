import { DASH, percent } from '../lib/format.js';
import type { Health } from '../types.js';

const band = (score: number) => (score >= 70 ? 'good' : score >= 40 ? 'fair' : 'poor');

/** The 0–100 score, its parts in the tooltip; a dash from a collector that has no health yet. */
export function HealthMeter({ score, health }: { score: number | null; health?: Health | undefined }) {
  if (score === null) return <span class="muted">{DASH}</span>;
  const parts =
    health && `seat pace ${percent(health.seatPace)}, milestones ${percent(health.milestones)}, sponsor ${percent(health.sponsor)}`;
  return (
    <span class={`health health-${band(score)}`} title={parts}>
      {score}
      <span class="sr-only"> of 100</span>
    </span>
  );
}
