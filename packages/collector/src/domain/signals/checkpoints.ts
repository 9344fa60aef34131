import { DAY_MS } from '../status.js';
import { activatedBy, type Activations } from '../activations.js';

/** The seat activation rate counting only people activated by day 30, 60 and 90; null for a day not reached yet. */
export interface Checkpoints {
  d30: number | null;
  d60: number | null;
  d90: number | null;
}

/** The days checkpoints are taken on, as `checkpointsOf` names them. */
export const CHECKPOINT_DAYS = [30, 60, 90] as const;

/**
 * "By day 30" is at or before `start` + 30 days, the cut `within=30d` makes, so `d60`
 * equals the rate the summary gives with `within=60d`.
 */
export function checkpointsOf(activations: Activations, seats: number, start: number, now: number): Checkpoints {
  const on = (days: number) => {
    const moment = start + days * DAY_MS;
    if (now < moment) return null;
    return seats > 0 ? activatedBy(activations, moment) / seats : 0;
  };
  return { d30: on(30), d60: on(60), d90: on(90) };
}
