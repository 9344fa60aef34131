import { applyEvent, checklistForRole, evaluate, type Checklist, type Hits } from '@firstwin/sdk/rules';
import { dict } from './dict.js';
import { count, countItems, emptyTally, tally, type Contribution, type Tally } from './tally.js';
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
  userId, role: null, identifiedAt: -Infinity, accountId: null, hits: dict(), done: dict(), activatedAt: null,
});
export const newAccount = (accountId: string): AccountRow => ({
  accountId, seats: null, signedAt: null, name: null, traitsAt: -Infinity, firstEventAt: null, hits: dict(), tally: emptyTally(),
});

/** Where rows not yet in memory come from; without one, a row not in memory is new. */
export interface RowSource {
  user(userId: string): UserRow | undefined;
  account(accountId: string): AccountRow | undefined;
  usersOf(accountId: string): UserRow[];
}

/** A person as their account's stored tally counts them. */
type Counted = Contribution & { accountId: string | null };
const counted = (u: UserRow): Counted => ({ accountId: u.accountId, role: u.role, done: u.done, activatedAt: u.activatedAt });
const samePlace = (a: Counted, b: Counted) => a.accountId === b.accountId && a.role === b.role && a.activatedAt === b.activatedAt;
// `refresh` builds `done` in checklist order, so equal sets have equal key lists.
const sameItems = (a: Counted, b: Counted) => JSON.stringify(Object.keys(a.done)) === JSON.stringify(Object.keys(b.done));

/**
 * A context over rows kept in memory (those in `users` and `accounts` at the start are
 * stored rows, as are those read from `source` on first use): new rows and changed
 * ones are collected in the dirty sets for the backend to write, once `finish` has
 * brought the changed people's account tallies up to date.
 */
export function memoryContext(
  checklists: Checklist[], users: Map<string, UserRow>, accounts: Map<string, AccountRow>,
  tracks: (userId: string) => StoredEvent[], source?: RowSource,
) {
  const dirtyUsers = new Set<UserRow>();
  const dirtyAccounts = new Set<AccountRow>();
  /** How each stored person is counted in the stored tallies (`refresh` replaces `done`, never edits it). */
  const stored = new Map<UserRow, Counted>();
  /**
   * Who is in which account, kept as rows come in and as they change (every change is
   * followed by `dirtyUser`): a recompute holds every person in memory, and scanning
   * them all for each account-scoped hit made it quadratic.
   */
  const members = new Map<string, Set<UserRow>>();
  /** Accounts whose people `source` has given. */
  const read = new Set<string>();
  const placed = new Map<UserRow, string | null>();
  const place = (u: UserRow) => {
    const was = placed.get(u);
    if (was === u.accountId && placed.has(u)) return;
    if (was) members.get(was)!.delete(u);
    placed.set(u, u.accountId);
    if (!u.accountId) return;
    let m = members.get(u.accountId);
    if (!m) members.set(u.accountId, (m = new Set()));
    m.add(u);
  };
  for (const u of users.values()) {
    stored.set(u, counted(u));
    place(u);
  }
  const ctx: StateContext = {
    checklists,
    user(id) {
      let u = users.get(id);
      if (!u) {
        const row = source?.user(id);
        users.set(id, (u = row ?? newUser(id)));
        if (row) stored.set(row, counted(row));
        else dirtyUsers.add(u);
        place(u);
      }
      return u;
    },
    account(id) {
      let a = accounts.get(id);
      if (!a) {
        const row = source?.account(id);
        accounts.set(id, (a = row ?? newAccount(id)));
        if (!row) dirtyAccounts.add(a);
      }
      return a;
    },
    usersOf(accountId) {
      // Read once: from then on, the index follows everyone who joins or leaves.
      if (source && !read.has(accountId)) {
        for (const u of source.usersOf(accountId)) {
          if (users.has(u.userId)) continue;
          users.set(u.userId, u);
          stored.set(u, counted(u));
          place(u);
        }
        read.add(accountId);
      }
      return [...(members.get(accountId) ?? [])];
    },
    trackEventsOf: tracks,
    dirtyUser(u) {
      dirtyUsers.add(u);
      place(u);
    },
    dirtyAccount: (a) => void dirtyAccounts.add(a),
  };
  /** Moves each changed person's count from the tally that had them to the one that has them now. */
  const finish = () => {
    const recount = new Set<AccountRow>();
    const move = (accountId: string | null, c: Counted, sign: 1 | -1) => {
      if (!accountId) return;
      const a = ctx.account(accountId);
      if (!count(a.tally, c, sign)) recount.add(a);
      ctx.dirtyAccount(a);
    };
    for (const u of dirtyUsers) {
      const before = stored.get(u);
      const now = counted(u);
      stored.set(u, now);
      if (before && samePlace(before, now)) {
        // Most changes are items done: only those counters move, and no minimum is lost.
        if (!now.accountId || sameItems(before, now)) continue;
        const a = ctx.account(now.accountId);
        countItems(a.tally, before.role, before.done, -1);
        countItems(a.tally, now.role, now.done, 1);
        ctx.dirtyAccount(a);
        continue;
      }
      if (before) move(before.accountId, before, -1);
      move(now.accountId, now, 1);
    }
    for (const a of recount) a.tally = tally(ctx.usersOf(a.accountId));
  };
  return { ctx, dirtyUsers, dirtyAccounts, finish };
}

const ruleEvent = (ev: StoredEvent) => ({
  messageId: ev.messageId, event: ev.event ?? '', properties: ev.properties ?? {}, timestamp: ev.timestamp,
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
