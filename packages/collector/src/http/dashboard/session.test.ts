import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { group, identify, testCollector } from '../../test-helpers.js';
import { hashPassword } from './password.js';
import { loginLimits } from './login-limits.js';
import { SESSION_COOKIE, setSessionCookie } from './session.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const PASSWORD = 'correct horse battery';
/** A collector whose sign-ins are limited without being slowed (the slow-down has tests of its own). */
async function setup(opts: { withChecklists?: boolean } = {}) {
  t = await testCollector({ ...opts, loginLimits: loginLimits({ sleep: async () => {}, perEmail: 3 }) });
  const hash = await hashPassword(PASSWORD);
  expect(await t.collector.store.createDashboardUser({ email: 'ana@a.test', projectId: t.keys.projectId, passwordHash: hash })).toBe(
    'created',
  );
  expect(await t.collector.store.createDashboardUser({ email: 'ana@a.test', projectId: t.other.projectId, passwordHash: hash })).toBe(
    'taken',
  );
  expect(await t.collector.store.createDashboardUser({ email: 'bob@b.test', projectId: t.other.projectId, passwordHash: hash })).toBe(
    'created',
  );
}

const signIn = (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { email, password }, headers });
const cookieOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === SESSION_COOKIE)!;
const asUser = (
  cookie: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  payload?: unknown,
) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: `${SESSION_COOKIE}=${cookie}`, ...headers },
    ...(payload !== undefined && { payload: payload as object }),
  });

describe('dashboard sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and tells who is signed in, with a CSRF token', async () => {
    await setup();
    const res = await signIn(' Ana@A.test ');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toEqual({
      email: 'ana@a.test',
      projectId: t.keys.projectId,
      projectName: 'test',
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    const cookie = cookieOf(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 7 * 86_400 });
    expect(cookie.secure).toBeFalsy(); // plain HTTP here; over HTTPS it is Secure
    expect((await asUser(cookie.value, 'GET', '/dashboard/api/session')).json()).toEqual(body);
  });

  it('answers a wrong password and an unknown email alike, and limits them per email with Retry-After', async () => {
    await setup();
    const wrong = await signIn('ana@a.test', 'not the password');
    const unknown = await signIn('nobody@a.test');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toEqual([]);
    await signIn('ana@a.test', 'again wrong');
    await signIn('ana@a.test', 'and again');
    const limited = await signIn('ana@a.test');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(limited.json().error).toMatch(/too many wrong passwords/);
    // Another person is not locked out by it.
    expect((await signIn('bob@b.test')).statusCode).toBe(200);
  });

  it("refuses a sign-in asked by another site's page, and a body of the wrong shape", async () => {
    await setup();
    expect((await signIn('ana@a.test', PASSWORD, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await signIn('ana@a.test', PASSWORD, { origin: 'null' })).statusCode).toBe(403);
    expect((await signIn('ana@a.test', PASSWORD, { origin: 'http://localhost:80' })).statusCode).toBe(200);
    for (const payload of [
      { email: 'ana@a.test', password: 12345678901 },
      { email: 'ana@a.test' },
      { email: ['ana@a.test'], password: PASSWORD },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/dashboard/api/session', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toMatch(/^invalid request: body/);
    }
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/session',
      payload: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(garbage.statusCode).toBe(400);
  });
});

describe('a signed-in session', () => {
  it("reads its own project's accounts as the secret key would, and never another project's", async () => {
    await setup();
    await t.send([identify('u1', 'end_user', 'acme'), group('u1', 'acme', { seats: 5 })]);
    await t.send([identify('v1', 'end_user', 'other-co')], t.other.publishableKey);
    const ana = cookieOf(await signIn('ana@a.test')).value;
    const bob = cookieOf(await signIn('bob@b.test')).value;
    const list = await asUser(ana, 'GET', '/v1/accounts');
    expect(list.json()).toEqual((await t.get('/v1/accounts')).json());
    expect((await asUser(ana, 'GET', '/v1/accounts/acme/activation')).statusCode).toBe(200);
    expect((await asUser(ana, 'GET', '/v1/accounts/acme/users')).statusCode).toBe(200);
    expect((await asUser(ana, 'GET', '/v1/accounts/acme/timeline')).statusCode).toBe(200);
    expect((await asUser(ana, 'GET', '/v1/accounts?format=csv')).body).toMatch(/^accountId,/);
    expect((await asUser(ana, 'GET', '/v1/checklists')).statusCode).toBe(200);
    expect((await asUser(ana, 'GET', '/v1/activation-target')).statusCode).toBe(200);
    // Bob's project has other-co only; acme, typed into the URL, does not exist for him.
    expect((await asUser(bob, 'GET', '/v1/accounts')).json().map((a: { accountId: string }) => a.accountId)).toEqual(['other-co']);
    for (const path of ['/v1/accounts/acme/activation', '/v1/accounts/acme/users', '/v1/accounts/acme/timeline']) {
      expect((await asUser(bob, 'GET', path)).statusCode, path).toBe(404);
    }
  });

  it("is no key where a project's setup changes, nor where the route does not take sessions", async () => {
    await setup();
    const res = await signIn('ana@a.test');
    const cookie = cookieOf(res).value;
    const csrf = { 'x-firstwin-csrf': res.json().csrfToken as string };
    expect((await asUser(cookie, 'PUT', '/v1/checklists', csrf, [])).statusCode).toBe(401);
    expect((await asUser(cookie, 'PUT', '/v1/activation-target', csrf, { rate: 0.5, days: 30 })).statusCode).toBe(401);
    expect((await asUser(cookie, 'GET', '/v1/identity-verification')).statusCode).toBe(401);
    expect((await asUser(cookie, 'GET', '/v1/stats')).statusCode).toBe(401);
  });

  it("ends with sign-out, with the user's deletion, and is nothing when forged", async () => {
    await setup();
    const first = await signIn('ana@a.test');
    const cookie = cookieOf(first).value;
    expect((await asUser(cookie, 'DELETE', '/dashboard/api/session')).statusCode).toBe(403); // no CSRF token
    expect((await asUser(cookie, 'DELETE', '/dashboard/api/session', { 'x-firstwin-csrf': 'x'.repeat(43) })).statusCode).toBe(403);
    const out = await asUser(cookie, 'DELETE', '/dashboard/api/session', { 'x-firstwin-csrf': first.json().csrfToken });
    expect(out.statusCode).toBe(200);
    expect(cookieOf(out)).toMatchObject({ value: '' });
    // The same cookie, replayed after sign-out, opens nothing.
    expect((await asUser(cookie, 'GET', '/v1/accounts')).statusCode).toBe(401);
    expect((await asUser(cookie, 'GET', '/dashboard/api/session')).statusCode).toBe(401);

    const second = cookieOf(await signIn('ana@a.test')).value;
    expect((await asUser(second, 'GET', '/v1/accounts')).statusCode).toBe(200);
    expect(await t.collector.store.deleteDashboardUser('ana@a.test')).toBe(true);
    expect((await asUser(second, 'GET', '/v1/accounts')).statusCode).toBe(401);
    for (const forged of ['', 'x', 'a'.repeat(43), `${second.slice(0, -1)}A`, `${second}; other=1`]) {
      expect((await asUser(forged, 'GET', '/v1/accounts')).statusCode, forged).toBe(401);
    }
  });

  it('changes something only with the CSRF token its session answer carried', async () => {
    await setup({ withChecklists: false });
    // A route that changes something and takes sessions, as the webhook routes do.
    t.app.post('/v1/test-change', { config: { key: 'secret', session: true } }, async (req) => ({ projectId: req.caller.projectId }));
    const res = await signIn('ana@a.test');
    const cookie = cookieOf(res).value;
    const bob = await signIn('bob@b.test');
    const change = (headers: Record<string, string>) => asUser(cookie, 'POST', '/v1/test-change', headers, {});
    expect((await change({})).statusCode).toBe(403);
    expect((await change({ 'x-firstwin-csrf': bob.json().csrfToken })).statusCode).toBe(403);
    const ok = await change({ 'x-firstwin-csrf': res.json().csrfToken });
    expect(ok.json()).toEqual({ projectId: t.keys.projectId });
    // A key in the request is the key's caller, cookie or not.
    const keyed = await asUser(cookie, 'POST', '/v1/test-change', { authorization: `Bearer ${t.other.secretKey}` }, {});
    expect(keyed.json()).toEqual({ projectId: t.other.projectId });
  });
});

it('marks the cookie Secure when the page came over HTTPS, behind a trusted proxy too', async () => {
  const app = Fastify({ trustProxy: true });
  await app.register(cookie);
  app.get('/in', async (req, reply) => void setSessionCookie(req, reply, 'token'));
  const over = async (proto: string) =>
    (await app.inject({ url: '/in', headers: { 'x-forwarded-proto': proto } })).cookies.find((c) => c.name === SESSION_COOKIE);
  expect(await over('https')).toMatchObject({ value: 'token', secure: true, httpOnly: true, sameSite: 'Strict' });
  expect((await over('http'))?.secure).toBeFalsy();
  await app.close();
});
