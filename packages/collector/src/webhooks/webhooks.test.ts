import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../index.js';
import { DAY, PG, T0, activate, checklists, freshDb, group, identify, receiver, track, until, type Received } from '../test-helpers.js';

const fast = { pollMs: 20, sweepMs: 50, retry: { firstMs: 40, maxMs: 160, forMs: 60_000 } };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A collector on a fresh database whose clock the test moves, with a project and a receiver. */
async function setUp(o: { answer?: (r: Received) => number | 'hang'; db?: string; day?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-webhooks-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const clock = { day: o.day ?? 0 };
  const started = Date.now();
  const db = o.db ?? freshDb(dir, 'webhooks');
  const open = async () => {
    // Days set by the test, and time going on as it does: retries come due.
    const c = await createCollector({ db, now: () => T0 + clock.day * DAY + (Date.now() - started), rateLimit: 100_000, webhooks: fast });
    cleanups.push(() => c.close());
    return c;
  };
  const collector = await open();
  const keys = await collector.store.createProject('hooks');
  await collector.store.putChecklists(keys.projectId, checklists);
  const r = await receiver(o.answer);
  cleanups.push(r.close);
  const call = (c: Collector, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, key = keys.secretKey) =>
    c.app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });
  const send = (batch: unknown[], c = collector) =>
    c.app.inject({ method: 'POST', url: '/v1/batch', payload: { writeKey: keys.secretKey, batch } });
  return {
    collector,
    keys,
    r,
    clock,
    db,
    open,
    call: (...a: Parameters<typeof call> extends [unknown, ...infer R] ? R : never) => call(collector, ...a),
    callOn: call,
    send,
  };
}
const types = (got: Received[]) => got.map((g) => JSON.parse(g.body) as { type: string; data: Record<string, unknown> });

describe('webhooks', () => {
  it("tells a scripted account's story exactly: each change once, signed, the clock's at_risk too", async () => {
    const t = await setUp();
    const made = await t.call('POST', '/v1/webhooks', {
      url: t.r.url,
      events: ['account.status_changed', 'account.first_value', 'user.activated'],
    });
    expect(made.statusCode).toBe(201);
    const { secret } = made.json() as { secret: string };
    const step = async (day: number, batch: unknown[], count: number) => {
      t.clock.day = day;
      if (batch.length) expect((await t.send(batch)).json()).toMatchObject({ rejected: [] });
      await until(() => t.r.got.length >= count);
    };
    await step(
      0,
      [group('u1', 'acme', { seats: 40, signedAt: new Date(T0).toISOString(), name: 'Acme Logistics' }), identify('u1', 'end_user')],
      1,
    );
    await step(1, activate('u1', 1), 3);
    // Day 7: nothing is sent, and the clock alone puts 1 of 40 under half the pace.
    await step(7.5, [], 4);
    await step(
      8,
      [identify('u2', 'end_user', 'acme', 8), identify('u3', 'end_user', 'acme', 8), ...activate('u2', 8), ...activate('u3', 8)],
      7,
    );
    await step(9, [group('u1', 'acme', { seats: 4 }, 9)], 8);
    await new Promise((ok) => setTimeout(ok, 300));
    const got = types(t.r.got);
    // Sent at once, the events of one step may arrive in any order.
    const told = (e: (typeof got)[number]) => [e.type, e.data.from ?? e.data.userId ?? '', e.data.to ?? ''].join(' ');
    expect(got.map(told).sort()).toEqual(
      [
        ['account.status_changed', 'no_data', 'on_track'],
        ['user.activated', 'u1', ''],
        ['account.first_value', 'u1', ''],
        ['account.status_changed', 'on_track', 'at_risk'],
        ['user.activated', 'u2', ''],
        ['user.activated', 'u3', ''],
        ['account.status_changed', 'at_risk', 'on_track'],
        ['account.status_changed', 'on_track', 'activated'],
      ]
        .map((e) => e.join(' '))
        .sort(),
    );
    expect(got.find((e) => e.data.to === 'at_risk')!.data).toMatchObject({
      accountId: 'acme',
      name: 'Acme Logistics',
      day: 7,
      summary: { activatedSeats: 1, seats: 40, status: 'at_risk' },
    });
    for (const g of t.r.got) expect(new Webhook(secret).verify(g.body, g.headers)).toEqual(JSON.parse(g.body));
    expect(new Set(t.r.got.map((g) => g.headers['webhook-id'])).size).toBe(8);
  });

  it('delivers everything to a receiver that was down for a while, every retry of an event with its webhook-id', async () => {
    let up = false;
    const t = await setUp({ answer: () => (up ? 200 : 503) });
    const { id } = (await t.call('POST', '/v1/webhooks', { url: t.r.url, events: ['user.activated'] })).json() as { id: string };
    const people = ['a', 'b', 'c', 'd'];
    await t.send(people.flatMap((u) => [identify(u, 'end_user'), ...activate(u, 0)]));
    await until(() => t.r.got.length >= 12);
    up = true;
    await until(
      async () =>
        ((await t.call('GET', `/v1/webhooks/${id}/deliveries`)).json() as Array<{ status: string }>).filter((d) => d.status === 'delivered')
          .length === 4,
    );
    const byId = new Map<string, Received[]>();
    for (const g of t.r.got) byId.set(g.headers['webhook-id']!, [...(byId.get(g.headers['webhook-id']!) ?? []), g]);
    expect(byId.size).toBe(4);
    for (const attempts of byId.values()) {
      expect(attempts.length).toBeGreaterThan(1);
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    }
    const log = (await t.call('GET', `/v1/webhooks/${id}/deliveries`)).json() as Array<{
      status: string;
      code: number;
      attempt: number;
      retryAt: string | null;
    }>;
    expect(log.find((d) => d.status === 'failed')).toMatchObject({ code: 503 });
    expect(log.filter((d) => d.status === 'failed').every((d) => d.retryAt !== null)).toBe(true);
  });

  it('turns a webhook off when its receiver answers 410, and sends it nothing more', async () => {
    const t = await setUp({ answer: () => 410 });
    const { id } = (await t.call('POST', '/v1/webhooks', { url: t.r.url, events: ['user.activated'] })).json() as { id: string };
    await t.send([identify('a', 'end_user'), ...activate('a', 0)]);
    await until(async () => ((await t.call('GET', '/v1/webhooks')).json() as Array<{ status: string }>)[0]!.status === 'disabled');
    await t.send([identify('b', 'end_user'), ...activate('b', 0)]);
    await new Promise((ok) => setTimeout(ok, 200));
    expect(t.r.got).toHaveLength(1);
    expect((await t.call('POST', `/v1/webhooks/${id}/test`)).statusCode).toBe(409);
    expect(((await t.call('GET', `/v1/webhooks/${id}/deliveries`)).json() as unknown[])[0]).toMatchObject({
      status: 'disabled',
      code: 410,
    });
  });

  it('says it in Slack as a sentence, and pings like a real event', async () => {
    const t = await setUp({ day: 12 });
    const { id } = (await t.call('POST', '/v1/webhooks', { url: t.r.url, events: ['account.status_changed'], format: 'slack' })).json() as {
      id: string;
    };
    const ping = await t.call('POST', `/v1/webhooks/${id}/test`);
    expect(ping.statusCode).toBe(202);
    await until(() => t.r.got.length === 1);
    expect(t.r.got[0]!.headers['webhook-id']).toBe((ping.json() as { eventId: string }).eventId);
    expect(JSON.parse(t.r.got[0]!.body)).toEqual({ text: 'A test from Firstwin: this webhook will be sent account.status_changed.' });
    const signed = new Date(T0).toISOString();
    await t.send([
      group('u0', 'acme', { seats: 40, signedAt: signed, name: 'Acme Logistics' }, 12),
      ...['u0', 'u1', 'u2'].map((u) => identify(u, 'end_user', 'acme', 12)),
      ...activate('u0', 12),
      ...activate('u1', 12),
    ]);
    await until(() => t.r.got.length === 2);
    expect(JSON.parse(t.r.got[1]!.body)).toEqual({
      text: 'Acme Logistics is at risk: 2 of 40 seats active on day 12; the pace asks for 6.',
    });
  });
});

describe('what a change of definitions or target tells', () => {
  it('a recompute tells of the people the new definitions activate, not of those already activated', async () => {
    const t = await setUp();
    await t.call('POST', '/v1/webhooks', { url: t.r.url, events: ['user.activated'] });
    await t.send([
      identify('done', 'end_user'),
      ...activate('done', 0),
      identify('half', 'end_user'),
      track('half', 'interaction_logged', 0),
    ]);
    await until(() => t.r.got.length === 1);
    const lighter = checklists.map((c) => (c.role === 'end_user' ? { ...c, activation: ['log'] } : c));
    expect(
      (
        await t.collector.app.inject({
          method: 'PUT',
          url: '/v1/checklists',
          payload: lighter,
          headers: { authorization: `Bearer ${t.keys.secretKey}` },
        })
      ).statusCode,
    ).toBe(200);
    await until(() => t.r.got.length === 2);
    await new Promise((ok) => setTimeout(ok, 300));
    expect(types(t.r.got).map((e) => e.data.userId)).toEqual(['done', 'half']);
  });

  it('a new target moves every account it changes, within a sweep', async () => {
    const t = await setUp({ day: 20 });
    await t.call('POST', '/v1/webhooks', { url: t.r.url, events: ['account.status_changed'] });
    const signed = new Date(T0).toISOString();
    await t.send([group('u1', 'acme', { seats: 10, signedAt: signed }, 20), identify('u1', 'end_user', 'acme', 20), ...activate('u1', 20)]);
    await until(() => t.r.got.length === 1);
    expect(
      (
        await t.collector.app.inject({
          method: 'PUT',
          url: '/v1/activation-target',
          payload: { rate: 0.1, days: 30 },
          headers: { authorization: `Bearer ${t.keys.secretKey}` },
        })
      ).statusCode,
    ).toBe(200);
    await until(() => t.r.got.length === 2);
    expect(types(t.r.got).map((e) => `${e.data.from} ${e.data.to}`)).toEqual(['no_data at_risk', 'at_risk activated']);
  });
});

describe('the webhook routes', () => {
  it('validate what they are given, by name', async () => {
    const t = await setUp();
    const post = async (body: object) => {
      const res = await t.call('POST', '/v1/webhooks', body);
      return [res.statusCode, (res.json() as { error?: string }).error ?? ''] as const;
    };
    const events = ['user.activated'];
    expect(await post({ url: 'ftp://x.example/', events })).toEqual([400, expect.stringMatching(/http/)]);
    expect(await post({ url: 'https://me:pw@x.example/', events })).toEqual([400, expect.stringMatching(/password/)]);
    expect(await post({ url: 'https://x.exa\tmple/', events })).toEqual([400, expect.stringMatching(/control/)]);
    expect(await post({ url: 'https://x.example/', events: ['user.activated', 'account.deleted'] })).toEqual([
      400,
      expect.stringMatching(/events\/1 must be one of: account.status_changed/),
    ]);
    expect(await post({ url: 'https://x.example/', events: [] })).toEqual([400, expect.stringMatching(/events/)]);
    expect(await post({ url: 'https://x.example/', events, format: 'teams' })).toEqual([
      400,
      expect.stringMatching(/format must be one of: standard, slack/),
    ]);
    expect(await post({ url: 'https://x.example/', events, secret: 'mine' })).toEqual([400, expect.stringMatching(/"secret"/)]);
    expect(await post({ url: 'https://x.example/', events: 'user.activated' })).toEqual([400, expect.stringMatching(/events/)]);
  });

  it("show a secret once, never to a publishable key, and another project's webhook is not there", async () => {
    const t = await setUp();
    const made = (await t.call('POST', '/v1/webhooks', { url: t.r.url, events: ['user.activated'] })).json() as {
      id: string;
      secret: string;
      format: string;
    };
    expect(made).toMatchObject({ id: expect.stringMatching(/^wh_/), secret: expect.stringMatching(/^whsec_/), format: 'standard' });
    const list = (await t.call('GET', '/v1/webhooks')).json() as object[];
    expect(list).toEqual([expect.objectContaining({ id: made.id, url: t.r.url, events: ['user.activated'], status: 'active' })]);
    expect(JSON.stringify(list)).not.toContain(made.secret);
    for (const [method, url] of [
      ['POST', '/v1/webhooks'],
      ['GET', '/v1/webhooks'],
      ['DELETE', `/v1/webhooks/${made.id}`],
      ['POST', `/v1/webhooks/${made.id}/test`],
      ['GET', `/v1/webhooks/${made.id}/deliveries`],
    ] as const) {
      expect((await t.call(method, url, method === 'POST' ? {} : undefined, t.keys.publishableKey)).statusCode).toBe(401);
    }
    const other = await t.collector.store.createProject('other');
    for (const [method, url] of [
      ['DELETE', `/v1/webhooks/${made.id}`],
      ['POST', `/v1/webhooks/${made.id}/test`],
      ['GET', `/v1/webhooks/${made.id}/deliveries`],
    ] as const) {
      const res = await t.call(method, url, undefined, other.secretKey);
      expect([res.statusCode, res.json()]).toEqual([404, { error: expect.stringContaining('no webhook') }]);
    }
    expect((await t.call('GET', '/v1/webhooks', undefined, other.secretKey)).json()).toEqual([]);
    expect((await t.call('DELETE', `/v1/webhooks/${made.id}`)).json()).toEqual({ id: made.id, deleted: true });
    expect((await t.call('DELETE', `/v1/webhooks/${made.id}`)).statusCode).toBe(404);
  });
});

describe.runIf(PG)('webhooks on PostgreSQL', () => {
  it("two collectors on one database send each event once, the clock's changes too", async () => {
    const t = await setUp();
    const second = await t.open();
    await t.call('POST', '/v1/webhooks', { url: t.r.url, events: ['account.status_changed', 'user.activated'] });
    const accounts = Array.from({ length: 12 }, (_, i) => `acct${i}`);
    await Promise.all(
      accounts.map((a, i) =>
        t.send(
          [group(`${a}-u`, a, { seats: 40, signedAt: new Date(T0).toISOString() }), identify(`${a}-u`, 'end_user', a)],
          i % 2 ? second : t.collector,
        ),
      ),
    );
    await until(() => t.r.got.length >= 12);
    t.clock.day = 8;
    await until(() => t.r.got.length >= 24);
    await new Promise((ok) => setTimeout(ok, 500));
    const ids = t.r.got.map((g) => g.headers['webhook-id']);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    expect(types(t.r.got).filter((e) => e.data.to === 'at_risk')).toHaveLength(12);
  });
});
