import type { Checklist, ChecklistItem, Progress } from '../rules/types.js';

export interface InitOptions {
  /** Publishable key (`pk_…`) of the project. */
  key: string;
  /** Base URL of the collector, e.g. `https://collector.example.com`. */
  endpoint: string;
  /** Checklist definitions; fetched from the collector when omitted. */
  checklists?: Checklist[];
  locale?: string;
  /** CSS custom properties set on the host element, e.g. `{ '--firstwin-accent': '#0a7' }`. */
  theme?: Record<string, string>;
  debug?: boolean;
}

export interface IdentifyTraits {
  role: string;
  accountId?: string;
  /**
   * For projects that verify identities: hex HMAC-SHA256 of `userId`, keyed by the
   * project's userHashSecret and computed by your server. Sent with each message and
   * progress read, never stored as a trait.
   */
  userHash?: string;
  /**
   * For projects that verify identities: the signed identity token (a JWT, HS256) your
   * server issued for this person. Sent with every message (`"token"`) and progress
   * read (`X-Firstwin-Token`), never stored as a trait; call identify() again with a new
   * one before it expires.
   */
  token?: string;
  [trait: string]: unknown;
}

export interface GroupTraits {
  /** Provisioned seats of the account. */
  seats?: number;
  /** Contract signature date (ISO 8601). */
  signedAt?: string;
  name?: string;
  [trait: string]: unknown;
}

export interface FirstwinEvents {
  item_completed: { checklistId: string; itemId: string; completedAt: string | null };
  checklist_completed: { checklistId: string };
  activated: { checklistId: string; activatedAt: string | null };
  error: { kind: string; message: string; messageId?: string };
}
export type FirstwinEventType = keyof FirstwinEvents;

/** What `progress()` answers before anyone with a checklist is identified. */
export type ProgressSnapshot = Omit<Progress, 'checklistId'> & { checklistId: string | null };

export interface Firstwin {
  init(options: InitOptions): void;
  identify(userId: string, traits: IdentifyTraits): Promise<void>;
  group(accountId: string, traits?: GroupTraits): void;
  track(event: string, properties?: Record<string, unknown>): void;
  complete(itemId: string): void;
  open(): void;
  close(): void;
  dismiss(): void;
  startGuide(itemId: string): void;
  progress(): ProgressSnapshot;
  on<T extends FirstwinEventType>(type: T, fn: (payload: FirstwinEvents[T]) => void): () => void;
  flush(): Promise<void>;
  reset(): void;
}

export type { Checklist, ChecklistItem, Progress };
