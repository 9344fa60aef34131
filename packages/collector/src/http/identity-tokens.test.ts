import { afterEach, describe, expect, it } from 'vitest';
import { group, identify, signToken, testCollector, track, withToken } from '../test-helpers.js';
import { tokenVerifier } from './identity-tokens.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const caller = (secret: string) => ({
  projectId: 'p',
  kind: 'publishable' as const,
  userHashSecret: null,
  activationTarget: null,
  tokenMode: 'enforce' as const,
  tokenSecret: secret,
});

describe('identity verification: signed identity tokens', () => {
  it('is off with no secret until the secret key sets a mode; the secret is made once, again with rotate, and kept when off', async () => {
    t = await testCollector();
    expect((await t.get('/v1/identity-verification')).json()).toMatchObject({
      mode: 'off',
      secret: null,
      enabled: false,
      tokens: { valid: 0, invalid: 0, missing: 0 },
    });
    expect((await t.put('/v1/identity-verification', { mode: 'report' }, t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.put('/v1/identity-verification', { mode: 'strict' })).json().error).toMatch(/must be one of: off, report, enforce/);
    expect((await t.put('/v1/identity-verification', {})).statusCode).toBe(400);
    const first = (await t.put('/v1/identity-verification', { mode: 'report' })).json();
    expect(first).toEqual({ mode: 'report', secret: expect.stringMatching(/^idv_[\w-]{43}$/), enabled: false, userHashSecret: null });
    expect((await t.put('/v1/identity-verification', { mode: 'enforce' })).json().secret).toBe(first.secret);
    const rotated = (await t.put('/v1/identity-verification', { mode: 'enforce', rotate: true })).json().secret;
    expect(rotated).not.toBe(first.secret);
    expect((await t.put('/v1/identity-verification', { mode: 'off' })).json()).toMatchObject({ mode: 'off', secret: rotated });
    // The userHash setting beside it is untouched, and the other way round.
    expect((await t.put('/v1/identity-verification', { enabled: true })).json()).toMatchObject({
      mode: 'off',
      secret: rotated,
      enabled: true,
    });
    expect((await t.get('/v1/identity-verification', t.other.secretKey)).json()).toMatchObject({ mode: 'off', secret: null });
  });

  it('under report accepts everything and counts the last 24 hours of valid, invalid and missing tokens, in the database', async () => {
    t = await testCollector();
    const secret = (await t.put('/v1/identity-verification', { mode: 'report' })).json().secret as string;
    const alice = await signToken(secret, 'alice');
    const res = await t.send([
      withToken(identify('alice', 'end_user'), alice),
      withToken(track('alice', 'a', 1), alice),
      withToken(track('bob', 'a', 1), alice),
      withToken(track('carol', 'a', 1), 'not-a-jwt'),
      track('dave', 'a', 1),
    ]);
    expect(res.json()).toMatchObject({ accepted: 5, rejected: [] });
    // The secret key needs no token and is not counted.
    await t.send([track('erin', 'a', 1)], t.keys.secretKey);
    const counts = (await t.get('/v1/identity-verification')).json().tokens;
    expect(counts).toEqual({ since: expect.any(String), valid: 2, invalid: 2, missing: 1 });
    expect(Date.now() - Date.parse(counts.since)).toBeGreaterThan(23 * 3_600_000);
    expect(Date.now() - Date.parse(counts.since)).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it('counts the tokens of batches committed together, each project apart', async () => {
    t = await testCollector();
    const secret = (await t.put('/v1/identity-verification', { mode: 'report' })).json().secret as string;
    await t.put('/v1/identity-verification', { mode: 'report' }, t.other.secretKey);
    const token = await signToken(secret, 'alice');
    // Sent at once, so the writer commits them in groups that hold both projects' batches.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 2
          ? t.send([track('zoe', 'a', i)], t.other.publishableKey)
          : t.send([withToken(track('alice', 'a', i), token), track('bob', 'a', i)]),
      ),
    );
    expect(answers.every((a) => a.json().accepted > 0)).toBe(true);
    expect((await t.get('/v1/identity-verification')).json().tokens).toMatchObject({ valid: 20, invalid: 0, missing: 20 });
    expect((await t.get('/v1/identity-verification', t.other.secretKey)).json().tokens).toMatchObject({
      valid: 0,
      invalid: 0,
      missing: 10,
    });
  });

  it('refuses under enforce an expired token, one of another secret, one signed without HS256, and one living over 24 hours', async () => {
    t = await testCollector();
    const secret = (await t.put('/v1/identity-verification', { mode: 'enforce' })).json().secret as string;
    const other = (await t.put('/v1/identity-verification', { mode: 'enforce' }, t.other.secretKey)).json().secret as string;
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'u1', accountId: 'acme', role: 'admin', iat: now, exp: now + 60 })}.`;
    const tokens = [
      await signToken(secret, 'u1', { iat: now - 7200, exp: now - 3600 }),
      await signToken(other, 'u1'),
      unsigned,
      await signToken(secret, 'u1', {}, { lifetimeS: 25 * 3600 }),
      await signToken(secret, 'u1', { role: 7 }),
      await signToken(secret, 'u1', { account: { seats: 5, plan: 'gold' } }),
    ];
    const res = await t.send(tokens.map((token) => withToken(identify('u1', 'end_user'), token)));
    expect(res.json().accepted).toBe(0);
    expect(res.json().rejected.map((r: { error: string }) => r.error)).toEqual([
      expect.stringMatching(/^token: expired/),
      expect.stringMatching(/^token: the signature does not match/),
      expect.stringMatching(/^token: (must be signed with HS256|not a signed JWT)/),
      expect.stringMatching(/^token: exp may be at most 24 hours after iat/),
      expect.stringMatching(/^token: role must be a string/),
      expect.stringMatching(/^token: account\.plan is not a claim/),
    ]);
  });

  it("puts the token's role, account and account traits on the events it signs", async () => {
    t = await testCollector();
    const secret = (await t.put('/v1/identity-verification', { mode: 'enforce' })).json().secret as string;
    const token = await signToken(secret, 'ann', { role: 'admin', accountId: 'initech', account: { seats: 12, name: 'Initech' } });
    // The page need not repeat what the token says.
    const res = await t.send([
      withToken({ type: 'identify', messageId: 'i1', timestamp: new Date().toISOString(), userId: 'ann', traits: {} }, token),
      withToken(group('ann', 'initech', {}), token),
      withToken(track('ann', 'pipeline_created', 1), token),
    ]);
    expect(res.json()).toMatchObject({ accepted: 3, rejected: [] });
    expect((await t.get('/v1/accounts/initech/activation')).json()).toMatchObject({
      seats: 12,
      name: 'Initech',
      byRole: { admin: { users: 1 } },
    });
  });

  it('verifies a token once and keeps it until it expires, for its own secret only', async () => {
    let clock = Date.now();
    const verifier = tokenVerifier(() => clock);
    const token = await signToken('idv_a', 'u1', {}, { lifetimeS: 60 });
    const first = await verifier.verify('idv_a', token);
    expect(first.claims?.sub).toBe('u1');
    expect(await verifier.verify('idv_a', token)).toEqual(first);
    expect((await verifier.verify('idv_b', token)).error).toMatch(/signature/);
    clock += 61_000;
    expect((await verifier.verify('idv_a', token)).error).toMatch(/expired/);
    const fresh = await signToken('idv_a', 'u1', {}, { lifetimeS: 60 });
    const gate = await tokenVerifier().gate(caller('idv_a'), [{ token: fresh }, { token: fresh }, { token: 5 }, {}, { token: `${fresh}` }]);
    // One check for the run of one token, found again by its text after another event.
    expect(gate?.checks[0]?.claims?.sub).toBe('u1');
    expect(gate?.checks[1]).toBe(gate?.checks[0]);
    expect(gate?.checks[4]).toBe(gate?.checks[0]);
    expect(gate?.checks[2]).toBeUndefined();
    expect(gate?.checks[3]).toBeUndefined();
  });
});
