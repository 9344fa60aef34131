import type { Checklist } from '@firstwin/sdk/rules';
import { dict } from '../store/dict.js';
import type { AccountState, UserState } from '../store/types.js';
import { statusOf, type Status } from './status.js';

export const DAY_MS = 86_400_000;

export interface RoleNumbers {
  users: number;
  activated: number;
  rate: number;
}

export interface ActivationSummary {
  accountId: string;
  name: string | null;
  seats: number;
  seatsKnown: boolean;
  activatedSeats: number;
  seatActivationRate: number;
  byRole: Record<string, RoleNumbers>;
  signedAt: string | null;
  firstValueAt: string | null;
  timeToFirstValueDays: number | null;
  items: Array<{ checklistId: string; itemId: string; completedUsers: number }>;
  status: Status;
}

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : 0);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The numbers a CS team acts on, from state kept at ingest: the cost grows with the
 * account's users, never with its events. `withinDays` counts only activations
 * that happened that many days after the signature (or the account's first event).
 */
export function summarize(
  account: AccountState,
  users: UserState[],
  checklists: Checklist[],
  now: number,
  withinDays?: number,
): ActivationSummary {
  const start = account.signedAt ?? account.firstEventAt ?? now;
  const deadline = withinDays === undefined ? Infinity : start + withinDays * DAY_MS;
  const activated = (u: UserState) => u.activatedAt !== null && u.activatedAt <= deadline;

  const byRole = dict<RoleNumbers>();
  let activatedSeats = 0;
  let firstValue: number | null = null;
  for (const u of users) {
    const role = u.role ?? 'unknown';
    const r = (byRole[role] ??= { users: 0, activated: 0, rate: 0 });
    r.users++;
    if (activated(u)) {
      r.activated++;
      activatedSeats++;
      if (firstValue === null || u.activatedAt! < firstValue) firstValue = u.activatedAt;
    }
  }
  for (const r of Object.values(byRole)) r.rate = ratio(r.activated, r.users);

  const seatsKnown = account.seats !== null && account.seats > 0;
  const seats = seatsKnown ? account.seats! : users.length;
  const seatActivationRate = ratio(activatedSeats, seats);
  const items = checklists.flatMap((c) =>
    c.items.map((item) => ({
      checklistId: c.id,
      itemId: item.id,
      completedUsers: users.filter((u) => u.role === c.role && u.done[item.id] !== undefined).length,
    })),
  );
  return {
    accountId: account.accountId,
    name: account.name,
    seats,
    seatsKnown,
    activatedSeats,
    seatActivationRate,
    byRole,
    signedAt: iso(account.signedAt),
    firstValueAt: iso(firstValue),
    timeToFirstValueDays: firstValue === null ? null : (firstValue - start) / DAY_MS,
    items,
    status: statusOf(seatActivationRate, users.length, (now - start) / DAY_MS),
  };
}
