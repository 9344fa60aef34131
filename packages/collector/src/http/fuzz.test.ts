import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, testCollector } from '../test-helpers.js';

/**
 * 100 000+ generated bad payloads — malformed, oversized, deeply nested, wrongly
 * typed — mixed with valid events: no 5xx, no crash, nothing invalid stored, and
 * every valid event counted exactly once.
 */
type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
beforeAll(async () => void (t = await testCollector({ rateLimit: 10_000_000 })));
afterAll(async () => t?.cleanup());

const SEED = 20261123;
const valid = (i: number) => ({
  type: 'identify',
  messageId: `valid-${i}`,
  timestamp: at(1),
  userId: `valid-user-${i}`,
  traits: { role: 'end_user', accountId: 'fuzz' },
});

// Each generated event is a valid one broken in a way the contract refuses.
const broken: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.record({
    type: fc.string().filter((s) => !['identify', 'group', 'track'].includes(s)),
    messageId: fc.string(),
    timestamp: fc.constant(at(1)),
    userId: fc.string(),
  }),
  fc.record({
    type: fc.constant('track'),
    messageId: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null), fc.string({ minLength: 201, maxLength: 300 })),
    timestamp: fc.constant(at(1)),
    userId: fc.constant('u'),
    event: fc.constant('e'),
  }),
  fc.record({
    type: fc.constant('track'),
    messageId: fc.uuid(),
    timestamp: fc.string().filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-/.test(s)),
    userId: fc.constant('u'),
    event: fc.constant('e'),
  }),
  fc.record({
    type: fc.constant('track'),
    messageId: fc.uuid(),
    timestamp: fc.constant(at(1)),
    userId: fc.oneof(fc.constant(''), fc.integer(), fc.array(fc.string())),
    event: fc.constant('e'),
  }),
  fc.record({
    type: fc.constant('track'),
    messageId: fc.uuid(),
    timestamp: fc.constant(at(1)),
    userId: fc.constant('u'),
    event: fc.oneof(fc.integer(), fc.constant(''), fc.constant('firstwin:evil'), fc.object()),
  }),
  fc.record({
    type: fc.constant('track'),
    messageId: fc.uuid(),
    timestamp: fc.constant(at(1)),
    userId: fc.constant('u'),
    event: fc.constant('e'),
    properties: fc.oneof(fc.array(fc.anything()), fc.string(), fc.integer()),
  }),
  fc.record({
    type: fc.constant('identify'),
    messageId: fc.uuid(),
    timestamp: fc.constant(at(1)),
    userId: fc.constant('u'),
    traits: fc.oneof(fc.string(), fc.constant(null), fc.record({ role: fc.oneof(fc.integer(), fc.constant('')) })),
  }),
  fc.record({
    type: fc.constant('group'),
    messageId: fc.uuid(),
    timestamp: fc.constant(at(1)),
    userId: fc.constant('u'),
    groupId: fc.oneof(fc.constant(''), fc.integer()),
    traits: fc.constant({}),
  }),
  fc.record({
    type: fc.constant('group'),
    messageId: fc.uuid(),
    timestamp: fc.constant(at(1)),
    userId: fc.constant('u'),
    groupId: fc.constant('g'),
    traits: fc.record({ seats: fc.oneof(fc.double({ noInteger: true }), fc.constant(-1), fc.string()) }),
  }),
);

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('fuzzing POST /v1/batch', () => {
  it('survives 100 000 bad events mixed with valid ones, counting every valid one once', async () => {
    const events = fc.sample(broken, { numRuns: 100_000, seed: SEED });
    let validCount = 0;
    let rejected = 0;
    let accepted = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < events.length; i += 200) {
      const batch: unknown[] = events.slice(i, i + 200);
      // Valid events ride in the same batches, at shifting positions.
      for (let k = 0; k < 3; k++) batch.splice((i + k * 67) % batch.length, 0, valid(validCount++));
      const res = await t.send(batch);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 200) {
        const body = res.json();
        expect(body.accepted + body.duplicates + body.rejected.length).toBe(batch.length);
        accepted += body.accepted;
        rejected += body.rejected.length;
      } else {
        expect(res.statusCode).toBe(413); // an event over 32 kB refuses its batch whole
        validCount -= 3;
      }
    }
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(accepted).toBe(validCount);
    expect(rejected).toBeGreaterThan(99_000);
    const users = (await t.get('/v1/accounts/fuzz/users')).json();
    expect(users).toHaveLength(validCount);
    expect((await t.get('/v1/accounts')).json().map((a: { accountId: string }) => a.accountId)).toEqual(['fuzz']);
  });

  it('answers bodies that are not batches with a 4xx and an error message', async () => {
    const bodies = [
      ...fc.sample(fc.string(), { numRuns: 300, seed: SEED }),
      ...fc.sample(fc.json(), { numRuns: 300, seed: SEED }),
      deep(100_000),
      deepObject(50_000),
      `{"batch":${deep(50_000)}}`,
      `{"writeKey":"${t.keys.publishableKey}","batch":[${deepObject(20_000)}]}`,
      '{"batch":[]',
      '\u0000',
      '{"__proto__":{"polluted":1},"batch":[]}',
      'null',
      '[]',
      '"x"',
      '{"batch":{"length":5}}',
    ];
    for (const payload of bodies) {
      for (const type of ['application/json', 'text/plain']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/batch',
          payload,
          headers: { 'content-type': type, authorization: `Bearer ${t.keys.publishableKey}` },
        });
        expect(res.statusCode, payload.slice(0, 80)).toBeLessThan(500);
        expect(res.statusCode === 200 || typeof res.json().error === 'string').toBe(true);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });
});
