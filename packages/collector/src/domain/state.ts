import { applyEvent, checklistForRole, evaluate, type Checklist, type Hits } from '@firstwin/sdk/rules';
import { dict } from './dict.js';
import { emptyTally, type Tally } from './tally.js';
import type { StoredEvent } from './event.js';

/** A person's state as kept between events. */
export interface UserRow {
  userId: string;
  role: string | null;
  /** Timestamp of the identify that set `role`/`accountId`: the latest one wins, whatever the arrival order. */
  identifiedAt: number;
  accountId: string | null;
  hits: Hits;
  done: Record<string, string>;
  activatedAt: number | null;
  /** The latest timestamp of their accepted events, none later than its arrival, to the minute (`last-seen.ts`); null before. */
  lastSeenAt: number | null;
}

export interface AccountRow {
  accountId: string;
  seats: number | null;
  signedAt: number | null;
  name: string | null;
  traitsAt: number;
  firstEventAt: number | null;
  /** Matches of account-scoped items, per checklist id (item ids may repeat across checklists). */
  hits: Record<string, Hits>;
  /** Its people counted. */
  tally: Tally;
  /** The latest of its people's `lastSeenAt` while they were in it. */
  lastActivityAt: number | null;
}

/** What the state machine reads and writes; a backend supplies it inside one transaction. */
export interface StateContext {
  checklists: Checklist[];
  user(userId: string): UserRow;
  account(accountId: string): AccountRow;
  usersOf(accountId: string): UserRow[];
  /** The person's stored track events, for rebuilding after their role or account changes. */
  trackEventsOf(userId: string): StoredEvent[];
  /** Called after any change to a person's row, their account included. */
  dirtyUser(u: UserRow): void;
  dirtyAccount(a: AccountRow): void;
}

export const newUser = (userId: string): UserRow => ({
  userId,
  role: null,
  identifiedAt: -Infinity,
  accountId: null,
  hits: dict(),
  done: dict(),
  activatedAt: null,
  lastSeenAt: null,
});
export const newAccount = (accountId: string): AccountRow => ({
  accountId,
  seats: null,
  signedAt: null,
  name: null,
  traitsAt: -Infinity,
  firstEventAt: null,
  hits: dict(),
  tally: emptyTally(),
  lastActivityAt: null,
});

const ruleEvent = (ev: StoredEvent) => ({
  messageId: ev.messageId,
  event: ev.event ?? '',
  properties: ev.properties ?? {},
  timestamp: ev.timestamp,
});

/** Re-derives what a person has done and when they activated, from their hits and their account's. */
function refresh(ctx: StateContext, u: UserRow): void {
  const list = checklistForRole(ctx.checklists, u.role ?? undefined);
  const before = JSON.stringify([u.done, u.activatedAt]);
  if (!list) {
    u.done = dict();
    u.activatedAt = null;
  } else {
    const accountHits = u.accountId ? ctx.account(u.accountId).hits[list.id] : undefined;
    const p = evaluate(list, u.hits, accountHits ?? dict());
    u.done = dict(Object.fromEntries(p.items.filter((i) => i.done).map((i) => [i.id, i.completedAt!])));
    u.activatedAt = p.activatedAt ? Date.parse(p.activatedAt) : null;
  }
  if (JSON.stringify([u.done, u.activatedAt]) !== before) ctx.dirtyUser(u);
}

function touchAccount(ctx: StateContext, accountId: string, at: number): AccountRow {
  const a = ctx.account(accountId);
  if (a.firstEventAt === null || at < a.firstEventAt) {
    a.firstEventAt = at;
    ctx.dirtyAccount(a);
  }
  return a;
}

/** Counts one track event for its person and, for account-scoped items, their account. */
function countTrack(ctx: StateContext, u: UserRow, ev: StoredEvent): void {
  const re = ruleEvent(ev);
  const list = checklistForRole(ctx.checklists, u.role ?? undefined);
  // Most events change nothing (no item counts them, or their items are long done):
  // those cost one match per item and no re-evaluation.
  const userChanged = Boolean(list && applyEvent(u.hits, list, re, 'user').length);
  if (userChanged) ctx.dirtyUser(u);
  if (!u.accountId) return void (userChanged && refresh(ctx, u));
  const a = ctx.account(u.accountId);
  let accountChanged = false;
  for (const c of ctx.checklists) {
    const hits = (a.hits[c.id] ??= dict());
    if (applyEvent(hits, c, re, 'account').length) accountChanged = true;
  }
  if (accountChanged) {
    ctx.dirtyAccount(a);
    // An account-scoped item done by anyone is done for everyone in the account.
    for (const other of ctx.usersOf(a.accountId)) refresh(ctx, other);
  }
  if (userChanged) refresh(ctx, u);
}

/** After a role or account change, the person's events are counted again under the new one. */
function rebuild(ctx: StateContext, u: UserRow): void {
  u.hits = dict();
  ctx.dirtyUser(u);
  for (const ev of ctx.trackEventsOf(u.userId)) countTrack(ctx, u, ev);
  refresh(ctx, u);
}

/** The role and account an identify names; either may be absent, and the person keeps theirs. */
function named(traits: Record<string, unknown>): { role: string | undefined; accountId: string | undefined } {
  return {
    role: typeof traits.role === 'string' && traits.role ? traits.role : undefined,
    accountId: typeof traits.accountId === 'string' && traits.accountId ? traits.accountId : undefined,
  };
}

/**
 * Whether applying `ev` could put its person (`u`: their stored row, if any) in another
 * role or account, which replays their stored tracks. A backend that reads up front
 * what the state machine will need reads those tracks only for such people: a browser
 * sends an unchanged identify on every page load.
 */
export function mayMove(u: UserRow | undefined, ev: StoredEvent): boolean {
  if (!ev.userId) return false; // a group for the account alone moves nobody
  if (!u) return true;
  if (ev.type === 'identify') {
    const { role, accountId } = named(ev.traits ?? {});
    return (role !== undefined && role !== u.role) || (accountId !== undefined && accountId !== u.accountId);
  }
  return !u.accountId && (ev.type === 'group' || Boolean(ev.accountId));
}

/**
 * Applies one newly stored event. `replaying` is set by a full recompute, which
 * feeds identify and group events before track events, so nothing needs rebuilding.
 */
export function applyToState(ctx: StateContext, ev: StoredEvent, replaying = false): void {
  const traits = ev.traits ?? {};
  if (ev.type === 'group') return applyGroup(ctx, ev, traits, replaying);
  const u = ctx.user(ev.userId);
  if (ev.type === 'identify') {
    if (ev.timestamp < u.identifiedAt) return;
    const given = named(traits);
    const role = given.role ?? u.role;
    const accountId = given.accountId ?? u.accountId;
    const changed = role !== u.role || accountId !== u.accountId;
    Object.assign(u, { role, accountId, identifiedAt: ev.timestamp });
    ctx.dirtyUser(u);
    if (accountId) touchAccount(ctx, accountId, ev.timestamp);
    if (changed && !replaying) rebuild(ctx, u);
    return;
  }
  if (!u.accountId && ev.accountId) {
    u.accountId = ev.accountId;
    ctx.dirtyUser(u);
    if (!replaying) return void (touchAccount(ctx, ev.accountId, ev.timestamp), rebuild(ctx, u));
  }
  if (u.accountId) touchAccount(ctx, u.accountId, ev.timestamp);
  countTrack(ctx, u, ev);
}

/** The account traits a group sets: seats, signing date (epoch ms) and name, where given with their types. */
export function accountTraits(traits: Record<string, unknown>): Partial<Pick<AccountRow, 'seats' | 'signedAt' | 'name'>> {
  const out: Partial<Pick<AccountRow, 'seats' | 'signedAt' | 'name'>> = {};
  if (typeof traits.seats === 'number') out.seats = traits.seats;
  if (typeof traits.signedAt === 'string') out.signedAt = Date.parse(traits.signedAt);
  if (typeof traits.name === 'string') out.name = traits.name;
  return out;
}

/**
 * Account traits; and the person, if one is named, joins the account unless already in one.
 * Which traits a publishable key may set is decided at ingest (`routes/batch.ts`), so a
 * replay applies exactly what was accepted.
 */
function applyGroup(ctx: StateContext, ev: StoredEvent, traits: Record<string, unknown>, replaying: boolean): void {
  const a = touchAccount(ctx, ev.accountId!, ev.timestamp);
  if (ev.timestamp >= a.traitsAt) {
    Object.assign(a, accountTraits(traits));
    a.traitsAt = ev.timestamp;
    ctx.dirtyAccount(a);
  }
  // A group for the account alone (seats provisioned before anyone signs in) places nobody.
  if (!ev.userId) return;
  const u = ctx.user(ev.userId);
  if (!u.accountId) {
    u.accountId = a.accountId;
    ctx.dirtyUser(u);
    if (!replaying) rebuild(ctx, u);
  }
}
