import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, testCollector } from '../test-helpers.js';
import { count, parseTally, tally, type Contribution } from './tally.js';

const person = (role: string | null, activatedAt: number | null, ...done: string[]): Contribution => ({
  role,
  activatedAt,
  done: Object.fromEntries(done.map((d) => [d, 'x'])),
});

describe('an account tally', () => {
  it('taken away person by person, equals a recount of who is left', () => {
    const a = person('end_user', 5, 'log', 'move');
    const b = person('end_user', 9, 'log');
    const c = person(null, null);
    const t = tally([a, b, c]);
    count(t, b, -1);
    expect(t).toEqual(tally([a, c]));
    count(t, c, -1);
    expect(t).toEqual(tally([a]));
    count(t, a, -1);
    expect(t).toEqual(tally([]));
  });

  it('keeps every activation moment in order, so taking away the first leaves the next', () => {
    const t = tally([person('admin', 9), person('end_user', 5), person('admin', 5), person('end_user', null)]);
    expect(t.activations).toEqual([5, 5, 9]);
    count(t, person('admin', 5), -1);
    expect(t.activations).toEqual([5, 9]);
    expect(t).toEqual(tally([person('admin', 9), person('end_user', 5), person('end_user', null)]));
    expect(tally([person('admin', 9), person('admin', 20)], 10).activations).toEqual([9]);
  });

  it('reads a tally stored before activations were kept as having none', () => {
    expect(parseTally('{"roles":{"admin":{"users":1,"activated":0,"firstActivation":null}},"done":{}}').activations).toEqual([]);
  });

  it('keeps role and item ids that look like Object.prototype members as plain data', () => {
    const t = tally([person('__proto__', 1, 'toString', 'constructor')]);
    expect(t.roles.__proto__).toEqual({ users: 1, activated: 1 });
    expect(t.done.__proto__!.toString).toBe(1);
    expect(({} as Record<string, unknown>).users).toBeUndefined();
  });
});

/**
 * The tallies kept at ingest must always equal a recount from the users, whatever the
 * order of roles, account moves, activations and late identifies.
 */
type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
beforeAll(async () => void (t = await testCollector({ rateLimit: 10_000_000 })));
afterAll(async () => t?.cleanup());

const users = fc.constantFrom('u0', 'u1', 'u2', 'u3');
const accounts = fc.constantFrom('acme', 'globex', 'initech');
const day = fc.integer({ min: 0, max: 20 });
let n = 0;
const mid = () => `tally-${++n}`;
const event = fc.oneof(
  fc
    .record({ userId: users, role: fc.constantFrom('admin', 'end_user', 'sponsor', 'unknown-role'), accountId: accounts, day })
    .map((e) => ({
      type: 'identify',
      messageId: mid(),
      timestamp: at(e.day),
      userId: e.userId,
      traits: { role: e.role, accountId: e.accountId },
    })),
  fc
    .record({ userId: users, accountId: accounts, day })
    .map((e) => ({ type: 'group', messageId: mid(), timestamp: at(e.day), userId: e.userId, groupId: e.accountId, traits: {} })),
  fc
    .record({
      userId: users,
      day,
      which: fc.constantFrom('interaction_logged', 'deal_stage_changed', 'pipeline_created', 'pipeline_review_viewed', 'rep_assigned'),
    })
    .map((e) => ({
      type: 'track',
      messageId: mid(),
      timestamp: at(e.day),
      userId: e.userId,
      event: e.which,
      properties: { direction: 'forward' },
    })),
);

describe('tallies kept at ingest', () => {
  it('equal a recount after any sequence of batches', async () => {
    let project = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(event, { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        // Each run in a project of its own, so runs cannot see each other's people.
        const keys = await t.collector.store.createProject(`tally-${++project}`);
        await t.put('/v1/checklists', (await t.get('/v1/checklists', t.keys.publishableKey)).json(), keys.secretKey);
        for (const batch of batches) expect((await t.send(batch, keys.publishableKey)).statusCode).toBe(200);
        const store = t.collector.store;
        for (const a of await store.listAccounts(keys.projectId)) {
          expect(a.tally).toEqual(tally(await store.accountUsers(keys.projectId, a.accountId)));
        }
      }),
      { numRuns: 200, seed: 20261123 },
    );
    // 200 histories through a real database: on PostgreSQL, on a machine shared with other
    // work, that has taken over the default 30 s.
  }, 120_000);
});
