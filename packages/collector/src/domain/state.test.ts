import { describe, expect, it } from 'vitest';
import type { Checklist } from '@firstwin/sdk/rules';
import type { StoredEvent } from './event.js';
import { memoryContext, type RowSource } from './memory-context.js';
import { applyToState, mayMove, newUser, type AccountRow, type UserRow } from './state.js';
import { tally } from './tally.js';

const placed = (role: string | null, accountId: string | null): UserRow => ({ ...newUser('u1'), role, accountId });
const ev = (type: StoredEvent['type'], fields: Partial<StoredEvent> = {}): StoredEvent => ({
  messageId: 'm',
  type,
  userId: 'u1',
  timestamp: 0,
  ...fields,
});

describe('mayMove', () => {
  it('is false for what cannot change a role or account: the identify every page load repeats, tracks and groups of a placed person', () => {
    const u = placed('end_user', 'acme');
    expect(mayMove(u, ev('identify', { traits: { role: 'end_user', accountId: 'acme', name: 'Eli' } }))).toBe(false);
    expect(mayMove(u, ev('identify', { traits: { role: '', name: 'Eli' } }))).toBe(false);
    expect(mayMove(u, ev('track', { event: 'x', accountId: 'other' }))).toBe(false);
    expect(mayMove(u, ev('group', { accountId: 'other', traits: {} }))).toBe(false);
  });

  it('is true for a new role or account, a first account, and a person never seen', () => {
    expect(mayMove(placed('end_user', 'acme'), ev('identify', { traits: { role: 'admin' } }))).toBe(true);
    expect(mayMove(placed('end_user', 'acme'), ev('identify', { traits: { accountId: 'globex' } }))).toBe(true);
    expect(mayMove(placed('end_user', null), ev('track', { event: 'x', accountId: 'acme' }))).toBe(true);
    expect(mayMove(placed(null, null), ev('group', { accountId: 'acme', traits: {} }))).toBe(true);
    expect(mayMove(undefined, ev('track', { event: 'x' }))).toBe(true);
  });
});

const T0 = Date.parse('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;
const iso = (h: number) => new Date(T0 + h * HOUR).toISOString();
const checklists: Checklist[] = [
  {
    id: 'eu',
    role: 'end_user',
    title: 'First win',
    items: [
      { id: 'log', title: 'Log', completeOn: { event: 'interaction_logged' } },
      { id: 'move', title: 'Move', completeOn: { event: 'deal_stage_changed', where: { direction: 'forward' }, count: 2 } },
      { id: 'team', title: 'Team', scope: 'account', completeOn: { event: 'pipeline_created' } },
    ],
    activation: ['log', 'move'],
  },
  { id: 'ad', role: 'admin', title: 'Set up', items: [{ id: 'pipeline', title: 'Pipeline', completeOn: { event: 'pipeline_created' } }] },
];

/**
 * The state machine over plain maps, as a backend drives it: a batch's events are stored
 * (so a person rebuilt replays them), applied one by one, and `finish` brings the tallies up to date.
 */
function machine(users = new Map<string, UserRow>(), accounts = new Map<string, AccountRow>(), source?: RowSource) {
  const stored: StoredEvent[] = [];
  const tracks = (userId: string) => stored.filter((e) => e.type === 'track' && e.userId === userId);
  let n = 0;
  let batch = memoryContext(checklists, users, accounts, tracks, source);
  return {
    users,
    accounts,
    ingest(...events: Array<Omit<StoredEvent, 'messageId'>>) {
      batch = memoryContext(checklists, users, accounts, tracks, source);
      const full = events.map((e) => ({ messageId: `m${++n}`, ...e }));
      stored.push(...full);
      for (const ev of full) applyToState(batch.ctx, ev);
      batch.finish();
      return { dirtyUsers: [...batch.dirtyUsers].map((u) => u.userId), dirtyAccounts: [...batch.dirtyAccounts].map((a) => a.accountId) };
    },
  };
}
const identify = (userId: string, role: string, accountId: string | undefined, h: number) => ({
  type: 'identify' as const,
  userId,
  accountId,
  traits: { role, ...(accountId ? { accountId } : {}) },
  timestamp: T0 + h * HOUR,
});
const track = (userId: string, event: string, h: number, properties: Record<string, unknown> = {}) => ({
  type: 'track' as const,
  userId,
  event,
  properties,
  timestamp: T0 + h * HOUR,
});
const group = (userId: string, accountId: string, traits: Record<string, unknown>, h: number) => ({
  type: 'group' as const,
  userId,
  accountId,
  traits,
  timestamp: T0 + h * HOUR,
});
const forward = (userId: string, h: number) => track(userId, 'deal_stage_changed', h, { direction: 'forward' });

describe('the state machine over plain maps', () => {
  it('activates a person when the activation items are done, at the time of the event that completed the last', () => {
    const m = machine();
    m.ingest(identify('e1', 'end_user', 'acme', 0), track('e1', 'interaction_logged', 1), forward('e1', 2));
    expect(m.users.get('e1')).toMatchObject({ role: 'end_user', accountId: 'acme', activatedAt: null });
    expect({ ...m.users.get('e1')!.done }).toEqual({ log: iso(1) });
    m.ingest(track('e1', 'deal_stage_changed', 3, { direction: 'back' }), forward('e1', 5));
    expect({ ...m.users.get('e1')!.done }).toEqual({ log: iso(1), move: iso(5) });
    expect(m.users.get('e1')!.activatedAt).toBe(T0 + 5 * HOUR);
    expect(m.accounts.get('acme')!.tally.roles.end_user).toEqual({ users: 1, activated: 1 });
    expect(m.accounts.get('acme')!.tally.activations).toEqual([T0 + 5 * HOUR]);
  });

  it('counts tracks sent before the identify once the role is known, and by their own timestamps', () => {
    const m = machine();
    m.ingest(forward('e1', 4), forward('e1', 3), track('e1', 'interaction_logged', 1));
    expect(m.users.get('e1')).toMatchObject({ role: null, activatedAt: null });
    m.ingest(identify('e1', 'end_user', 'acme', 9));
    expect(m.users.get('e1')!.activatedAt).toBe(T0 + 4 * HOUR);
  });

  it('takes the latest identify by timestamp, not by arrival, and moves the person between tallies', () => {
    const m = machine();
    m.ingest(identify('e1', 'end_user', 'acme', 5));
    m.ingest(identify('e1', 'admin', 'globex', 1));
    expect(m.users.get('e1')).toMatchObject({ role: 'end_user', accountId: 'acme' });
    m.ingest(identify('e1', 'admin', 'globex', 6));
    expect(m.users.get('e1')).toMatchObject({ role: 'admin', accountId: 'globex' });
    expect({ ...m.accounts.get('acme')!.tally.roles }).toEqual({});
    expect({ ...m.accounts.get('globex')!.tally.roles }).toEqual({ admin: { users: 1, activated: 0 } });
  });

  it("completes an account-scoped item for everyone in the account when anyone's event matches it", () => {
    const m = machine();
    m.ingest(identify('e1', 'end_user', 'acme', 0), identify('e2', 'end_user', 'acme', 0), identify('x1', 'end_user', 'globex', 0));
    m.ingest(identify('a1', 'admin', 'acme', 0), track('a1', 'pipeline_created', 2));
    expect(m.users.get('e1')!.done.team).toBe(iso(2));
    expect(m.users.get('e2')!.done.team).toBe(iso(2));
    expect(m.users.get('x1')!.done.team).toBeUndefined();
    expect({ ...m.accounts.get('acme')!.tally.done.end_user }).toEqual({ team: 2 });
    expect({ ...m.accounts.get('acme')!.tally.done.admin }).toEqual({ pipeline: 1 });
  });

  it('sets account traits from the latest group, and places a person in no account yet, never moving one', () => {
    const m = machine();
    m.ingest(group('e1', 'acme', { seats: 10, name: 'Acme', signedAt: iso(0) }, 3), group('e1', 'acme', { seats: 5 }, 1));
    expect(m.accounts.get('acme')).toMatchObject({ seats: 10, name: 'Acme', signedAt: T0, firstEventAt: T0 + HOUR });
    expect(m.users.get('e1')!.accountId).toBe('acme');
    m.ingest(group('e1', 'globex', {}, 4));
    expect(m.users.get('e1')!.accountId).toBe('acme');
  });

  it('keeps every tally equal to a recount of its people, whatever the order of events', () => {
    const events = [
      identify('e1', 'end_user', 'acme', 0),
      identify('e2', 'end_user', 'acme', 1),
      identify('a1', 'admin', 'acme', 0),
      track('e1', 'interaction_logged', 2),
      forward('e1', 3),
      forward('e1', 4),
      track('a1', 'pipeline_created', 5),
      identify('e2', 'end_user', 'globex', 6),
      track('e2', 'interaction_logged', 7),
      forward('e2', 8),
      forward('e2', 9),
    ];
    for (const order of [events, [...events].reverse(), events.filter((_, i) => i % 2).concat(events.filter((_, i) => !(i % 2)))]) {
      const m = machine();
      for (const ev of order) m.ingest(ev);
      for (const [id, a] of m.accounts) {
        expect(a.tally, id).toEqual(tally([...m.users.values()].filter((u) => u.accountId === id)));
      }
      expect(m.users.get('e1')!.activatedAt).toBe(T0 + 4 * HOUR);
      expect(m.users.get('e2')).toMatchObject({ accountId: 'globex', activatedAt: T0 + 9 * HOUR });
    }
  });

  it('reads rows not in memory from its source, and marks dirty only what changed', () => {
    const first = machine();
    first.ingest(identify('e1', 'end_user', 'acme', 0), track('e1', 'interaction_logged', 1));
    const source: RowSource = {
      user: (id) => first.users.get(id),
      account: (id) => first.accounts.get(id),
      usersOf: (accountId) => [...first.users.values()].filter((u) => u.accountId === accountId),
    };
    const m = machine(new Map(), new Map(), source);
    // An event for an item long done, later than its hit: nothing changes.
    expect(m.ingest(track('e1', 'interaction_logged', 2))).toEqual({ dirtyUsers: [], dirtyAccounts: [] });
    expect(m.ingest(track('e9', 'interaction_logged', 2)).dirtyUsers).toEqual(['e9']);
  });
});
