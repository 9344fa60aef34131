import type { Checklist } from '@firstwin/sdk/rules';
import type { StoredEvent } from './event.js';
import type { PackedBatch } from './packed.js';
import type { PaceTarget } from './status.js';
import type { Tally } from './tally.js';
import type { DashboardStorage } from './dashboard.js';
import type { WebhookStorage } from './webhooks/webhook.js';
import type { TokenCounts, TokenMode } from './identity-token.js';

export type KeyKind = 'publishable' | 'secret';

/** Who is calling: their project, the kind of key, and whether people must prove who they are. */
export interface Caller {
  projectId: string;
  kind: KeyKind;
  /** Set when identity verification is on: every person's userHash is keyed by it. */
  userHashSecret: string | null;
  /** The project's own activation target; null for the default. */
  activationTarget: PaceTarget | null;
  /** Signed identity tokens: `off`, counted (`report`), or required of every publishable-key event and read (`enforce`). */
  tokenMode: TokenMode;
  /** The HS256 secret tokens are signed with (`idv_…`); null until first asked for. */
  tokenSecret: string | null;
}

export interface ProjectKeys {
  projectId: string;
  publishableKey: string;
  secretKey: string;
}

export interface UserState {
  userId: string;
  role: string | null;
  accountId: string | null;
  /** Item ids done, per the role's checklist (account-scoped ones included). */
  done: Record<string, string>;
  activatedAt: number | null;
  /** The latest timestamp of their accepted events, none later than its arrival, to the minute; null before. */
  lastSeenAt: number | null;
}

export interface AccountState {
  accountId: string;
  seats: number | null;
  signedAt: number | null;
  name: string | null;
  firstEventAt: number | null;
  /** The latest of its people's `lastSeenAt`, to the minute; null before. */
  lastActivityAt: number | null;
  /** Its people counted at ingest. */
  readonly tally: Tally;
  /** The tally as stored: equal texts, equal tallies, without parsing either. */
  tallyJson: string;
}

export type Progress = (replayed: number, total: number) => void;
/** How often a recompute reports progress, in replayed events. */
export const PROGRESS_EVERY = 100_000;

/**
 * Everything the HTTP layer needs from storage. Async so a networked database can
 * implement it; every write of one call is one transaction.
 */
export interface Store extends DashboardStorage, WebhookStorage {
  createProject(name: string): Promise<ProjectKeys>;
  findProject(key: string): Promise<Caller | undefined>;
  /** Turns identity verification on with this secret, or off with null. */
  setUserHashSecret(projectId: string, secret: string | null): Promise<void>;
  /** Sets the identity tokens' mode and signing secret. */
  setIdentityTokens(projectId: string, mode: TokenMode, secret: string | null): Promise<void>;
  /** Publishable-key events with a valid, an invalid and no token, counted by the hour from `sinceHour` (hours since the epoch) on. */
  tokenCounts(projectId: string, sinceHour: number): Promise<TokenCounts>;
  /** The share of seats to activate by a day after signing, which account status is paced against; null for the default. */
  setActivationTarget(projectId: string, target: PaceTarget | null): Promise<void>;
  /**
   * Stores new events (a messageId counts once per project) and updates state. `packed`
   * is `events` packed (`packBatch`), serialized once by the caller, for a store to keep as it is.
   * `tokens`: how many of the batch's events came with a valid, an invalid and no identity
   * token, added to the current hour's counts in the same transaction.
   */
  ingest(
    projectId: string,
    events: StoredEvent[],
    packed: PackedBatch,
    dropped?: number,
    tokens?: TokenCounts,
  ): Promise<{ accepted: number; duplicates: number }>;
  getChecklists(projectId: string): Promise<Checklist[]>;
  /**
   * Replaces the definitions and recomputes all state from the raw events;
   * `progress` hears how many of them have been replayed.
   */
  putChecklists(projectId: string, checklists: Checklist[], progress?: Progress): Promise<void>;
  getAccount(projectId: string, accountId: string): Promise<AccountState | undefined>;
  listAccounts(projectId: string): Promise<AccountState[]>;
  accountUsers(projectId: string, accountId: string): Promise<UserState[]>;
  /** Every user who belongs to an account, for the accounts list in one read. */
  accountedUsers(projectId: string): Promise<UserState[]>;
  getUser(projectId: string, userId: string): Promise<UserState | undefined>;
  /** Stored events (optionally of one name) and what SDK queues reported dropping. */
  stats(projectId: string, event?: string): Promise<{ events: number; users: number; accounts: number; droppedBySdk: number }>;
  close(): Promise<void>;
}
