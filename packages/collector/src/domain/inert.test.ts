import { ITEM_COMPLETED, type Checklist } from '@firstwin/sdk/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changesNothing, digest } from './inert.js';
import { memoryContext } from './memory-context.js';
import { applyToState, type AccountRow, type UserRow } from './state.js';
import type { StoredEvent } from './event.js';

const checklists: Checklist[] = [
  {
    id: 'work',
    role: 'end_user',
    title: 'Work',
    items: [
      { id: 'log', title: 'Log', completeOn: { event: 'logged' } },
      { id: 'move', title: 'Move', completeOn: { event: 'moved', where: { direction: 'forward' }, count: 2 } },
      { id: 'watch', title: 'Watch', completeOn: 'manual' },
      { id: 'team', title: 'Team', scope: 'account', completeOn: { event: 'set_up' } },
    ],
  },
  {
    id: 'setup',
    role: 'admin',
    title: 'Setup',
    items: [
      { id: 'log', title: 'Set up', completeOn: { event: 'set_up' } },
      { id: 'invite', title: 'Invite', scope: 'account', completeOn: { event: 'invited', count: 2 } },
    ],
  },
];

const NAMES = ['logged', 'moved', 'set_up', 'invited', 'other', ITEM_COMPLETED];
const track = fc.record({
  event: fc.constantFrom(...NAMES),
  direction: fc.constantFrom('forward', 'back'),
  manual: fc.constantFrom(['work', 'watch'], ['work', 'log'], ['setup', 'log']),
  accountId: fc.constantFrom(undefined, undefined, undefined, 'acme', 'globex'),
  timestamp: fc.integer({ min: 0, max: 60 }),
});
type Track = typeof track extends fc.Arbitrary<infer T> ? T : never;
const toEvent = (t: Track, userId: string, messageId: string): StoredEvent => ({
  messageId,
  type: 'track',
  userId,
  accountId: t.accountId,
  event: t.event,
  timestamp: t.timestamp,
  properties: t.event === ITEM_COMPLETED ? { checklistId: t.manual[0], itemId: t.manual[1] } : { direction: t.direction },
});
const history = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('identify' as const),
      userId: fc.constantFrom('u1', 'u2'),
      role: fc.constantFrom('end_user', 'admin', undefined),
      accountId: fc.constantFrom('acme', undefined),
      timestamp: fc.integer({ min: 0, max: 40 }),
    }),
    fc.record({ kind: fc.constant('track' as const), userId: fc.constantFrom('u1', 'u2'), track }),
  ),
  { maxLength: 30 },
);

/** Rows as stored after applying `events`, and each person's tracks (what a rebuild reads). */
function stored(events: StoredEvent[]) {
  const users = new Map<string, UserRow>();
  const accounts = new Map<string, AccountRow>();
  const tracks = new Map<string, StoredEvent[]>();
  const tracksOf = (userId: string) => tracks.get(userId) ?? [];
  const { ctx, finish } = memoryContext(checklists, users, accounts, tracksOf);
  for (const ev of events) {
    if (ev.type === 'track') tracks.set(ev.userId, [...tracksOf(ev.userId), ev]);
    applyToState(ctx, ev);
  }
  finish();
  return { users, accounts, tracksOf };
}

describe('a batch that changes nothing', () => {
  it('is told so only when applying it, event by event, would write no row', () => {
    let told = 0;
    fc.assert(
      fc.property(history, fc.array(track, { minLength: 1, maxLength: 6 }), (past, batch) => {
        const events = past.map(
          (h, i): StoredEvent =>
            h.kind === 'identify'
              ? {
                  messageId: `h${i}`,
                  type: 'identify',
                  userId: h.userId,
                  timestamp: h.timestamp,
                  accountId: h.accountId,
                  traits: { role: h.role, accountId: h.accountId },
                }
              : toEvent(h.track, h.userId, `h${i}`),
        );
        const { users, accounts, tracksOf } = stored(events);
        const fresh = batch.map((t, i) => toEvent({ ...t, timestamp: t.timestamp + 20 }, 'u1', `b${i}`));
        const d = digest(fresh, checklists, 'f')!;
        const user = users.get('u1');
        if (!changesNothing(d, checklists, user, user?.accountId ? accounts.get(user.accountId) : undefined)) return;
        told++;
        const before = JSON.stringify([...users.values()]);
        const { ctx, dirtyUsers, dirtyAccounts, finish } = memoryContext(checklists, users, accounts, tracksOf);
        for (const ev of fresh) applyToState(ctx, ev);
        finish();
        expect([...dirtyUsers, ...dirtyAccounts]).toEqual([]);
        expect(JSON.stringify([...users.values()])).toBe(before);
      }),
      { numRuns: 4000 },
    );
    // Never saying so would be sound, and useless.
    expect(told).toBeGreaterThan(100);
  });

  it('is digested only from track events of one person', () => {
    const t = (userId: string, messageId: string): StoredEvent => ({
      messageId,
      type: 'track',
      userId,
      event: 'logged',
      properties: {},
      timestamp: 1,
    });
    expect(digest([t('u1', 'a'), t('u2', 'b')], checklists, 'f')).toBeUndefined();
    expect(digest([t('u1', 'a'), { ...t('u1', 'b'), type: 'identify', traits: {} }], checklists, 'f')).toBeUndefined();
    expect(digest([], checklists, 'f')).toBeUndefined();
    expect(
      digest([t('u1', 'a'), { ...t('u1', 'b'), timestamp: 0, event: 'moved', properties: { direction: 'forward' } }], checklists, 'f'),
    ).toEqual({
      userId: 'u1',
      count: 2,
      namesAccount: false,
      earliest: 0,
      latest: 1,
      matched: [
        [0, 0, 1],
        [0, 1, 0],
      ],
      checklists: 'f',
    });
  });

  it('is never told against other checklists, nor for a person not stored', () => {
    const d = digest([{ messageId: 'a', type: 'track', userId: 'u1', event: 'other', properties: {}, timestamp: 50 }], checklists, 'f')!;
    expect(changesNothing(d, checklists, undefined, undefined)).toBe(false);
    const { users } = stored([{ messageId: 'h', type: 'identify', userId: 'u1', timestamp: 0, traits: { role: 'end_user' } }]);
    expect(changesNothing(d, checklists, users.get('u1'), undefined)).toBe(true);
    expect(changesNothing({ ...d, matched: [[5, 0, 50]] }, checklists, users.get('u1'), undefined)).toBe(false);
  });
});
