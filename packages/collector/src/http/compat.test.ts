import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import Rudder from '@rudderstack/rudder-sdk-node';
import { Analytics } from '@segment/analytics-node';
import { afterEach, describe, expect, it } from 'vitest';
import { at, identify, testCollector, track } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const compressed = (encoding: string, body: Buffer, key: string, type = 'application/json') =>
  t.app.inject({
    method: 'POST',
    url: '/v1/batch',
    payload: body,
    headers: { 'content-type': type, 'content-encoding': encoding, authorization: `Bearer ${key}` },
  });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('compressed bodies', () => {
  it('inflates gzip, deflate and br bodies before reading them', async () => {
    t = await testCollector();
    const pk = t.keys.publishableKey;
    const zip = { gzip: gzipSync, 'x-gzip': gzipSync, deflate: deflateSync, br: brotliCompressSync };
    for (const [encoding, squeeze] of Object.entries(zip)) {
      const res = await compressed(encoding, squeeze(json({ batch: [identify(`u-${encoding}`, 'end_user')] })), pk);
      expect(res.json(), encoding).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    }
  });

  it('applies the 500 kB limit to the inflated body: a small gzip bomb gets 413 without being inflated whole', async () => {
    t = await testCollector();
    // 300 gzip members of 1 MB of zeros each: 300 MB once inflated, about 300 kB sent.
    const member = gzipSync(Buffer.alloc(1_000_000), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 300 }, () => member));
    expect(bomb.length).toBeLessThan(500_000);
    const before = process.memoryUsage().arrayBuffers;
    const res = await compressed('gzip', bomb, t.keys.publishableKey);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/over 500 kB once inflated/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50_000_000);
    // A body just under the limit once inflated is taken.
    const padded = { batch: [identify('u1', 'end_user')], pad: 'x'.repeat(450_000) };
    expect((await compressed('gzip', gzipSync(json(padded)), t.keys.publishableKey)).json().accepted).toBe(1);
  });

  it('refuses a body that is not what its Content-Encoding says, and encodings it does not know, with 4xx', async () => {
    t = await testCollector();
    const broken = await compressed('gzip', json({ batch: [] }), t.keys.publishableKey);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatch(/not valid gzip/);
    const truncated = gzipSync(json({ batch: [identify('u1', 'end_user')] })).subarray(0, 20);
    expect((await compressed('gzip', truncated, t.keys.publishableKey)).statusCode).toBe(400);
    const unknown = await compressed('compress', json({ batch: [] }), t.keys.publishableKey);
    expect(unknown.statusCode).toBe(415);
    expect(unknown.json().error).toMatch(/"compress" is not supported/);
  });

  it('reads JSON whatever the Content-Type, and still refuses what is not JSON', async () => {
    t = await testCollector();
    const pk = t.keys.publishableKey;
    for (const type of ['application/x-www-form-urlencoded', 'application/octet-stream', 'text/html; charset=utf-8']) {
      expect((await compressed('identity', json({ batch: [identify(`u-${type}`, 'end_user')] }), pk, type)).json().accepted, type).toBe(1);
    }
    const form = await compressed('identity', Buffer.from('batch=1'), pk, 'application/x-www-form-urlencoded');
    expect(form.statusCode).toBe(400);
    expect(form.json().error).toMatch(/not valid JSON.*must be JSON, whatever its Content-Type/);
  });
});

describe('the analytics clients vendors already run, unchanged', () => {
  /** Seats and an end-user who does both activation steps, sent through `client`. */
  // Method signatures, which TypeScript compares both ways: each client's own parameter types fit.
  interface Client {
    identify(m: { userId: string; traits: Record<string, string | number> }): void;
    group(m: { userId: string; groupId: string; traits: Record<string, string | number> }): void;
    track(m: {
      userId: string;
      event: string;
      properties: Record<string, string | number>;
      timestamp?: Date;
      context?: Record<string, string | number>;
    }): void;
  }
  async function activationThrough(send: Client, userId: string) {
    send.identify({ userId, traits: { role: 'end_user', accountId: 'acme' } });
    send.group({ userId, groupId: 'acme', traits: { seats: 4, name: 'Acme' } });
    send.track({ userId, event: 'interaction_logged', properties: {}, timestamp: new Date(at(2)) });
    // Segment's B2B convention: the account in context.groupId.
    send.track({ userId, event: 'deal_stage_changed', properties: { direction: 'forward' }, context: { groupId: 'acme' } });
  }
  const activated = async (userId: string) => {
    const users = (await t.get('/v1/accounts/acme/users')).json() as Array<{ userId: string; itemsDone: string[]; activated: boolean }>;
    return users.find((u) => u.userId === userId);
  };

  it('@segment/analytics-node completes checklist items through /v1/batch', async () => {
    t = await testCollector({ now: Date.now });
    const host = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const errors: unknown[] = [];
    const segment = new Analytics({ writeKey: t.keys.secretKey, host, flushAt: 10, maxRetries: 0 });
    segment.on('error', (err) => errors.push(err));
    await activationThrough(segment, 'seg-1');
    await segment.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);
    expect(await activated('seg-1')).toMatchObject({ itemsDone: expect.arrayContaining(['log', 'move']), activated: true });
    expect((await t.get('/v1/accounts/acme/activation')).json()).toMatchObject({
      seats: 4,
      seatsKnown: true,
      activatedSeats: 1,
      name: 'Acme',
    });
  });

  it('@rudderstack/rudder-sdk-node (gzip bodies sent as form data) completes checklist items', async () => {
    t = await testCollector({ now: Date.now });
    const dataPlaneUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const errors: unknown[] = [];
    const rudder = new Rudder(t.keys.secretKey, {
      dataPlaneUrl,
      flushAt: 10,
      maxInternalQueueSize: 100,
      errorHandler: (err: unknown) => errors.push(err),
    });
    await activationThrough(rudder, 'rud-1');
    await new Promise<void>((done, fail) => rudder.flush((err?: Error) => (err ? fail(err) : done())));
    expect(errors).toEqual([]);
    expect(await activated('rud-1')).toMatchObject({ itemsDone: expect.arrayContaining(['log', 'move']), activated: true });
  });
});

describe('Segment calls the collector has no use for', () => {
  it('accepts page, screen and alias in a batch and counts them as ignored, never as rejected', async () => {
    t = await testCollector();
    const base = { messageId: 'p1', timestamp: at(1), userId: 'u1' };
    const res = await t.send([
      { ...base, type: 'page', name: 'Home' },
      { ...base, messageId: 's1', type: 'screen' },
      { ...base, messageId: 'a1', type: 'alias', previousId: 'anon' },
      track('u1', 'interaction_logged', 1),
    ]);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, ignored: 3, rejected: [] });
  });
});

describe("Segment's single-event endpoints", () => {
  const post = (path: string, payload: unknown, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: path,
      payload: payload as object,
      headers: key ? { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } : {},
    });

  it('take one event each, with the same keys, answers and exactly-once rule as /v1/batch', async () => {
    t = await testCollector();
    const sk = t.keys.secretKey;
    const { type: _i, ...who } = identify('u1', 'end_user');
    expect((await post('/v1/identify', { ...who, writeKey: t.keys.publishableKey })).json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [],
    });
    const { type: _t, ...logged } = track('u1', 'interaction_logged', 1);
    expect((await post('/v1/track', logged, sk)).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await post('/v1/track', logged, sk)).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect((await t.send([{ ...logged, type: 'track' }])).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    // The route names the type: a body's own `type` does not turn a track into something else.
    const { type: _m, ...moved } = track('u1', 'deal_stage_changed', 2, { direction: 'forward' });
    expect((await post('/v1/track', { ...moved, type: 'identify' }, sk)).json().accepted).toBe(1);
    const { type: _g, ...seats } = { ...identify('u1', 'end_user'), type: 'group', groupId: 'acme', traits: { seats: 8 } };
    expect((await post('/v1/group', seats, sk)).json().accepted).toBe(1);
    expect((await t.get('/v1/accounts/acme/activation')).json()).toMatchObject({ seats: 8, activatedSeats: 1 });
    for (const kind of ['page', 'screen', 'alias']) {
      const res = await post(`/v1/${kind}`, { messageId: `${kind}-1`, timestamp: at(1), userId: 'u1', previousId: 'anon' }, sk);
      expect(res.json(), kind).toEqual({ accepted: 0, duplicates: 0, ignored: 1, rejected: [] });
    }
  });

  it('refuse what /v1/batch refuses: no key, a body that is not one event, a bad event', async () => {
    t = await testCollector();
    for (const kind of ['identify', 'track', 'group', 'page', 'screen', 'alias']) {
      const none = await post(`/v1/${kind}`, { userId: 'u1' });
      expect(none.statusCode, kind).toBe(401);
      expect(none.json().error).toMatch(/missing key/);
      expect((await post(`/v1/${kind}`, [1, 2], t.keys.secretKey)).statusCode, kind).toBe(400);
    }
    const late = await post('/v1/track', { messageId: 'm1', userId: 'u1', event: 'x', timestamp: 'yesterday' }, t.keys.secretKey);
    expect(late.statusCode).toBe(200);
    expect(late.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [{ index: 0, error: expect.stringMatching(/^timestamp/) }] });
  });

  it("takes a track's account from context.groupId when it names none, and a RudderStack originalTimestamp as its time", async () => {
    t = await testCollector();
    const { timestamp, ...rest } = track('u9', 'interaction_logged', 3);
    const res = await t.send([
      identify('u9', 'end_user', 'globex'),
      { ...rest, originalTimestamp: timestamp, context: { groupId: 'globex' } },
    ]);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const users = (await t.get('/v1/accounts/globex/users')).json() as Array<{ items: Array<{ id: string; completedAt: string | null }> }>;
    expect(users[0]!.items.find((i) => i.id === 'log')!.completedAt).toBe(timestamp);
  });
});
