import type { Checklist } from '@firstwin/sdk/rules';
import { clocked } from '../signals/clocked.js';
import { nextStatusChange } from '../signals/next-change.js';
import { DAY_MS, paceOn, DEFAULT_TARGET, type PaceTarget, type Status } from '../status.js';
import { recentOf, standingOf, type AccountFacts, type ActivationSummary } from '../summary.js';
import type { Tally } from '../tally.js';
import type { SignalEvent } from './events.js';

/** What was last announced of an account; `status` null: nothing yet, the next reading is taken silently. */
export interface Announced {
  status: Status | null;
  firstValueAt: number | null;
}

/** What is kept per account: the last announced, and when the clock alone may change it. */
export interface Signals extends Announced {
  nextAt: number | null;
}

/** A person whose activation a change made. */
export interface Activated {
  userId: string;
  role: string | null;
  accountId: string | null;
  activatedAt: number;
}

/** A person just activated, as the state machine holds them. */
export const activationOf = (u: Omit<Activated, 'activatedAt'> & { activatedAt: number | null }): Activated => ({
  userId: u.userId,
  role: u.role,
  accountId: u.accountId,
  activatedAt: u.activatedAt!,
});

/** An account that did not exist before the change had, as far as anyone could tell, no data. */
const BEFORE_ANY: Announced = { status: 'no_data', firstValueAt: null };
const iso = (ms: number) => new Date(ms).toISOString();

export const sameSignals = (a: Signals | undefined, b: Signals) =>
  a !== undefined && a.status === b.status && a.firstValueAt === b.firstValueAt && a.nextAt === b.nextAt;

const activatedEvent = (u: Activated, now: number, s?: ActivationSummary): SignalEvent => ({
  type: 'user.activated',
  timestamp: now,
  data: {
    userId: u.userId,
    role: u.role,
    accountId: u.accountId,
    name: s?.name ?? null,
    activatedAt: iso(u.activatedAt),
    activatedSeats: s?.activatedSeats ?? null,
    seats: s?.seats ?? null,
  },
});

/** A person activated outside any account. */
export const loneActivation = (u: Activated, now: number) => activatedEvent(u, now);

export interface AccountReading {
  account: AccountFacts;
  tally: Tally;
  checklists: Checklist[];
  now: number;
  target: PaceTarget | null;
  /** As stored before the change; undefined for an account the change created. */
  stored: Announced | undefined;
  /** Its people the change activated. */
  activated: Activated[];
}

/**
 * An account's signals after a change (people's events, new definitions, the clock), and
 * the events that tell of it: each person activated, the account's first value, its status.
 */
export function announce({ account, tally, checklists, now, target, stored, activated }: AccountReading): {
  signals: Signals;
  events: SignalEvent[];
} {
  const { fixed, standing } = standingOf(account, tally, checklists, now);
  const summary: ActivationSummary = { ...fixed, ...recentOf(account), ...clocked(standing, now, target) };
  const firstValueAt = summary.firstValueAt === null ? null : Date.parse(summary.firstValueAt);
  const signals: Signals = { status: summary.status, firstValueAt, nextAt: nextStatusChange(standing, now, target) };
  const events = activated.map((u) => activatedEvent(u, now, summary));
  const before = stored ?? BEFORE_ANY;
  // Taken silently: there is nothing to compare with (an account from before webhooks).
  if (before.status === null) return { signals, events };
  if (before.firstValueAt === null && firstValueAt !== null) {
    const first = activated.find((u) => u.activatedAt === firstValueAt);
    events.push({
      type: 'account.first_value',
      timestamp: now,
      data: {
        accountId: account.accountId,
        name: account.name,
        userId: first?.userId ?? null,
        role: first?.role ?? null,
        firstValueAt: summary.firstValueAt!,
        timeToFirstValueDays: summary.timeToFirstValueDays,
        signedAt: summary.signedAt,
      },
    });
  }
  if (before.status !== summary.status) {
    const days = (now - standing.start) / DAY_MS;
    events.push({
      type: 'account.status_changed',
      timestamp: now,
      data: {
        accountId: account.accountId,
        name: account.name,
        from: before.status,
        to: summary.status,
        day: Math.floor(days),
        pace: paceOn(days, target ?? DEFAULT_TARGET),
        summary,
      },
    });
  }
  return { signals, events };
}
