import type { Checklist } from '@firstwin/sdk/rules';
import { dict } from './dict.js';
import type { Tally } from './tally.js';
import type { AccountState } from './storage.js';
import { statusOf, type PaceTarget, type Status } from './status.js';

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

// Unrounded: the contract's rate is the quotient itself; rounding is for whoever displays it.
const ratio = (n: number, d: number) => (d > 0 ? n / d : 0);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** When the account's clock starts: the signature, else its first event. */
export const startOf = (account: AccountState, now: number) => account.signedAt ?? account.firstEventAt ?? now;

/** The last activation `within` counts (all of them without it). */
export const deadlineOf = (account: AccountState, now: number, withinDays?: number) =>
  withinDays === undefined ? Infinity : startOf(account, now) + withinDays * DAY_MS;

/**
 * The numbers a CS team acts on, from state kept at ingest: the cost grows with the
 * account's users, never with its events. The tally counts only activations up to the
 * deadline `within` sets (see `deadlineOf`).
 */
export function summarize(account: AccountState, t: Tally, checklists: Checklist[], now: number, target: PaceTarget | null = null): ActivationSummary {
  const start = startOf(account, now);
  const byRole = dict<RoleNumbers>();
  let users = 0;
  let activatedSeats = 0;
  let firstValue: number | null = null;
  for (const [role, r] of Object.entries(t.roles)) {
    byRole[role] = { users: r.users, activated: r.activated, rate: ratio(r.activated, r.users) };
    users += r.users;
    activatedSeats += r.activated;
    if (r.firstActivation !== null && (firstValue === null || r.firstActivation < firstValue)) firstValue = r.firstActivation;
  }

  const seatsKnown = account.seats !== null && account.seats > 0;
  const seats = seatsKnown ? account.seats! : users;
  const seatActivationRate = ratio(activatedSeats, seats);
  const items = checklists.flatMap((c) =>
    c.items.map((item) => ({ checklistId: c.id, itemId: item.id, completedUsers: t.done[c.role]?.[item.id] ?? 0 })),
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
    status: statusOf(seatActivationRate, users, (now - start) / DAY_MS, target),
  };
}
