import type { Status } from '../status.js';
import type { ActivationSummary } from '../summary.js';
import { TEST_EVENT, type EventType } from './kinds.js';

/** How far along its pace an account is on a day: what a person reading a status change needs besides it. */
export interface Pace {
  /** Whole days since the account's start (its signature, else its first event). */
  day: number;
  /** The seat activation rate the pace expects that day. */
  pace: number;
}

export interface StatusChanged extends Pace {
  accountId: string;
  name: string | null;
  from: Status;
  to: Status;
  summary: ActivationSummary;
}

export interface FirstValue {
  accountId: string;
  name: string | null;
  /** The person whose activation was the account's first, when known. */
  userId: string | null;
  role: string | null;
  firstValueAt: string;
  timeToFirstValueDays: number | null;
  signedAt: string | null;
}

export interface UserActivated {
  userId: string;
  role: string | null;
  accountId: string | null;
  /** The account's name, when it has one. */
  name: string | null;
  activatedAt: string;
  /** The account's activated seats and seats, this person counted. */
  activatedSeats: number | null;
  seats: number | null;
}

export interface TestPing {
  webhookId: string;
  message: string;
}

/** One thing that happened, before it is written for any webhook. */
export type SignalEvent = { timestamp: number } & (
  | { type: 'account.status_changed'; data: StatusChanged }
  | { type: 'account.first_value'; data: FirstValue }
  | { type: 'user.activated'; data: UserActivated }
  | { type: typeof TEST_EVENT; data: TestPing }
);

/** The ping `POST /v1/webhooks/:id/test` sends, which says what the webhook will hear of. */
export const testPing = (webhookId: string, events: readonly EventType[], now: number): SignalEvent => ({
  type: TEST_EVENT,
  timestamp: now,
  data: { webhookId, message: `A test from Firstwin: this webhook will be sent ${events.join(', ')}.` },
});
