// The collector's JSON shapes the dashboard reads (SPEC.md, "Activation API", "Signals",
// "Webhooks"). Fields marked optional may be missing on an older collector: the UI
// shows a dash, never fails.

export type Status = 'activated' | 'on_track' | 'at_risk' | 'no_data';

export interface RoleNumbers {
  users: number;
  activated: number;
  rate: number;
}

export interface Health {
  score: number;
  seatPace: number;
  milestones: number;
  sponsor: number;
}

export interface AccountSummary {
  accountId: string;
  name?: string | null;
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
  health?: Health;
  checkpoints?: { d30: number | null; d60: number | null; d90: number | null };
  /** The latest of its people's last seen, to the minute. */
  lastActivityAt?: string | null;
}

export interface AccountUser {
  userId: string;
  role: string | null;
  itemsDone: string[];
  activated: boolean;
  activatedAt: string | null;
  /** The latest timestamp of their accepted events, none later than its arrival, to the minute. */
  lastSeenAt?: string | null;
}

export interface TimelineDay {
  day: number;
  date: string;
  activatedSeats: number;
  rate: number;
  pace: number;
}
export interface Timeline {
  accountId: string;
  signedAt: string | null;
  seats: number;
  days: TimelineDay[];
}

export interface Checklist {
  id: string;
  role: string;
  title?: string;
  targetDays?: number;
  items: Array<{ id: string; title: string }>;
}

export interface Target {
  rate: number;
  days: number;
}

export type WebhookFormat = 'standard' | 'slack';
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  format: WebhookFormat;
  createdAt?: string;
  /** `disabled` once the receiver answered 410 Gone. */
  status?: 'active' | 'disabled';
  disabledReason?: string | null;
  /** Only in the answer to its creation. */
  secret?: string;
}

/** One attempt to deliver one event. */
export interface Delivery {
  /** The `webhook-id`: the same on every attempt of one event. */
  eventId?: string;
  /** `account.status_changed`… */
  type?: string;
  attempt?: number;
  /** `delivered`, `failed` (tried again at `retryAt`), `gave_up`, `disabled` */
  status: string;
  /** The receiver's HTTP answer code, null when none came. */
  code?: number | null;
  error?: string | null;
  at: string;
  retryAt?: string | null;
  /** The account the event is about, when it is about one. */
  accountId?: string | null;
  /** In an account's list (`GET /v1/accounts/:id/deliveries`): the webhook it went to. */
  webhookId?: string;
  url?: string;
}

export interface Session {
  email: string;
  projectId: string;
  projectName?: string;
  csrfToken: string;
}
