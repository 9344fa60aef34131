import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { userHash } from '../index.js';
import { activate, at, checklists, group, identify, signToken, testCollector, track, withToken } from '../test-helpers.js';

/**
 * Each attack of issue 23, as an attacker holding only what a vendor's page holds (the
 * publishable key), or a careless secret-key client, would try it. Every one ends in a
 * clear 4xx or a per-event refusal, and the numbers a CS team reads do not move.
 */
type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

/** A collector whose project enforces signed identity tokens; the secret its vendor signs them with. */
async function enforcing(opts: Parameters<typeof testCollector>[0] = {}) {
  t = await testCollector(opts);
  const res = await t.put('/v1/identity-verification', { mode: 'enforce' });
  expect(res.statusCode).toBe(200);
  return res.json().secret as string;
}
const activation = async (accountId = 'acme') => (await t.get(`/v1/accounts/${accountId}/activation`)).json();
const errorsOf = (res: { json(): { rejected: Array<{ index: number; error: string }> } }) => res.json().rejected.map((r) => r.error);

describe('attacks', () => {
  it('invented people identified into a customer account do not move its seat activation', async () => {
    const secret = await enforcing();
    // The vendor's real person, with the account the vendor signed.
    const real = await signToken(secret, 'alice', { account: { seats: 4 } });
    expect(
      (await t.send([withToken(identify('alice', 'end_user'), real), withToken(group('alice', 'acme', { seats: 4 }), real)])).json(),
    ).toMatchObject({ accepted: 2 });
    const before = await activation();
    // Three invented people: no token, a token of someone else, and a made-up token.
    const forged = ['ghost1', 'ghost2', 'ghost3'].flatMap((u) => [identify(u, 'end_user'), ...activate(u, 2)]);
    const res = await t.send([
      ...forged.slice(0, 3),
      ...forged.slice(3, 6).map((e) => withToken(e, real)),
      ...forged.slice(6).map((e) => withToken(e, 'e30.e30.sig')),
    ]);
    expect(res.json().accepted).toBe(0);
    expect(errorsOf(res).slice(0, 3)).toEqual(Array(3).fill(expect.stringMatching(/^token: missing/)));
    expect(errorsOf(res).slice(3, 6)).toEqual(Array(3).fill(expect.stringMatching(/^token: it was signed for userId "alice"/)));
    expect(errorsOf(res).slice(6)).toEqual(Array(3).fill(expect.stringMatching(/^token: /)));
    expect(await activation()).toEqual(before);
    expect((await activation()).seatActivationRate).toBe(0);
  });

  it('re-identifying a real person cannot move them out of their account or change their role', async () => {
    const secret = await enforcing();
    const admin = await signToken(secret, 'boss', { role: 'admin' });
    expect((await t.send([withToken(identify('boss', 'admin'), admin)])).json()).toMatchObject({ accepted: 1 });
    const moved = await t.send([
      identify('boss', 'end_user', 'elsewhere'),
      withToken(identify('boss', 'end_user'), admin),
      withToken(identify('boss', 'admin', 'elsewhere'), admin),
    ]);
    expect(moved.json().accepted).toBe(0);
    expect(errorsOf(moved)).toEqual([
      expect.stringMatching(/^token: missing/),
      expect.stringMatching(/^traits\.role: "end_user" disagrees with the signed token's "admin"/),
      expect.stringMatching(/^traits\.accountId: "elsewhere" disagrees with the signed token's "acme"/),
    ]);
    const users = (await t.get('/v1/accounts/acme/users')).json();
    expect(users).toEqual([expect.objectContaining({ userId: 'boss', role: 'admin' })]);
  });

  it('an identify dated 9999-12-31 is refused, whatever the key, so the page and the backend can still change the person', async () => {
    t = await testCollector();
    const future = { ...identify('carol', 'admin'), timestamp: '9999-12-31T23:59:59Z' };
    for (const key of [t.keys.publishableKey, t.keys.secretKey]) {
      const res = await t.send([identify('carol', 'end_user'), { ...future, messageId: `${future.messageId}-${key.slice(0, 2)}` }], key);
      expect(res.json().rejected).toEqual([
        { index: 1, error: expect.stringMatching(/^timestamp: 9999-12-31T23:59:59Z is more than 24 hours ahead of the collector's clock/) },
      ]);
    }
    // Now dated identifies still decide.
    const now = new Date().toISOString();
    expect((await t.send([{ ...identify('carol', 'sponsor'), timestamp: now }], t.keys.secretKey)).json()).toMatchObject({ accepted: 1 });
    expect((await t.get('/v1/accounts/acme/users')).json()).toEqual([expect.objectContaining({ userId: 'carol', role: 'sponsor' })]);
  });

  it('an outsider cannot join an account and complete its account-scoped items for everyone in it', async () => {
    const secret = await enforcing();
    const member = await signToken(secret, 'member');
    const outsider = await signToken(secret, 'outsider', { accountId: 'evil-corp', role: 'admin' });
    expect((await t.send([withToken(identify('member', 'end_user'), member)])).json()).toMatchObject({ accepted: 1 });
    const res = await t.send([
      withToken(group('outsider', 'acme', {}), outsider),
      withToken({ ...track('outsider', 'pipeline_created', 1), accountId: 'acme' }, outsider),
      { ...track('outsider', 'pipeline_created', 1), accountId: 'acme' },
    ]);
    expect(errorsOf(res)).toEqual([
      expect.stringMatching(/^groupId: "acme" disagrees with the signed token's "evil-corp"/),
      expect.stringMatching(/^accountId: "acme" disagrees with the signed token's "evil-corp"/),
      expect.stringMatching(/^token: missing/),
    ]);
    const progress = await t.app.inject({
      url: '/v1/users/member/progress',
      headers: { authorization: `Bearer ${t.keys.publishableKey}`, 'x-firstwin-token': member },
    });
    expect(progress.json().items.find((i: { id: string }) => i.id === 'team')).toMatchObject({ done: false });
    expect((await activation()).items.find((i: { itemId: string }) => i.itemId === 'team')?.completedUsers ?? 0).toBe(0);
  });

  it('invented members cannot sink an account, nor can a few requests create thousands of accounts', async () => {
    const secret = await enforcing();
    const real = await signToken(secret, 'alice');
    await t.send([withToken(identify('alice', 'end_user'), real), ...activate('alice', 1).map((e) => withToken(e, real))]);
    const before = await activation();
    const members = Array.from({ length: 50 }, (_, i) => identify(`fake${i}`, 'end_user'));
    const accounts = Array.from({ length: 2000 }, (_, i) => identify(`squat${i}`, 'end_user', `acct-${i}`));
    expect((await t.send(members)).json().accepted).toBe(0);
    expect((await t.send(accounts)).json().accepted).toBe(0);
    expect(await activation()).toEqual(before);
    expect((await t.get('/v1/stats')).json()).toMatchObject({ accounts: 1, users: 1 });
  });

  it("seats, name and signing date cannot be set first on an account the vendor has not set up; the real page's group then still sets them", async () => {
    const secret = await enforcing();
    const squatter = await signToken(secret, 'squatter', { accountId: 'newco' });
    const res = await t.send([
      group('squatter', 'newco', { seats: 1, name: 'Pwned', signedAt: '2001-01-01T00:00:00Z' }),
      withToken(group('squatter', 'newco', { seats: 1 }), squatter),
      withToken(group('squatter', 'newco', { name: 'Pwned' }), squatter),
    ]);
    expect(res.json().accepted).toBe(0);
    expect(errorsOf(res)).toEqual([
      expect.stringMatching(/^token: missing/),
      expect.stringMatching(/^traits\.seats: 1 disagrees with the signed token's claims, which leave it out/),
      expect.stringMatching(/^traits\.name: "Pwned" disagrees/),
    ]);
    expect((await t.get('/v1/accounts/newco/activation')).statusCode).toBe(404);
    // The vendor's page, with the token its server signed, sets what the token says.
    const account = { seats: 40, name: 'NewCo', signedAt: '2026-10-01T00:00:00Z' };
    const real = await signToken(secret, 'ceo', { accountId: 'newco', role: 'sponsor', account });
    expect((await t.send([withToken(group('ceo', 'newco', account), real)])).json()).toMatchObject({ accepted: 1, rejected: [] });
    expect(await activation('newco')).toMatchObject({ seats: 40, name: 'NewCo', signedAt: '2026-10-01T00:00:00.000Z' });
  });

  it('a person verified by userHash cannot put themselves into any account once tokens are enforced', async () => {
    const secret = await enforcing();
    const hashSecret = (await t.put('/v1/identity-verification', { enabled: true })).json().userHashSecret as string;
    const hash = userHash(hashSecret, 'mallory');
    const token = await signToken(secret, 'mallory', { accountId: 'mallory-inc' });
    const res = await t.send([
      { ...identify('mallory', 'end_user', 'acme'), userHash: hash },
      withToken({ ...identify('mallory', 'end_user', 'acme'), userHash: hash }, token),
      withToken({ ...identify('mallory', 'end_user', 'mallory-inc'), userHash: hash }, token),
    ]);
    expect(errorsOf(res)).toEqual([
      expect.stringMatching(/^token: missing/),
      expect.stringMatching(/^traits\.accountId: "acme" disagrees/),
    ]);
    expect(res.json().accepted).toBe(1);
    expect((await t.get('/v1/accounts/acme/activation')).statusCode).toBe(404);
  });

  it('PUT /v1/checklists with a field nested 10,000 deep is a 400, and the collector (its SQLite writer thread included) goes on', async () => {
    t = await testCollector();
    const deep = `[{"id":"x","role":"admin","title":"x","items":[{"id":"a","title":"a","completeOn":"manual"}],"extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}]`;
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/checklists',
      payload: deep,
      headers: { authorization: `Bearer ${t.keys.secretKey}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/more than 64 deep/);
    // Nested just within the limit, in meta: refused by name elsewhere, never a crash.
    const within = [{ ...checklists[0], meta: { nest: JSON.parse(`${'['.repeat(60)}${']'.repeat(60)}`) } }];
    expect((await t.put('/v1/checklists', within)).statusCode).toBe(200);
    expect((await t.send([identify('u1', 'admin'), track('u1', 'pipeline_created', 1)])).json()).toMatchObject({ accepted: 2 });
    expect((await t.put('/v1/checklists', checklists)).statusCode).toBe(200);
  });

  it('timestamps without a zone, on 30 February or before 2000 are refused per event, with the index and the reason', async () => {
    t = await testCollector();
    const res = await t.send([
      { ...track('u1', 'a', 1), timestamp: '2026-10-02T10:00:00' },
      track('u1', 'a', 1),
      { ...track('u1', 'a', 1), timestamp: '2026-02-30T10:00:00Z' },
      { ...identify('u1', 'end_user'), timestamp: '0001-01-01T00:00:00Z' },
      group('u1', 'acme', { signedAt: '0001-01-01T00:00:00Z' }),
    ]);
    expect(res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 0, error: expect.stringMatching(/^timestamp: "2026-10-02T10:00:00" has no time zone: end it with Z or an offset/) },
        { index: 2, error: 'timestamp: 2026-02-30 is not a day of the calendar' },
        { index: 3, error: expect.stringMatching(/^timestamp: 0001-01-01T00:00:00Z is before 2000/) },
        { index: 4, error: expect.stringMatching(/^traits\.signedAt: 0001-01-01T00:00:00Z is before 2000/) },
      ],
    });
  });

  it('"activation":[{"toString":1}] is a 400 naming the path, not a 500', async () => {
    t = await testCollector();
    const res = await t.put('/v1/checklists', [{ ...checklists[0], activation: [{ toString: 1 }] }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid checklist at [0].activation[0]: {"toString":1} is not an item id of this checklist');
  });

  it('dropped: 1e15 counts at most what one SDK queue can drop', async () => {
    t = await testCollector();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { writeKey: t.keys.publishableKey, dropped: 1e15, batch: [track('u1', 'a', 1)] },
    });
    expect(res.json()).toMatchObject({ accepted: 1 });
    expect((await t.get('/v1/stats')).json().droppedBySdk).toBe(1000);
  });

  it('429s name the limit and its window: not the time left as if it were the window, nor "this project" for an unknown key', async () => {
    t = await testCollector({ rateLimit: 2 });
    let last;
    for (let i = 0; i < 3; i++) last = await t.send([track('u1', 'e', i)]);
    expect(last!.statusCode).toBe(429);
    expect(last!.json().error).toMatch(
      /^over the publishable key's rate for one client address: 2 requests per 10 seconds; retry in \d+ s/,
    );
    for (let i = 0; i < 3; i++) last = await t.get('/v1/stats', 'sk_guess');
    expect(last!.statusCode).toBe(429);
    expect(last!.json().error).toMatch(/^over the rate for requests without a known key from one address: 2 requests per 10 seconds/);
    expect(last!.json().error).not.toMatch(/this project/);
    for (let i = 0; i < 3; i++) last = await t.get('/v1/stats');
    expect(last!.json().error).toMatch(/^over this project's rate for the secret key: 2 requests per 10 seconds/);
  });

  it('one busy client behind the load balancer does not leave the others with 429', async () => {
    t = await testCollector({ rateLimit: 5, app: { trustProxy: true, projectRateLimit: 12 } });
    const from = (ip: string, i: number) =>
      t.app
        .inject({
          method: 'POST',
          url: '/v1/batch',
          headers: { 'x-forwarded-for': ip },
          payload: { writeKey: t.keys.publishableKey, batch: [track(`u-${ip}`, 'e', 1)] },
          remoteAddress: '10.0.0.1',
        })
        .then((r) => r.statusCode + i * 0);
    const busy = await Promise.all(Array.from({ length: 8 }, (_, i) => from('203.0.113.9', i)));
    expect(busy.filter((s) => s === 429)).toHaveLength(3);
    expect(await from('198.51.100.7', 0)).toBe(200);
    // The ceiling over every address of the project: 12 a window, 6 used so far.
    const many = await Promise.all(Array.from({ length: 7 }, (_, i) => from(`192.0.2.${i + 1}`, i)));
    expect(many.filter((s) => s === 429)).toHaveLength(1);
    const over = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { 'x-forwarded-for': '192.0.2.99' },
      payload: { writeKey: t.keys.publishableKey, batch: [] },
    });
    expect(over.json().error).toMatch(
      /^over this project's ceiling for the publishable key, all client addresses together: 12 requests per 10 seconds/,
    );
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a body shorter than its Content-Length gets 408 within a few seconds', async () => {
    t = await testCollector();
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(new URL(address).port), '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(text));
      socket.write(
        `POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nAuthorization: Bearer ${t.keys.publishableKey}\r\n\r\n{"batch":`,
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(7000);
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
  }, 15_000);

  it('unknown fields in configuration bodies are refused by name, not dropped unsaid', async () => {
    t = await testCollector();
    const target = await t.put('/v1/activation-target', { rate: 0.5, days: 30, dayz: 60 });
    expect(target.statusCode).toBe(400);
    expect(target.json().error).toMatch(/dayz/);
    const mode = await t.put('/v1/identity-verification', { mode: 'report', rotat: true });
    expect(mode.statusCode).toBe(400);
    expect(mode.json().error).toMatch(/rotat/);
    const list = await t.put('/v1/checklists', [{ ...checklists[0], items: [{ ...checklists[0]!.items[0], titel: 'x' }] }]);
    expect(list.statusCode).toBe(400);
    expect(list.json().error).toMatch(/^invalid checklist at \[0\]\.items\[0\]\.titel: is not a field here/);
    // Free data has its place.
    expect((await t.put('/v1/checklists', [{ ...checklists[0], meta: { owner: 'cs-team' } }])).statusCode).toBe(200);
    expect((await t.get('/v1/checklists', t.keys.publishableKey)).json()[0].meta).toEqual({ owner: 'cs-team' });
  });

  it('a 400,000-character description is refused with its path, and so are overlong titles and guide texts', async () => {
    t = await testCollector();
    const item = checklists[0]!.items[0]!;
    for (const [patch, path] of [
      [{ description: 'x'.repeat(400_000) }, '[0].items[0].description: must be at most 1000 characters'],
      [{ title: 'x'.repeat(201) }, '[0].items[0].title: must be at most 200 characters'],
      [{ guide: { target: '#a', text: 'x'.repeat(501) } }, '[0].items[0].guide.text: must be at most 500 characters'],
    ] as const) {
      const res = await t.put('/v1/checklists', [{ ...checklists[0], items: [{ ...item, ...patch }] }]);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toContain(`invalid checklist at ${path}`);
    }
  });

  it('an href with a tab or another control character is refused (browsers read /<TAB>/evil.example as //evil.example)', async () => {
    t = await testCollector();
    for (const href of ['/\t/evil.example', '/\n/evil.example', '/ /evil.example', 'https://ok.example/\u0000']) {
      const res = await t.put('/v1/checklists', [{ ...checklists[0], items: [{ ...checklists[0]!.items[0], href }] }]);
      expect(res.statusCode, JSON.stringify(href)).toBe(400);
      expect(res.json().error).toMatch(/^invalid checklist at \[0\]\.items\[0\]\.href: /);
    }
  });

  it('thirty checklist replacements at once do not hang the collector (on PostgreSQL they held every pooled connection)', async () => {
    t = await testCollector();
    await t.send([identify('u1', 'end_user'), track('u1', 'interaction_logged', 1)]);
    const puts = await Promise.all(Array.from({ length: 30 }, () => t.put('/v1/checklists', checklists)));
    expect(puts.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    expect((await t.get('/v1/stats')).json()).toMatchObject({ events: 2, users: 1 });
  }, 20_000);

  it("without the token, progress and the account are not read under enforce; with it, only the person's own", async () => {
    const secret = await enforcing();
    const alice = await signToken(secret, 'alice', { account: { seats: 10 } });
    await t.send([
      withToken(identify('alice', 'end_user'), alice),
      withToken(group('alice', 'acme', {}), alice),
      ...activate('alice', 1).map((e) => withToken(e, alice)),
    ]);
    const read = (url: string, token?: string) =>
      t.app.inject({
        url,
        headers: { authorization: `Bearer ${t.keys.publishableKey}`, ...(token !== undefined && { 'x-firstwin-token': token }) },
      });
    expect((await read('/v1/users/alice/progress')).statusCode).toBe(401);
    expect((await read('/v1/users/bob/progress', alice)).statusCode).toBe(403);
    expect((await read('/v1/users/alice/progress', alice)).json()).toMatchObject({ userId: 'alice', activated: true });
    expect((await read('/v1/me/account')).statusCode).toBe(401);
    expect((await read('/v1/me/account', alice)).json()).toEqual({
      accountId: 'acme',
      name: null,
      seats: 10,
      seatsKnown: true,
      activatedSeats: 1,
      seatActivationRate: 0.1,
      status: expect.any(String),
      signedAt: null,
      firstValueAt: at(1),
      timeToFirstValueDays: expect.any(Number),
    });
    await t.put('/v1/identity-verification', { mode: 'report' });
    const off = await read('/v1/me/account', alice);
    expect(off.statusCode).toBe(403);
    expect(off.json().error).toMatch(/answers only under .*enforce/);
  });
});
