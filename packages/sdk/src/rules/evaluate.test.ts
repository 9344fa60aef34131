import { describe, expect, it } from 'vitest';
import { ITEM_COMPLETED, applyEvent, checklistForRole, evaluate, mergeHits } from './index.js';
import type { Checklist, Hits, RuleEvent } from './index.js';

const list: Checklist = {
  id: 'end-user-first-win',
  role: 'end_user',
  title: 'Your first win',
  items: [
    { id: 'log', title: 'Log', completeOn: { event: 'interaction_logged' } },
    { id: 'move', title: 'Move', completeOn: { event: 'deal_stage_changed', where: { direction: 'forward' }, count: 2 } },
    { id: 'watch', title: 'Watch', completeOn: 'manual' },
    { id: 'team', title: 'Team', scope: 'account', completeOn: { event: 'pipeline_created' } },
  ],
  activation: ['log', 'move'],
};

const T0 = Date.parse('2026-11-01T00:00:00Z');
const day = 86_400_000;
let seq = 0;
const ev = (event: string, at: number, properties: Record<string, unknown> = {}, messageId = `m${++seq}`): RuleEvent => ({
  messageId,
  event,
  properties,
  timestamp: at,
});

const run = (events: RuleEvent[], checklist = list) => {
  const hits: Hits = {};
  for (const e of events) applyEvent(hits, checklist, e);
  return evaluate(checklist, hits, hits);
};
const done = (p: ReturnType<typeof evaluate>) => p.items.filter((i) => i.done).map((i) => i.id);

describe('completion rules', () => {
  it('completes an item on its event', () => {
    const p = run([ev('interaction_logged', T0)]);
    expect(done(p)).toEqual(['log']);
    expect(p.items[0]!.completedAt).toBe('2026-11-01T00:00:00.000Z');
  });

  it('needs `count` matching events and checks every `where` entry', () => {
    expect(done(run([ev('deal_stage_changed', T0, { direction: 'forward' })]))).toEqual([]);
    expect(
      done(
        run([
          ev('deal_stage_changed', T0, { direction: 'forward' }),
          ev('deal_stage_changed', T0 + 1, { direction: 'back' }),
          ev('deal_stage_changed', T0 + 2, { direction: 'FORWARD' }),
          ev('deal_stage_changed', T0 + 3, {}),
        ]),
      ),
    ).toEqual([]);
    const p = run([
      ev('deal_stage_changed', T0 + 5 * day, { direction: 'forward', extra: 1 }),
      ev('deal_stage_changed', T0 + 2 * day, { direction: 'forward' }),
    ]);
    expect(done(p)).toEqual(['move']);
    expect(p.items[1]!.completedAt).toBe(new Date(T0 + 5 * day).toISOString());
  });

  it('does not match `where` against inherited properties or loose equality', () => {
    const l: Checklist = { ...list, items: [{ id: 'x', title: 'x', completeOn: { event: 'e', where: { n: 1, toString: 'a' } } }] };
    expect(done(run([ev('e', T0, { n: '1', toString: 'a' })], l))).toEqual([]);
    expect(done(run([ev('e', T0, { n: 1 })], l))).toEqual([]);
    expect(done(run([ev('e', T0, { n: 1, toString: 'a' })], l))).toEqual(['x']);
  });

  it('counts a re-delivered messageId once', () => {
    const a = ev('deal_stage_changed', T0, { direction: 'forward' }, 'same');
    expect(done(run([a, { ...a }, { ...a, timestamp: T0 + 1 }]))).toEqual([]);
  });

  it('gives the same answer whatever order events arrive in', () => {
    const events = [
      ev('deal_stage_changed', T0 + 3 * day, { direction: 'forward' }),
      ev('interaction_logged', T0 + 1 * day),
      ev('deal_stage_changed', T0 + 9 * day, { direction: 'forward' }),
      ev('deal_stage_changed', T0 + 2 * day, { direction: 'forward' }),
      ev('interaction_logged', T0 + 4 * day),
    ];
    const expected = run(events);
    expect(expected.items[1]!.completedAt).toBe(new Date(T0 + 3 * day).toISOString());
    expect(expected.activatedAt).toBe(new Date(T0 + 3 * day).toISOString());
    for (const order of [
      [4, 3, 2, 1, 0],
      [2, 0, 4, 1, 3],
      [1, 3, 0, 4, 2],
    ]) {
      expect(run(order.map((i) => events[i]!))).toEqual(expected);
    }
  });

  it('completes manual items only through the reserved event of this checklist', () => {
    expect(done(run([ev('watch', T0)]))).toEqual([]);
    expect(done(run([ev(ITEM_COMPLETED, T0, { checklistId: 'other', itemId: 'watch' })]))).toEqual([]);
    expect(done(run([ev(ITEM_COMPLETED, T0, { checklistId: list.id, itemId: 'watch' })]))).toEqual(['watch']);
  });

  it('activates when the activation items are done, at the time of the last of them', () => {
    const p = run([
      ev('deal_stage_changed', T0 + day, { direction: 'forward' }),
      ev('interaction_logged', T0 + 7 * day),
      ev('deal_stage_changed', T0 + 2 * day, { direction: 'forward' }),
    ]);
    expect(p.activated).toBe(true);
    expect(p.activatedAt).toBe(new Date(T0 + 7 * day).toISOString());
    expect(done(p)).toEqual(['log', 'move']); // watch and team are not needed
  });

  it('defaults activation to all items', () => {
    const { activation: _omit, ...all } = list;
    const p = run(
      [
        ev('interaction_logged', T0),
        ev('deal_stage_changed', T0, { direction: 'forward' }),
        ev('deal_stage_changed', T0, { direction: 'forward' }),
      ],
      all,
    );
    expect(p.activated).toBe(false);
  });

  it('keeps user and account scopes apart when asked to', () => {
    const user: Hits = {};
    const account: Hits = {};
    const created = ev('pipeline_created', T0);
    applyEvent(user, list, created, 'user');
    applyEvent(account, list, created, 'account');
    expect(user.team).toBeUndefined();
    expect(done(evaluate(list, user, account))).toEqual(['team']);
    expect(done(evaluate(list, user, {}))).toEqual([]);
  });

  it('merges completion times known from elsewhere, earliest first', () => {
    const hits: Hits = {};
    applyEvent(hits, list, ev('interaction_logged', T0 + day));
    const p = evaluate(list, hits, hits, { log: new Date(T0).toISOString(), team: T0 + 2 * day, unknown: T0 });
    expect(p.items.map((i) => i.completedAt)).toEqual([new Date(T0).toISOString(), null, null, new Date(T0 + 2 * day).toISOString()]);
  });

  it('finds the checklist of a role', () => {
    expect(checklistForRole([list], 'end_user')).toBe(list);
    expect(checklistForRole([list], 'admin')).toBeUndefined();
    expect(checklistForRole([list], undefined)).toBeUndefined();
  });
});

describe('mergeHits', () => {
  it('unions two replicas, capped at count and independent of order', () => {
    const a: Hits = {};
    const b: Hits = {};
    const e1 = ev('deal_stage_changed', T0 + 3, { direction: 'forward' });
    const e2 = ev('deal_stage_changed', T0 + 1, { direction: 'forward' });
    const e3 = ev('deal_stage_changed', T0 + 2, { direction: 'forward' });
    applyEvent(a, list, e1);
    applyEvent(a, list, e3);
    applyEvent(b, list, e2);
    applyEvent(b, list, e3);
    const ab = structuredClone(a);
    const ba = structuredClone(b);
    expect(mergeHits(ab, b, list)).toBe(true);
    expect(mergeHits(ba, a, list)).toBe(false); // b already holds the two earliest
    expect(ab).toEqual(ba);
    expect(ab.move!.map((h) => h.at)).toEqual([T0 + 1, T0 + 2]);
    expect(mergeHits(ab, b, list)).toBe(false);
  });
});
