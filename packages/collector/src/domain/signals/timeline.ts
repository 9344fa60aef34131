import { DAY_MS, DEFAULT_TARGET, paceOn, type PaceTarget } from '../status.js';
import type { ActivationSummary } from '../summary.js';
import { activatedBy, type Activations } from '../activations.js';

export interface TimelineDay {
  day: number;
  /** The UTC date the day starts on. */
  date: string;
  /** People activated by the end of that day (by now, for today). */
  activatedSeats: number;
  rate: number;
  /** The rate the linear pace toward the target asks for on that day. */
  pace: number;
}

export interface Timeline {
  accountId: string;
  signedAt: string | null;
  seats: number;
  days: TimelineDay[];
}

/** A chart's worth: the first year. */
export const MAX_DAYS = 365;

/**
 * One entry per day from day 0 (the day of `start`) to today, at most `MAX_DAYS`; none
 * while `start` is still ahead. Seats and the signing date are the summary's.
 */
export function timelineOf(
  summary: Pick<ActivationSummary, 'accountId' | 'signedAt' | 'seats'>,
  activations: Activations,
  start: number,
  now: number,
  target: PaceTarget | null = null,
): Timeline {
  const today = Math.floor((now - start) / DAY_MS);
  const days: TimelineDay[] = [];
  for (let day = 0; day <= Math.min(today, MAX_DAYS - 1); day++) {
    const dayStart = start + day * DAY_MS;
    const activatedSeats = activatedBy(activations, dayStart + DAY_MS - 1);
    days.push({
      day,
      date: new Date(dayStart).toISOString().slice(0, 10),
      activatedSeats,
      rate: summary.seats > 0 ? activatedSeats / summary.seats : 0,
      pace: paceOn(day, target ?? DEFAULT_TARGET),
    });
  }
  return { accountId: summary.accountId, signedAt: summary.signedAt, seats: summary.seats, days };
}
