import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checklists, group, identify, testCollector, track } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

// Roles come from anyone holding the publishable key (it is in every page), and ids
// from checklist files: names of Object.prototype members are just names.
describe('hostile names', () => {
  it('keeps roles like __proto__ and constructor as plain data, polluting nothing', async () => {
    t = await testCollector();
    const res = await t.send([
      identify('p1', '__proto__'),
      identify('p2', 'constructor'),
      identify('p3', 'toString'),
      identify('e1', 'end_user'),
    ]);
    expect(res.json()).toMatchObject({ accepted: 4, rejected: [] });
    const a = (await t.get('/v1/accounts/acme/activation')).json();
    expect(({} as Record<string, unknown>).users).toBeUndefined();
    expect(a.seats).toBe(4);
    expect(Object.keys(a.byRole).sort()).toEqual(['__proto__', 'constructor', 'end_user', 'toString']);
    expect(a.byRole.constructor).toEqual({ users: 1, activated: 0, rate: 0 });
    expect(JSON.parse('{"x":1}').users).toBeUndefined();
  });

  it('treats checklist and item ids named like Object.prototype members as plain ids', async () => {
    t = await testCollector({ withChecklists: false });
    const lists = [
      {
        id: '__proto__',
        role: 'end_user',
        title: 'T',
        items: [
          { id: 'toString', title: 'A', completeOn: { event: 'a' } },
          { id: 'constructor', title: 'B', scope: 'account', completeOn: { event: 'b' } },
          { id: 'hasOwnProperty', title: 'C', completeOn: 'manual' },
        ],
      },
    ];
    expect((await t.put('/v1/checklists', lists)).statusCode).toBe(200);
    await t.send([identify('e1', 'end_user'), identify('e2', 'end_user')]);
    let p = (await t.get('/v1/users/e1/progress', t.keys.publishableKey)).json();
    expect(p.items.map((i: { done: boolean }) => i.done)).toEqual([false, false, false]);
    const res = await t.send([track('e1', 'a', 1), track('e2', 'b', 2)]);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: [] });
    p = (await t.get('/v1/users/e1/progress', t.keys.publishableKey)).json();
    expect(p.items.map((i: { done: boolean }) => i.done)).toEqual([true, true, false]);
    const users = (await t.get('/v1/accounts/acme/users')).json();
    expect(users.map((u: { itemsDone: string[] }) => u.itemsDone.sort())).toEqual([['constructor', 'toString'], ['constructor']]);
  });
});

// The publishable key is in every page: whoever holds it may name any account and any person.
describe('account traits and the publishable key', () => {
  it('sets seats, signing date and name once; only the secret key changes them, and a recompute keeps that', async () => {
    t = await testCollector();
    await t.send([
      identify('admin1', 'admin', 'acct1'),
      group('admin1', 'acct1', { seats: 10, signedAt: '2026-10-01T00:00:00Z', name: 'Acct One' }),
    ]);
    const before = (await t.get('/v1/accounts/acct1/activation')).json();
    expect(before).toMatchObject({ seats: 10, seatsKnown: true, name: 'Acct One' });
    // From another account, from a person the collector never saw, from one who just claimed
    // to be in acct1, from its own admin: none may change them with the publishable key.
    const attacks = [
      [
        identify('attacker', 'end_user', 'evilco'),
        group('attacker', 'acct1', { seats: 1000, signedAt: '2025-01-01T00:00:00Z', name: 'pwned' }, 5),
      ],
      [group('fresh-attacker', 'acct1', { seats: 1000 }, 5)],
      [identify('mallory', 'end_user', 'acct1'), group('mallory', 'acct1', { name: 'pwned' }, 5)],
      [group('admin1', 'acct1', { seats: 12 }, 6)],
    ];
    for (const batch of attacks) {
      const res = (await t.send(batch)).json();
      expect(res.rejected).toEqual([
        {
          index: batch.length - 1,
          error: expect.stringMatching(/^traits: this account's (seats|name)(, signedAt, name)? (is|are) set; .*secret key/),
        },
      ]);
    }
    const check = async () => {
      expect((await t.get('/v1/accounts/acct1/activation')).json()).toMatchObject({
        seats: 10,
        signedAt: before.signedAt,
        name: 'Acct One',
      });
      expect(JSON.stringify((await t.get('/v1/accounts')).json())).not.toContain('pwned');
      // A refused group places nobody: mallory is in acct1 by her own identify only.
      expect((await t.get('/v1/accounts/acct1/users')).json().map((u: { userId: string }) => u.userId)).toEqual(['admin1', 'mallory']);
    };
    await check();
    expect((await t.put('/v1/checklists', checklists)).statusCode).toBe(200);
    await check();
    // Sent again as they are (a page load repeats its group), and unset traits set: accepted.
    expect(
      (await t.send([group('admin1', 'acct1', { seats: 10, signedAt: '2026-10-01T00:00:00.000Z', name: 'Acct One' }, 7)])).json(),
    ).toMatchObject({ accepted: 1, rejected: [] });
    await t.send([identify('e2', 'end_user', 'acct2'), group('e2', 'acct2', { seats: 5 }, 1)]);
    expect((await t.send([group('e2', 'acct2', { name: 'Acct Two' }, 2)])).json()).toMatchObject({ accepted: 1, rejected: [] });
    expect((await t.get('/v1/accounts/acct2/activation')).json()).toMatchObject({ seats: 5, name: 'Acct Two' });
    // Within one batch too: the second of two different values is refused.
    const two = (await t.send([group('e3', 'acct3', { seats: 3 }, 1), group('e4', 'acct3', { seats: 300 }, 2)])).json();
    expect(two).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
    // The vendor's backend changes them with the secret key.
    await t.send([group('admin1', 'acct1', { seats: 12 }, 8)], t.keys.secretKey);
    expect((await t.get('/v1/accounts/acct1/activation')).json()).toMatchObject({ seats: 12 });
  });

  it('refuses a group dated far ahead, which would outrank every later one, whatever the key', async () => {
    t = await testCollector();
    const squat = { ...group('squatter', 'acct9', { seats: 1 }), timestamp: '9999-01-01T00:00:00Z' };
    expect((await t.send([squat])).json().rejected).toEqual([
      { index: 0, error: expect.stringMatching(/^timestamp: .*more than 24 hours ahead/) },
    ]);
    // A day ahead is a client's clock running fast: accepted.
    const fast = { ...group('admin9', 'acct9', { seats: 50 }), timestamp: new Date(Date.now() + 3_600_000).toISOString() };
    expect((await t.send([fast])).json()).toMatchObject({ accepted: 1, rejected: [] });
    expect((await t.get('/v1/accounts/acct9/activation')).json()).toMatchObject({ seats: 50 });
    // Nor may the vendor's backend: no clock runs eight thousand years fast.
    expect((await t.send([{ ...squat, messageId: 'sk-squat' }], t.keys.secretKey)).json()).toMatchObject({
      accepted: 0,
      rejected: [{ index: 0 }],
    });
  });
});

describe('long ids', () => {
  it('reads back every id ingest accepts, up to 200 characters of any kind, and refuses longer ones in paths as at ingest', async () => {
    t = await testCollector();
    const long = 'u'.repeat(200);
    const emoji = '\u{1F600}'.repeat(100); // 200 UTF-16 units, as JavaScript counts a string's length
    const account = `${'a'.repeat(199)}\u00e9`;
    const res = await t.send([
      identify(long, 'end_user', account),
      identify(emoji, 'end_user', account),
      ...[long, emoji].map((u) => track(u, 'interaction_logged', 1)),
    ]);
    expect(res.json()).toMatchObject({ accepted: 4, rejected: [] });
    for (const u of [long, emoji]) {
      const p = await t.get(`/v1/users/${encodeURIComponent(u)}/progress`, t.keys.publishableKey);
      expect(p.statusCode).toBe(200);
      expect(p.json()).toMatchObject({ userId: u, role: 'end_user' });
    }
    const a = await t.get(`/v1/accounts/${encodeURIComponent(account)}/activation`);
    expect(a.json()).toMatchObject({ accountId: account, seats: 2 });
    expect((await t.get(`/v1/accounts/${encodeURIComponent(account)}/users`)).json()).toHaveLength(2);
    expect((await t.get(`/v1/accounts/${encodeURIComponent(account)}/timeline`)).json()).toMatchObject({ accountId: account, seats: 2 });
    expect((await t.send([identify('u'.repeat(201), 'end_user')])).json().rejected).toHaveLength(1);
    const over = await t.get(`/v1/users/${'u'.repeat(201)}/progress`, t.keys.publishableKey);
    expect(over.statusCode).toBe(400);
    expect(over.json().error).toMatch(/userId must NOT have more than 200 characters/);
  });
});

describe('malformed requests', () => {
  it('answers what the HTTP parser refuses (a URL over 16 KiB, broken HTTP) with the usual error body', async () => {
    t = await testCollector();
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${base}/v1/users/${'u'.repeat(20_000)}/progress`);
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/over 16 KiB/) });
    const { port } = new URL(base);
    const raw = await new Promise<string>((ok, fail) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => ok(text));
      socket.on('error', fail);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'the request is not well-formed HTTP' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('answers an undecodable URL with the usual error body', async () => {
    t = await testCollector();
    const res = await t.get('/v1/accounts/%E0%A4%A/activation');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json())).toEqual(['error']);
    expect(res.json().error).toMatch(/encodeURIComponent/);
  });

  it('refuses a body nested deeper than 64 before reading it, an event too deeply nested to store included', async () => {
    t = await testCollector();
    // Written out, since JSON.stringify cannot serialize it either.
    const deep = `${JSON.stringify(track('u1', 'a', 1)).slice(0, -1)},"properties":{"deep":${'['.repeat(8000)}${']'.repeat(8000)}}}`;
    const payload = `{"writeKey":"${t.keys.publishableKey}","batch":[${JSON.stringify(identify('u1', 'end_user'))},${deep},${JSON.stringify(track('u1', 'b', 1))}]}`;
    const res = await t.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('the body nests arrays and objects more than 64 deep; send flatter JSON');
    expect((await t.get('/v1/stats')).json().events).toBe(0);
  });

  it('refuses ids holding a lone surrogate, which SQLite could not give back as they were sent', async () => {
    t = await testCollector();
    const res = await t.send([
      { ...track('u1', 'a', 1), messageId: 'm-\ud800-1' },
      { ...track('u1', 'a', 1), messageId: 'm-\u{1F600}-2' },
    ]);
    expect(res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [{ index: 0, error: 'messageId: must be well-formed Unicode (it holds a lone surrogate)' }],
    });
    expect((await t.send([{ ...track('u1', 'a', 1), messageId: 'm-\u{1F600}-2' }])).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await t.get('/v1/stats')).json().events).toBe(1);
  });

  it('keeps a person whose id holds a lone surrogate from becoming the one whose id holds U+FFFD', async () => {
    t = await testCollector();
    // Without the check, both would be stored under 'eve\ufffd': the attacker's admin role would be the victim's.
    expect((await t.send([identify('eve\ufffd', 'end_user', 'acme')])).json()).toMatchObject({ accepted: 1 });
    const res = await t.send([
      identify('eve\udc00', 'admin', 'acme'),
      group('u9', 'acme\ud83d', {}),
      { ...track('u1', 'interaction_logged', 1), accountId: '\udfffacme' },
      track('u1', 'interaction\ud800logged', 1),
      identify('u2', 'end_user', 'acme\udbff'),
      identify('u3', 'end_user\udc00', 'acme'),
    ]);
    const half = (field: string) => `${field}: must be well-formed Unicode (it holds a lone surrogate)`;
    expect(res.json()).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [
        { index: 0, error: half('userId') },
        { index: 1, error: half('groupId') },
        { index: 2, error: half('accountId') },
        { index: 3, error: half('event') },
        { index: 4, error: half('traits.accountId') },
        { index: 5, error: half('traits.role') },
      ],
    });
    expect((await t.get('/v1/accounts/acme/activation')).json().byRole).toEqual({ end_user: expect.objectContaining({ users: 1 }) });
  });

  it('refuses ids holding U+0000, which PostgreSQL cannot store (a batch failing for good would be retried for ever)', async () => {
    t = await testCollector();
    const res = await t.send([
      { ...track('u1', 'a', 1), messageId: 'm\u0000' },
      identify('eve\u0000', 'admin', 'acme'),
      identify('u2', 'end_user\u0000', 'acme'),
      track('u1', 'interaction\u0000logged', 1),
      identify('u3', 'end_user', 'acme'),
    ]);
    const nul = (field: string) => `${field}: must not hold U+0000 (NUL)`;
    expect(res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 0, error: nul('messageId') },
        { index: 1, error: nul('userId') },
        { index: 2, error: nul('traits.role') },
        { index: 3, error: nul('event') },
      ],
    });
  });

  it('finds nobody under a key or id holding U+0000, rather than failing the request', async () => {
    t = await testCollector();
    await t.send([identify('u1', 'end_user', 'acme')]);
    expect((await t.get('/v1/users/u1%00/progress', t.keys.publishableKey)).json()).toMatchObject({ userId: 'u1\u0000', role: null });
    expect((await t.get('/v1/accounts/acme%00/activation')).statusCode).toBe(404);
    expect((await t.get('/v1/accounts/acme%00/users')).statusCode).toBe(404);
    expect((await t.get('/v1/accounts/acme%00/timeline')).statusCode).toBe(404);
    expect((await t.get('/v1/stats?event=a%00')).json()).toMatchObject({ events: 0, users: 1 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { writeKey: `${t.keys.publishableKey}\u0000`, batch: [identify('u2', 'end_user')] },
    });
    expect(res.statusCode).toBe(401);
  });

  it('keeps half a character and U+0000 in properties and traits as U+FFFD, so every store can read the event back', async () => {
    t = await testCollector();
    const cut = { ...track('u1', 'interaction_logged', 1), properties: { title: 'Deal \ud83d', 'k\udc00': ['\udfff'] } };
    const res = await t.send([
      identify('u1', 'end_user', 'acme'),
      cut,
      { ...group('u1', 'acme', { name: 'Acme \ud800' }), messageId: 'g-half' },
    ]);
    expect(res.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    // A batch with U+0000 and no half character.
    const nul = await t.send([
      { ...track('u1', 'deal_stage_changed', 2), properties: { note: 'a\u0000' } },
      group('u2', 'initech', { name: 'Initech\u0000' }),
    ]);
    expect(nul.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    // PostgreSQL reads bodies as JSON here: one escaped half character would fail the count for the whole project.
    expect((await t.get('/v1/stats?event=interaction_logged')).json().events).toBe(1);
    expect((await t.get('/v1/accounts/acme/activation')).json().name).toBe('Acme \ufffd');
    expect((await t.get('/v1/accounts/initech/activation')).json().name).toBe('Initech\ufffd');
    expect((await t.send([cut])).json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('refuses alone an event whose properties or traits hold a number JSON cannot carry, which would count as it arrives and not when replayed', async () => {
    t = await testCollector();
    expect(
      (
        await t.put('/v1/checklists', [
          {
            id: 'c',
            role: 'end_user',
            title: 'C',
            items: [{ id: 'tier', title: 'Tier', completeOn: { event: 'plan', where: { tier: null } } }],
          },
        ])
      ).statusCode,
    ).toBe(200);
    await t.send([identify('u1', 'end_user', 'acme')]);
    const huge = (n: number) => JSON.stringify({ ...track('u1', 'plan', n), properties: { tier: 0 } }).replace('"tier":0', '"tier":-1e999');
    const payload = `{"writeKey":"${t.keys.publishableKey}","batch":[${huge(1)},${JSON.stringify(track('u1', 'plan', 2))},${JSON.stringify(group('u1', 'acme', { score: 1 })).replace('"score":1', '"score":1e999')}]}`;
    const res = await t.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload });
    expect(res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 0, error: 'properties.tier: a number too large for JSON (it reads as -Infinity)' },
        { index: 2, error: 'traits.score: a number too large for JSON (it reads as Infinity)' },
      ],
    });
    expect((await t.get('/v1/users/u1/progress', t.keys.publishableKey)).json().items[0].done).toBe(false);
  });

  it('caps an absurd dropped counter instead of refusing the events beside it', async () => {
    t = await testCollector();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { writeKey: t.keys.publishableKey, dropped: 1e300, batch: [identify('u1', 'end_user')] },
    });
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await t.get('/v1/stats')).json().droppedBySdk).toBe(1000);
  });
});
