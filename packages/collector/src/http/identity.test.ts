import { afterEach, describe, expect, it } from 'vitest';
import { userHash } from '../index.js';
import { identify, testCollector, track } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const progress = (userId: string, hash?: string) =>
  t.app.inject({
    method: 'GET',
    url: `/v1/users/${encodeURIComponent(userId)}/progress`,
    headers: { authorization: `Bearer ${t.keys.publishableKey}`, ...(hash !== undefined && { 'x-firstwin-user-hash': hash }) },
  });
const enable = async () => {
  const res = await t.put('/v1/identity-verification', { enabled: true });
  expect(res.statusCode).toBe(200);
  return res.json().userHashSecret as string;
};

describe('identity verification', () => {
  it('is off until the secret key turns it on, and only the secret key may', async () => {
    t = await testCollector();
    expect((await t.get('/v1/identity-verification')).json()).toMatchObject({ enabled: false, userHashSecret: null });
    expect((await t.send([identify('e1', 'end_user')])).json().accepted).toBe(1);
    expect((await progress('e1')).statusCode).toBe(200);
    expect((await t.put('/v1/identity-verification', { enabled: true }, t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.put('/v1/identity-verification', { enabled: 'yes' })).statusCode).toBe(400);
    const secret = await enable();
    expect(secret).toMatch(/^uh_[\w-]{43}$/);
    // Asking again keeps the secret the vendor's servers already use; rotate makes a new one.
    expect((await t.put('/v1/identity-verification', { enabled: true })).json().userHashSecret).toBe(secret);
    expect((await t.put('/v1/identity-verification', { enabled: true, rotate: true })).json().userHashSecret).not.toBe(secret);
  });

  it('refuses, event by event, what a publishable key sends for a person without their userHash', async () => {
    t = await testCollector();
    const secret = await enable();
    const res = await t.send([
      { ...identify('e1', 'end_user'), userHash: userHash(secret, 'e1') },
      identify('e2', 'end_user'),
      { ...track('e2', 'interaction_logged', 1), userHash: userHash(secret, 'e1') }, // someone else's hash
      { ...track('e1', 'interaction_logged', 1), userHash: userHash(secret, 'e1').toUpperCase() },
      { ...track('e1', 'interaction_logged', 1), userHash: userHash('uh_guess', 'e1') },
    ]);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: [{ index: 1 }, { index: 2 }, { index: 4 }] });
    expect(res.json().rejected[0].error).toMatch(/userHash/);
    // The server-side integration speaks for anyone with the secret key.
    expect((await t.send([identify('e3', 'end_user')], t.keys.secretKey)).json().accepted).toBe(1);
    const users = (await t.get('/v1/accounts/acme/users')).json();
    expect(users.map((u: { userId: string }) => u.userId)).toEqual(['e1', 'e3']);
  });

  it("shows a person's progress only with their userHash, and not to another person's", async () => {
    t = await testCollector();
    await t.send([identify('e1', 'end_user'), track('e1', 'interaction_logged', 1), identify('e2', 'end_user')]);
    const secret = await enable();
    expect((await progress('e1')).statusCode).toBe(403);
    expect((await progress('e1')).json().error).toMatch(/x-firstwin-user-hash/);
    expect((await progress('e1', userHash(secret, 'e2'))).statusCode).toBe(403);
    expect((await progress('e1', 'zz')).statusCode).toBe(403);
    const ok = await progress('e1', userHash(secret, 'e1'));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.find((i: { id: string }) => i.id === 'log').done).toBe(true);
    // Turning it off lets any publishable call through again.
    await t.put('/v1/identity-verification', { enabled: false });
    expect((await progress('e1')).statusCode).toBe(200);
  });

  it('lets browsers send the userHash header across origins', async () => {
    t = await testCollector();
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/users/e1/progress',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,x-firstwin-user-hash',
      },
    });
    expect(res.headers['access-control-allow-headers']).toMatch(/x-firstwin-user-hash/);
  });
});
