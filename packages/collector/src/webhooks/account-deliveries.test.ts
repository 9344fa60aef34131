import { afterEach, describe, expect, it } from 'vitest';
import { loginLimits } from '../http/dashboard/login-limits.js';
import { hashPassword } from '../http/dashboard/password.js';
import { SESSION_COOKIE } from '../http/dashboard/session.js';
import { activate, at, group, identify, receiver, testCollector, until } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await c();
  await t?.cleanup();
});

interface Delivery {
  eventId: string;
  type: string;
  status: string;
  code: number | null;
  at: string;
  accountId: string | null;
  webhookId?: string;
  url?: string;
}

/** A project with two webhooks (one per format) that has told of Acme, Globex, a person in no account, and a test ping. */
async function fired() {
  t = await testCollector({ loginLimits: loginLimits({ sleep: async () => {} }) });
  const r = await receiver();
  closing.push(r.close);
  const hook = async (format: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { authorization: `Bearer ${t.keys.secretKey}` },
        payload: { url: `${r.url}/${format}`, events: ['account.status_changed', 'account.first_value', 'user.activated'], format },
      })
    ).json() as { id: string; url: string };
  const standard = await hook('standard');
  const slack = await hook('slack');
  await t.send([group('u1', 'acme', { seats: 10, signedAt: at(0) }), identify('u1', 'end_user'), ...activate('u1', 2)]);
  await t.send([group('g1', 'globex', { seats: 10, signedAt: at(0) }), identify('g1', 'end_user', 'globex')]);
  await t.send([{ ...identify('loner', 'end_user'), traits: { role: 'end_user' } }, ...activate('loner', 3)]);
  await t.app.inject({ method: 'POST', url: `/v1/webhooks/${standard.id}/test`, headers: { authorization: `Bearer ${t.keys.secretKey}` } });
  // Acme: its status, its first value, u1 activated; Globex: its status; the loner; the ping (standard only).
  await until(() => r.got.length === 2 * 5 + 1);
  return { standard, slack };
}

describe("an account's deliveries", () => {
  it('name their account in each webhook log, and are listed by account across webhooks, newest first, with where they went', async () => {
    const { standard, slack } = await fired();
    const logOf = (id: string) => t.get(`/v1/webhooks/${id}/deliveries`).then((res) => res.json() as Delivery[]);
    await until(async () => (await logOf(standard.id)).length === 6 && (await logOf(slack.id)).length === 5);
    const named = (log: Delivery[]) => log.map((d) => [d.type, d.accountId]).sort();
    expect(named(await logOf(standard.id))).toEqual([
      ['account.first_value', 'acme'],
      ['account.status_changed', 'acme'],
      ['account.status_changed', 'globex'],
      ['user.activated', null],
      ['user.activated', 'acme'],
      ['webhook.test', null],
    ]);
    expect(named(await logOf(slack.id))).toEqual(named(await logOf(standard.id)).filter(([type]) => type !== 'webhook.test'));

    const acme = (await t.get('/v1/accounts/acme/deliveries')).json() as Delivery[];
    expect(acme).toHaveLength(6);
    expect(acme.every((d) => d.accountId === 'acme' && d.status === 'delivered' && d.code === 204)).toBe(true);
    expect(new Set(acme.map((d) => `${d.webhookId} ${d.url}`))).toEqual(new Set([standard, slack].map((h) => `${h.id} ${h.url}`)));
    expect(acme.map((d) => d.at)).toEqual(
      acme
        .map((d) => d.at)
        .sort()
        .reverse(),
    );
    // The same attempts the webhooks' own logs show.
    const all = [...(await logOf(standard.id)), ...(await logOf(slack.id))];
    for (const { webhookId: _, url: __, ...d } of acme) expect(all).toContainEqual(d);
    expect(((await t.get('/v1/accounts/globex/deliveries')).json() as Delivery[]).map((d) => d.type)).toEqual([
      'account.status_changed',
      'account.status_changed',
    ]);
  });

  it("are no one else's: another project's key or session, an account of the same name elsewhere, unknown ids, no key", async () => {
    await fired();
    // The other project has an account named acme too, with no webhook.
    await t.send([identify('v1', 'end_user', 'acme')], t.other.publishableKey);
    const hash = await hashPassword('correct horse battery');
    await t.collector.store.createDashboardUser({ email: 'ana@a.test', projectId: t.keys.projectId, passwordHash: hash });
    await t.collector.store.createDashboardUser({ email: 'bob@b.test', projectId: t.other.projectId, passwordHash: hash });
    const session = async (email: string) =>
      (
        await t.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { email, password: 'correct horse battery' } })
      ).cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const as = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
    const ana = await session('ana@a.test');
    const bob = await session('bob@b.test');

    expect(((await as(ana, '/v1/accounts/acme/deliveries')).json() as Delivery[]).length).toBe(6);
    expect((await as(ana, '/v1/accounts/acme/deliveries')).json()).toEqual((await t.get('/v1/accounts/acme/deliveries')).json());
    // Bob's acme is his own project's: none of Ana's deliveries, by session or by key.
    expect((await as(bob, '/v1/accounts/acme/deliveries')).json()).toEqual([]);
    expect((await t.get('/v1/accounts/acme/deliveries', t.other.secretKey)).json()).toEqual([]);
    for (const [who, url] of [
      [bob, '/v1/accounts/globex/deliveries'],
      [ana, '/v1/accounts/nobody/deliveries'],
      [ana, `/v1/accounts/${encodeURIComponent("acme' OR '1'='1")}/deliveries`],
    ] as const) {
      const res = await as(who, url);
      expect([res.statusCode, res.json()], url).toEqual([404, { error: expect.stringContaining('no account') }]);
    }
    expect((await t.get('/v1/accounts/globex/deliveries', t.other.secretKey)).statusCode).toBe(404);
    expect((await t.get('/v1/accounts/acme/deliveries', t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/deliveries' })).statusCode).toBe(401);
    expect((await as('forged', '/v1/accounts/acme/deliveries')).statusCode).toBe(401);
    const long = await t.get(`/v1/accounts/${'a'.repeat(201)}/deliveries`);
    expect([long.statusCode, long.json().error]).toEqual([400, expect.stringContaining('accountId')]);
  });
});
