import type { Checklist } from '@firstwin/sdk/rules';
import { dict } from './dict.js';
import { clocked, type Clocked, type Standing } from './signals/clocked.js';
import { milestonesOf, sponsorOf } from './signals/health.js';
import { DAY_MS, type PaceTarget } from './status.js';
import { tally, type Tally } from './tally.js';
import type { AccountState, UserState } from './storage.js';

export interface RoleNumbers {
  users: number;
  activated: number;
  rate: number;
}

/** What a summary says that only events change. */
export interface Fixed {
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
}

/** The latest of the account's people's last seen, to the minute (`last-seen.ts`). */
export interface Recent {
  lastActivityAt: string | null;
}

export type ActivationSummary = Fixed & Recent & Clocked;

// Unrounded: the contract's rate is the quotient itself; rounding is for whoever displays it.
const ratio = (n: number, d: number) => (d > 0 ? n / d : 0);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What a summary says of an account's recent activity: apart from `Fixed`, which a list keeps encoded while it moves. */
export const recentOf = (account: AccountFacts): Recent => ({ lastActivityAt: iso(account.lastActivityAt) });

/** What a summary reads of an account besides its tally: state rows in memory have no stored tally text. */
export type AccountFacts = Omit<AccountState, 'tally' | 'tallyJson'>;

/** When the account's clock starts: the signature, else its first event. */
export const startOf = (account: AccountFacts, now: number) => account.signedAt ?? account.firstEventAt ?? now;

/** The last activation `within` counts (all of them without it). */
export const deadlineOf = (account: AccountState, now: number, withinDays?: number) =>
  withinDays === undefined ? Infinity : startOf(account, now) + withinDays * DAY_MS;

/**
 * A summary in its two parts: what only events change, and what its clock-driven parts
 * (status, health, checkpoints: `clocked`) are computed from. `now` matters here only to
 * an account with neither a signature nor an event, whose clock starts now.
 */
export function standingOf(account: AccountFacts, t: Tally, checklists: Checklist[], now: number): { fixed: Fixed; standing: Standing } {
  const start = startOf(account, now);
  const byRole = dict<RoleNumbers>();
  let users = 0;
  let activatedSeats = 0;
  for (const [role, r] of Object.entries(t.roles)) {
    byRole[role] = { users: r.users, activated: r.activated, rate: ratio(r.activated, r.users) };
    users += r.users;
    activatedSeats += r.activated;
  }
  const firstValue = t.activations[0] ?? null;
  const seatsKnown = account.seats !== null && account.seats > 0;
  const seats = seatsKnown ? account.seats! : users;
  const seatActivationRate = ratio(activatedSeats, seats);
  const items = checklists.flatMap((c) =>
    c.items.map((item) => ({ checklistId: c.id, itemId: item.id, completedUsers: t.done[c.role]?.[item.id] ?? 0 })),
  );
  return {
    fixed: {
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
    },
    standing: {
      rate: seatActivationRate,
      users,
      seats,
      start,
      milestones: milestonesOf(t, checklists),
      sponsor: sponsorOf(t),
      activations: t.activations,
    },
  };
}

/**
 * The numbers a CS team acts on, from state kept at ingest: the cost grows with the
 * account's users, never with its events. The tally counts only activations up to the
 * deadline `within` sets (see `deadlineOf`).
 */
export function summarize(
  account: AccountFacts,
  t: Tally,
  checklists: Checklist[],
  now: number,
  target: PaceTarget | null = null,
): ActivationSummary {
  const { fixed, standing } = standingOf(account, t, checklists, now);
  return { ...fixed, ...recentOf(account), ...clocked(standing, now, target) };
}

/**
 * Each account's people counted, up to that account's own deadline: `within` cuts
 * activations at a date the kept tallies do not know, so only then are users read.
 */
export function talliesOf(users: UserState[], accounts: AccountState[], now: number, withinDays?: number): Map<string, Tally> {
  const byAccount = new Map<string, UserState[]>();
  for (const u of users) {
    const list = byAccount.get(u.accountId!);
    if (list) list.push(u);
    else byAccount.set(u.accountId!, [u]);
  }
  return new Map(accounts.map((a) => [a.accountId, tally(byAccount.get(a.accountId) ?? [], deadlineOf(a, now, withinDays))]));
}
