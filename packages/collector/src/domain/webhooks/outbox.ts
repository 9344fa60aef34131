/** An event waiting for one webhook, as the outbox hands it out. */
export interface Due {
  /** The outbox row. */
  id: string;
  webhookId: string;
  url: string;
  secret: string;
  /** Sent as `webhook-id`: the same on every attempt. */
  eventId: string;
  type: string;
  /** The account the event is about, if any. */
  accountId: string | null;
  body: string;
  /** Attempts made before this one. */
  attempts: number;
  createdAt: number;
}

/** What became of an attempt: `disabled` when the receiver answered 410 Gone. */
export type Verdict = 'delivered' | 'retry' | 'gave_up' | 'disabled';

export interface Attempt {
  id: string;
  webhookId: string;
  eventId: string;
  type: string;
  accountId: string | null;
  /** 1 for the first. */
  attempt: number;
  at: number;
  /** The receiver's answer, null when none came (refused, timed out). */
  code: number | null;
  error: string | null;
  ms: number;
  verdict: Verdict;
  /** When to try again, for `retry`. */
  retryAt: number | null;
}

/** Where the dispatcher finds its work and records what became of it. */
export interface Outbox {
  /**
   * Up to `limit` events due at `now`, each held for this dispatcher until settled; on a
   * database several collectors share, until a lease runs out, should this one die.
   */
  claim(now: number, limit: number): Promise<Due[]>;
  settle(attempts: Attempt[]): Promise<void>;
}
