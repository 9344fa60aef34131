import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { PG, identify, testCollector, track } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

describe('POST /v1/batch', () => {
  it('takes the key from the body, a Bearer header or HTTP Basic', async () => {
    t = await testCollector();
    const batch = [identify('u1', 'end_user')];
    expect((await t.send(batch)).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const bearer = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { batch: [identify('u2', 'end_user')] },
      headers: { authorization: `Bearer ${t.keys.publishableKey}` },
    });
    expect(bearer.json().accepted).toBe(1);
    const basic = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { batch: [identify('u3', 'end_user')] },
      headers: { authorization: `Basic ${Buffer.from(`${t.keys.secretKey}:`).toString('base64')}` },
    });
    expect(basic.json().accepted).toBe(1);
  });

  it('answers 401 for a missing or wrong key, with an actionable error', async () => {
    t = await testCollector();
    const none = await t.app.inject({ method: 'POST', url: '/v1/batch', payload: { batch: [] } });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatch(/missing key/);
    const wrong = await t.send([identify('u1', 'end_user')], 'pk_nope');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: expect.stringMatching(/unknown key/) });
    // The key comes first: without the right one, a request learns nothing of the shapes it must have.
    const badShape = await t.app.inject({ method: 'POST', url: '/v1/batch', payload: {} });
    expect(badShape.json()).toEqual({ error: expect.stringMatching(/missing key/) });
    expect((await t.put('/v1/checklists', {}, t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.put('/v1/checklists', {}, 'sk_nope')).statusCode).toBe(401);
    expect((await t.get('/v1/accounts?status=bogus', t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.get('/v1/accounts/acme/activation?within=zz', 'sk_nope')).statusCode).toBe(401);
    expect((await t.put('/v1/checklists', {})).statusCode).toBe(400);
  });

  it('answers 400 for malformed JSON and wrong shapes', async () => {
    t = await testCollector();
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: '{"batch": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/not valid JSON/);
    const shape = await t.app.inject({ method: 'POST', url: '/v1/batch', payload: { writeKey: t.keys.publishableKey, batch: 'nope' } });
    expect(shape.statusCode).toBe(400);
    expect(Object.keys(shape.json())).toEqual(['error']);
    const form = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: 'batch=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().error).toMatch(/must be JSON/);
  });

  it('stores the valid events of a mixed batch and says why the others were rejected', async () => {
    t = await testCollector();
    const res = await t.send([
      identify('u1', 'end_user'),
      { type: 'track', messageId: 'x1', timestamp: 'yesterday', userId: 'u1', event: 'interaction_logged' },
      track('u1', 'interaction_logged', 1),
      { type: 'track', messageId: 'x2', timestamp: new Date().toISOString(), userId: 'u1', event: 'firstwin:anything' },
      'not an event',
      { type: 'track', messageId: 'x3', timestamp: new Date().toISOString(), userId: 'u1' },
      { type: 'pageview', messageId: 'x4' },
      { ...track('u1', 'interaction_logged', 1), properties: ['a'] },
      { ...track('u1', 'interaction_logged', 1), properties: 'a' },
      { ...identify('u1', 'end_user'), context: null },
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(body.rejected[0].error).toMatch(/timestamp/);
    expect(body.rejected[1].error).toMatch(/reserved/);
    expect(body.rejected[3].error).toMatch(/event/);
    expect(body.rejected.slice(5).map((r: { error: string }) => r.error)).toEqual([
      expect.stringMatching(/^properties: /),
      expect.stringMatching(/^properties: /),
      expect.stringMatching(/^context: /),
    ]);
    const progress = await t.get('/v1/users/u1/progress', t.keys.publishableKey);
    expect(progress.json().items.find((i: { id: string }) => i.id === 'log').done).toBe(true);
  });

  it('counts a messageId once, across re-sends and concurrent re-sends', async () => {
    t = await testCollector();
    const batch = [
      identify('u1', 'end_user'),
      track('u1', 'interaction_logged', 1),
      track('u1', 'deal_stage_changed', 2, { direction: 'forward' }),
    ];
    expect((await t.send(batch)).json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect((await t.send(batch)).json()).toMatchObject({ accepted: 0, duplicates: 3 });
    const fresh = [track('u2', 'interaction_logged', 1), track('u2', 'interaction_logged', 2)];
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.send([...fresh, fresh[0]])));
    const totals = answers.map((a) => a.json());
    expect(totals.reduce((n, a) => n + a.accepted, 0)).toBe(2);
    expect(totals.reduce((n, a) => n + a.duplicates, 0)).toBe(22);
  });

  it('answers 413 for a body over 500 kB or an event over 32 kB, storing nothing of it', async () => {
    t = await testCollector();
    const big = await t.send(Array.from({ length: 30 }, (_, i) => track('u1', 'e', i, { pad: 'x'.repeat(20_000) })));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatch(/500 kB/);
    const oneFat = await t.send([track('u1', 'interaction_logged', 1), track('u1', 'e', 1, { pad: 'x'.repeat(33_000) })]);
    expect(oneFat.statusCode).toBe(413);
    expect(oneFat.json().error).toMatch(/event 1 is over 32 kB/);
    expect((await t.get('/v1/users/u1/progress', t.keys.publishableKey)).json()).toMatchObject({ role: null, items: [] });
  });

  it('measures the events of a gzip body as inflated: one over 32 kB, sent in 300 bytes, is refused', async () => {
    t = await testCollector();
    const fat = track('u1', 'interaction_logged', 1, { pad: 'x'.repeat(100_000) });
    const payload = gzipSync(JSON.stringify({ writeKey: t.keys.publishableKey, batch: [track('u1', 'e', 1), fat] }));
    expect(payload.length).toBeLessThan(1000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/event 1 is over 32 kB/);
    expect((await t.get('/v1/users/u1/progress', t.keys.publishableKey)).json()).toMatchObject({ role: null, items: [] });
  });

  it('counts a kB as 1000 bytes, as the SPEC writes it: 500 000 bytes of body and 32 000 of event pass, one more does not', async () => {
    t = await testCollector();
    const key = t.keys.publishableKey;
    const post = (payload: string) =>
      t.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload });
    /** A body of exactly `bytes` bytes, of events well under 32 kB. */
    const body = (bytes: number) => {
      const events: Array<ReturnType<typeof track>> = [];
      const text = () => JSON.stringify({ writeKey: key, batch: events });
      while (text().length < bytes - 26_000) events.push(track('u1', 'e', 1, { pad: 'x'.repeat(25_000) }));
      const last = track('u1', 'e', 1, { pad: '' });
      events.push(last);
      last.properties.pad = 'x'.repeat(bytes - text().length);
      return text();
    };
    /** A one-event body whose event is exactly `bytes` bytes. */
    const event = (bytes: number) => {
      const ev = track('u1', 'e', 1, { pad: '' });
      ev.properties.pad = 'x'.repeat(bytes - JSON.stringify(ev).length);
      expect(JSON.stringify(ev)).toHaveLength(bytes);
      return JSON.stringify({ writeKey: key, batch: [ev] });
    };
    expect(body(500_000)).toHaveLength(500_000);
    expect((await post(body(500_000))).statusCode).toBe(200);
    expect((await post(body(500_001))).statusCode).toBe(413);
    expect((await post(event(32_000))).statusCode).toBe(200);
    expect((await post(event(32_001))).statusCode).toBe(413);
  });

  it("answers 429 with Retry-After over the project's rate", async () => {
    t = await testCollector({ rateLimit: 3 });
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await t.send([track('u1', 'e', i)]);
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json()).toEqual({ error: expect.stringMatching(/rate/) });
    // A page on another origin may read it: the SDK waits that long before it retries.
    const browser = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { origin: 'https://app.vendor.example', 'content-type': 'application/json' },
      payload: JSON.stringify({ writeKey: t.keys.publishableKey, batch: [track('u1', 'e', 9)] }),
    });
    expect(browser.statusCode).toBe(429);
    expect(
      String(browser.headers['access-control-expose-headers'])
        .toLowerCase()
        .split(/\s*,\s*/),
    ).toContain('retry-after');
    // Each key of the project has the project's rate: browsers cannot use up what its backend has.
    expect((await t.get('/v1/stats')).statusCode).toBe(200);
    // Keys that find no project share their address's rate, whatever they are.
    const guesses = [];
    for (let i = 0; i < 4; i++) guesses.push((await t.get('/v1/stats', `sk_guess${i}`)).statusCode);
    expect(guesses).toEqual([401, 401, 401, 429]);
    expect((await t.send([track('v1', 'e', 1)], t.other.publishableKey)).statusCode).toBe(200);
  });

  it('lets browsers call it across origins, accepts beacon-style text/plain JSON, and refuses alone an event holding a __proto__ key', async () => {
    t = await testCollector();
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/batch',
      headers: {
        origin: 'https://app.vendor.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    const beacon = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify({ writeKey: t.keys.publishableKey, batch: [track('u1', 'e', 1)] }),
    });
    expect(beacon.json().accepted).toBe(1);
    // Either type, the same guard: an event holding a key that would set a prototype, if
    // merged, is refused, and its valid neighbour stored.
    const poisoned = (n: number, where: string) =>
      `{"type":"track","messageId":"p${n}","timestamp":"2026-11-01T00:00:00Z","userId":"u1","event":"e","properties":${where}}`;
    for (const [n, type] of ['text/plain;charset=UTF-8', 'application/json'].entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { 'content-type': type },
        payload: `{"writeKey":"${t.keys.publishableKey}","batch":[${poisoned(n, '{"a":{"\\u005f_proto__":{"admin":true}}}')},${JSON.stringify(track('u1', 'e', 2 + n))},${poisoned(n + 10, '{"constructor":{"prototype":{}}}')}]}`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0 }, { index: 2 }] });
      expect(res.json().rejected[0].error).toMatch(/^this event holds a "__proto__" key/);
    }
    expect((await t.get('/v1/stats')).json().events).toBe(3);
    // Outside a batch's events, the whole body is refused.
    const top = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { 'content-type': 'application/json' },
      payload: `{"writeKey":"${t.keys.publishableKey}","__proto__":{},"batch":[]}`,
    });
    expect(top.statusCode).toBe(400);
    expect(top.json().error).toMatch(/^the body holds a "__proto__" key/);
    const list = await t.app.inject({
      method: 'PUT',
      url: '/v1/checklists',
      headers: { authorization: `Bearer ${t.keys.secretKey}`, 'content-type': 'application/json' },
      payload: '[{"__proto__":{}}]',
    });
    expect(list.json()).toEqual({ error: expect.stringMatching(/^the body holds a "__proto__" key/) });
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { 'content-type': 'application/json' },
      payload: '{"batch":[',
    });
    expect(malformed.json().error).toMatch(/^the body is not valid JSON: /);
    const empty = await t.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'text/plain' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe('the body is empty; send it as JSON');
  });

  it('finds such keys spelled without escapes too, and keeps a constructor key holding no prototype as data', async () => {
    t = await testCollector();
    const ev = (id: string, properties: string) =>
      `{"type":"track","messageId":"${id}","timestamp":"2026-11-01T00:00:00Z","userId":"u1","event":"e","properties":${properties}}`;
    const send = (events: string[]) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { 'content-type': 'application/json' },
        payload: `{"writeKey":"${t.keys.publishableKey}","batch":[${events.join(',')}]}`,
      });
    const res = await send([
      ev('c1', '{"constructor":{"prototype":{"admin":true}}}'),
      ev('c2', '{"constructor":"plain"}'),
      ev('c3', '{"x":{"__proto__":{"admin":true}}}'),
    ]);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0 }, { index: 2 }] });
    // A body that never spells "proto" takes the plain parse: the constructor key is only data.
    const plain = await send([ev('c4', '{"constructor":{"name":"x"}}')]);
    expect(plain.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
    expect((await t.get('/v1/stats')).json().events).toBe(2);
  });
});

describe('keys and tenants', () => {
  it('keeps account data behind the secret key', async () => {
    t = await testCollector();
    await t.send([identify('u1', 'end_user')]);
    for (const url of [
      '/v1/accounts/acme/activation',
      '/v1/accounts',
      '/v1/accounts?sort=health',
      '/v1/accounts/acme/users',
      '/v1/accounts/acme/timeline',
    ]) {
      const res = await t.get(url, t.keys.publishableKey);
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatch(/secret key/);
    }
    expect((await t.put('/v1/checklists', [], t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.get('/v1/checklists', t.keys.publishableKey)).json()).toHaveLength(3);
  });

  it("shows nothing of one project to another project's keys, not even existence", async () => {
    t = await testCollector();
    await t.send([identify('u1', 'end_user', 'acme')]);
    const mine = await t.get('/v1/accounts/acme/activation');
    expect(mine.statusCode).toBe(200);
    const theirs = await t.get('/v1/accounts/acme/activation', t.other.secretKey);
    const missing = await t.get('/v1/accounts/nope/activation', t.other.secretKey);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.replace('acme', 'X')).toBe(missing.json().error.replace('nope', 'X'));
    expect((await t.get('/v1/users/u1/progress', t.other.publishableKey)).json()).toEqual({
      userId: 'u1',
      role: null,
      accountId: null,
      checklistId: null,
      items: [],
      activated: false,
      activatedAt: null,
    });
    expect((await t.get('/v1/accounts/acme/users', t.other.secretKey)).statusCode).toBe(404);
    const timeline = await t.get('/v1/accounts/acme/timeline', t.other.secretKey);
    expect(timeline.statusCode).toBe(404);
    expect(timeline.json().error.replace('acme', 'X')).toBe(
      (await t.get('/v1/accounts/nope/timeline', t.other.secretKey)).json().error.replace('nope', 'X'),
    );
    expect((await t.get('/v1/accounts', t.other.secretKey)).json()).toEqual([]);
    expect((await t.get('/v1/accounts?sort=health&format=csv', t.other.secretKey)).body.trim().split('\r\n')).toHaveLength(1);
    expect((await t.get('/v1/checklists', t.other.publishableKey)).json()).toEqual([]);
  });

  it.skipIf(PG)('stores secret keys hashed (SQLite file bytes)', async () => {
    t = await testCollector();
    const { readFileSync } = await import('node:fs');
    await t.collector.close();
    const raw = readFileSync(t.file).toString('latin1') + readFileSync(`${t.file}-wal`, { flag: 'a+' }).toString('latin1');
    expect(raw.includes(t.keys.secretKey)).toBe(false);
    expect(raw.includes(t.keys.publishableKey)).toBe(true);
  });
});

describe('checklists', () => {
  it('refuses a bad definition with the path of the fault, keeping the old ones', async () => {
    t = await testCollector();
    const bad = [
      { id: 'a', role: 'admin', title: 'A', items: [{ id: 'x', title: 'X', completeOn: 'manual' }] },
      { id: 'b', role: 'end_user', title: 'B', items: [{ id: 'x', title: 'X', completeOn: 'manual' }] },
      { id: 'c', role: 'sponsor', title: 'C', items: [{ id: 'x', title: 'X', completeOn: { event: 'e', count: 0 } }] },
    ];
    const res = await t.put('/v1/checklists', bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain('[2].items[0].completeOn.count');
    expect(res.json().errors[0].path).toBe('[2].items[0].completeOn.count');
    expect((await t.get('/v1/checklists', t.keys.publishableKey)).json().map((c: { id: string }) => c.id)).toEqual([
      'admin-setup',
      'end-user-first-win',
      'sponsor-proof',
    ]);
  });
});

describe('service endpoints', () => {
  it('counts stored events, users, accounts and what SDK queues dropped', async () => {
    t = await testCollector();
    await t.send([identify('u1', 'end_user'), track('u1', 'a', 1), track('u1', 'a', 2), track('u1', 'b', 2)]);
    await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { writeKey: t.keys.publishableKey, dropped: 7, batch: [track('u1', 'a', 3)] },
    });
    expect((await t.get('/v1/stats')).json()).toEqual({ events: 5, users: 1, accounts: 1, droppedBySdk: 7 });
    expect((await t.get('/v1/stats?event=a')).json().events).toBe(3);
    expect((await t.get('/v1/stats', t.keys.publishableKey)).statusCode).toBe(401);
  });

  it('describes the whole API in /openapi.json and answers /healthz', async () => {
    t = await testCollector();
    const spec = (await t.app.inject('/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/dashboard/api/session',
      '/healthz',
      '/openapi.json',
      '/v1/accounts',
      '/v1/accounts/{accountId}/activation',
      '/v1/accounts/{accountId}/deliveries',
      '/v1/accounts/{accountId}/timeline',
      '/v1/accounts/{accountId}/users',
      '/v1/activation-target',
      '/v1/alias',
      '/v1/batch',
      '/v1/checklists',
      '/v1/group',
      '/v1/identify',
      '/v1/identity-verification',
      '/v1/me/account',
      '/v1/page',
      '/v1/screen',
      '/v1/stats',
      '/v1/track',
      '/v1/users/{userId}/progress',
      '/v1/webhooks',
      '/v1/webhooks/{id}',
      '/v1/webhooks/{id}/deliveries',
      '/v1/webhooks/{id}/test',
    ]);
    // Every route that needs a key tells its 401 and 429, and every body its 413.
    for (const [path, methods] of Object.entries(spec.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(methods as Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>)) {
        // No key there: the dashboard's session answers for itself (its own tests).
        if (path === '/healthz' || path === '/openapi.json' || path === '/dashboard/api/session') continue;
        const codes = Object.keys(op.responses);
        expect(codes, `${method} ${path}`).toEqual(expect.arrayContaining(op.requestBody ? ['400', '401', '413', '429'] : ['401', '429']));
        if (!op.requestBody) expect(codes, `${method} ${path}`).not.toContain('413');
      }
    }
    expect(
      spec.paths['/v1/accounts/{accountId}/activation'].get.responses['200'].content['application/json'].schema.properties
        .seatActivationRate,
    ).toBeDefined();
    expect((await t.app.inject('/healthz')).json()).toEqual({ ok: true });
    const nf = await t.app.inject('/v2/nothing');
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error).toMatch(/no such endpoint/);
  });
});
