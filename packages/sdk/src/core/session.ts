import type { Message } from '../delivery/index.js';
import type { RuleEvent } from '../rules/types.js';
import type { Core } from './core.js';
import type { IdentifyTraits } from './types.js';
import { emptyRecord, type UserRecord } from './user-store.js';

export interface Session {
  userId: string;
  /** Proofs of identity for collectors that verify identities: sent, never shown or stored as traits. */
  userHash: string | undefined;
  token: string | undefined;
  role: string;
  accountId: string | undefined;
  record: UserRecord;
  /** Events tracked before the stored record and the checklists were both known. */
  pending: RuleEvent[] | null;
  open: boolean;
  justCompleted: boolean;
  /** Shown again by `open()` after a dismissal, for this page. */
  reopened?: boolean;
  /** Opened by itself as the person arrived, not by them or the app. */
  quiet?: boolean;
}

const proof = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * The person identify() names: a new session for someone new, else the same one with
 * what this call says (a proof it leaves out is kept). Returns the traits to send, the
 * proofs taken out, and whether the person is new.
 */
export function startSession(core: Core, userId: string, traits: IdentifyTraits) {
  const role = traits?.role;
  if (typeof role !== 'string' || !role) throw new Error('identify() needs traits.role');
  const { userHash, token, ...rest } = traits;
  const s = core.session;
  const fresh = s?.userId !== userId;
  if (!s || fresh) {
    core.session = {
      userId,
      userHash: proof(userHash),
      token: proof(token),
      role,
      accountId: traits.accountId,
      record: emptyRecord(),
      pending: [],
      open: false,
      justCompleted: false,
    };
  } else {
    s.role = role;
    s.accountId = traits.accountId ?? s.accountId;
    s.userHash = proof(userHash) ?? s.userHash;
    s.token = proof(token) ?? s.token;
  }
  return { session: core.session!, traits: rest, fresh };
}

/**
 * Queues a message as the current person's. `at` and `messageId` are those of the call:
 * one made before identify() is sent later, as what happened then. The person's proofs
 * go with their own messages only, and only when given (a collector that verifies
 * nothing may refuse fields it does not know).
 */
export function send(
  core: Core,
  msg: Omit<Message, 'messageId' | 'timestamp'>,
  at = core.platform.now(),
  messageId = core.platform.uuid(),
): Message {
  const s = core.session;
  const mine = s && msg.userId === s.userId;
  const full = {
    ...msg,
    ...(mine && s.userHash ? { userHash: s.userHash } : {}),
    ...(mine && s.token ? { token: s.token } : {}),
    messageId,
    timestamp: new Date(at).toISOString(),
  } as Message;
  void core.delivery!.enqueue(full).catch((err) => core.debug('could not queue', err));
  return full;
}
