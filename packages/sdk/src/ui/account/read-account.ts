import { readJson } from '../../core/remote.js';
import type { AccountSource } from '../types.js';

const STATUSES = ['on_track', 'at_risk', 'activated', 'no_data'] as const;

/** What the account block shows of `GET /v1/me/account` (the account's activation summary). */
export interface AccountSummary {
  seats: number;
  activatedSeats: number;
  status: (typeof STATUSES)[number];
  /** `null`: no one in the account has reached their first value yet. */
  timeToFirstValueDays: number | null;
}

const count = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * The person's own account, read with the publishable key and their signed identity token,
 * the way their progress is read. An answer of another shape is an error, not a guess.
 */
export async function readAccount({ endpoint, key, token, fetch }: AccountSource): Promise<AccountSummary> {
  const body = (await readJson(fetch, `${endpoint.replace(/\/+$/, '')}/v1/me/account`, key, { 'x-firstwin-token': token })) as Record<
    string,
    unknown
  > | null;
  const { seats, activatedSeats, status, timeToFirstValueDays: days = null } = body ?? {};
  if (!count(seats) || !count(activatedSeats) || !STATUSES.includes(status as never) || !(days === null || count(days))) {
    throw new Error('GET /v1/me/account answered an unexpected shape');
  }
  return { seats, activatedSeats, status, timeToFirstValueDays: days } as AccountSummary;
}
