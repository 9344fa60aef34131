import fc from 'fast-check';
import { Agent, request } from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, testCollector } from '../test-helpers.js';

/**
 * Property-based fuzzing of every route of a real server on 127.0.0.1: random methods,
 * paths, keys, headers, content types, encodings and bodies (random JSON, deep nesting,
 * text that is not JSON, configuration bodies with stray fields), events with every field
 * broken in turn, bodies cut short and bodies sent slowly. No answer is a 5xx, every
 * refusal is `{"error"}`, the server answers /healthz throughout, and what is stored is
 * exactly what the 2xx answers acknowledged. The cases are seeded: a failure names its case.
 */
type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
let base: URL;
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
const SEED = 20261206;
/** Shorter than the default, so the bodies that never arrive are answered quickly. */
const REQUEST_TIMEOUT_MS = 1500;

beforeAll(async () => {
  t = await testCollector({ rateLimit: 100_000_000, app: { projectRateLimit: 100_000_000, requestTimeoutMs: REQUEST_TIMEOUT_MS } });
  base = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
});
afterAll(async () => {
  agent.destroy();
  // Sockets a client left half-sent are not waited on.
  t?.app.server.closeAllConnections();
  await t?.cleanup();
}, 30_000);

type Case = { method: string; path: string; headers: Record<string, string>; body?: Buffer | undefined };
type Answer = { status: number; text: string; headers: Record<string, string | string[] | undefined> };

function send(c: Case, alone = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method: c.method, path: c.path, headers: c.headers, agent: alone ? false : agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(c.body);
  });
}

/** Runs `cases` 16 at a time; `check` sees each answer (a socket the server closed on an oversized body is an answer too). */
async function runAll(cases: Case[], check: (c: Case, a: Answer) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      let a: Answer;
      try {
        // A kept-alive socket the server closed after a refused body may fail the request
        // sent on it next: that request is sent again on a socket of its own.
        a = await send(c).catch(() => send(c, true));
      } catch (err) {
        // Only a body over the limit may have its socket closed under it.
        if (!((c.body?.length ?? 0) > 400_000 && /ECONNRESET|EPIPE/.test(String(err))))
          throw new Error(`${c.method} ${c.path}: ${String(err)}`);
        continue;
      }
      check(c, a);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const stats = async () =>
  JSON.parse((await send({ method: 'GET', path: '/v1/stats', headers: { authorization: `Bearer ${t.keys.secretKey}` } })).text);
const alive = async () => expect((await send({ method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);

/** Every answer: no 5xx; a refusal says why in `{"error"}` (a HEAD has no body, a preflight none to give). */
function wellAnswered(c: Case, a: Answer): void {
  const label = `${c.method} ${c.path} ${c.headers['content-type'] ?? ''} ${c.body?.subarray(0, 120).toString() ?? ''}`;
  expect(a.status, label).toBeLessThan(500);
  if (a.status >= 400 && c.method !== 'HEAD') expect(typeof JSON.parse(a.text).error, label).toBe('string');
}

const deepText = (depth: number, object: boolean) =>
  object ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : '['.repeat(depth) + ']'.repeat(depth);

describe('fuzzing every route of a real server', () => {
  it('answers random requests to every route with no 5xx, and stores only what it acknowledged', async () => {
    const spec = JSON.parse((await send({ method: 'GET', path: '/openapi.json', headers: {} })).text) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ path, method: m.toUpperCase() })));
    expect(routes.length).toBeGreaterThan(15);
    const keys = [t.keys.publishableKey, t.keys.secretKey, t.other.publishableKey, 'pk_guess', 'sk_guess', '', 'x'.repeat(300)];
    const segment = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('acme', 'u1', '%E0%A4%A', '..', '%00', 'x'.repeat(1200)));
    const body: fc.Arbitrary<Buffer | undefined> = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))),
      fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
      fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([d, o]) => Buffer.from(deepText(d, o))),
      fc
        .record(
          {
            mode: fc.constantFrom('off', 'report', 'strict', 1),
            rotate: fc.anything({ maxDepth: 1 }),
            rate: fc.double(),
            days: fc.integer(),
            enabled: fc.boolean(),
          },
          { requiredKeys: [] },
        )
        .map((v) => Buffer.from(JSON.stringify(v))),
      fc
        .array(
          fc.record(
            {
              id: fc.string(),
              role: fc.string(),
              title: fc.string(),
              items: fc.anything({ maxDepth: 2 }),
              activation: fc.anything({ maxDepth: 2 }),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        )
        .map((v) => Buffer.from(JSON.stringify(v))),
      fc
        .record(
          { writeKey: fc.constantFrom(...keys), batch: fc.anything({ maxDepth: 3 }), dropped: fc.anything({ maxDepth: 0 }) },
          { requiredKeys: [] },
        )
        .map((v) => Buffer.from(JSON.stringify(v))),
      fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)),
      fc.constant(Buffer.alloc(600_000, 'a')),
    );
    const request = fc
      .record({
        route: fc.constantFrom(...routes, { path: '/v1/nothing', method: 'GET' }, { path: '/dashboard/../../etc/passwd', method: 'GET' }),
        method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), { freq: 3 }),
        params: fc.array(segment, { minLength: 3, maxLength: 3 }),
        query: fc.option(
          fc.constantFrom('?within=60d', '?within=-1d', '?status=at_risk&format=csv', '?format=xml', '?a[b]=1', '?within=99999999d'),
        ),
        key: fc.constantFrom(...keys),
        scheme: fc.constantFrom('Bearer ', 'Basic ', 'bearer  ', 'Token '),
        type: fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'application/json; charset=utf-16',
          'nonsense',
          undefined,
        ),
        encoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'compress', 'gzip-broken'),
        token: fc.option(fc.string({ maxLength: 60 })),
        forwarded: fc.option(fc.ipV4()),
        body,
      })
      .map((r): Case => {
        let i = 0;
        const path = r.route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(r.params[i++]!)) + (r.query ?? '');
        const headers: Record<string, string> = {};
        if (r.key)
          headers.authorization = r.scheme.startsWith('Basic')
            ? `Basic ${Buffer.from(`${r.key}:`).toString('base64')}`
            : `${r.scheme}${r.key}`;
        if (r.type) headers['content-type'] = r.type;
        if (r.token !== null) headers['x-firstwin-token'] = r.token.replace(/[^\x20-\x7e]/g, '');
        if (r.forwarded !== null) headers['x-forwarded-for'] = r.forwarded;
        let payload = r.body;
        if (payload && r.encoding) {
          headers['content-encoding'] = r.encoding === 'gzip-broken' ? 'gzip' : r.encoding;
          if (r.encoding === 'gzip') payload = gzipSync(payload);
        }
        const method = r.method ?? r.route.method;
        // A HEAD's body has no meaning (RFC 9110): Node's client reads what follows it as a second answer.
        if (method === 'HEAD') payload = undefined;
        return { method, path, headers, body: payload };
      });
    const cases = fc.sample(request, { numRuns: 25_000, seed: SEED });
    const before = await stats();
    let acknowledged = 0;
    await runAll(cases, (c, a) => {
      wellAnswered(c, a);
      if (a.status === 200 && c.method === 'POST' && /^\/v1\/(batch|identify|track|group)$/.test(c.path.split('?')[0]!)) {
        const answer = JSON.parse(a.text) as { accepted: number };
        // Only the first project's keys are counted below.
        if (
          (c.headers.authorization ?? '').includes(t.keys.publishableKey) ||
          (c.headers.authorization ?? '').includes(t.keys.secretKey) ||
          c.body?.includes(t.keys.publishableKey)
        )
          acknowledged += answer.accepted;
        else if (
          !c.body?.includes(t.other.publishableKey) &&
          !(c.headers.authorization ?? '').includes(Buffer.from(`${t.other.publishableKey}:`).toString('base64'))
        )
          acknowledged += answer.accepted;
      }
    });
    await alive();
    expect((await stats()).events - before.events).toBe(acknowledged);
    console.log(`fuzz: ${cases.length} random requests over ${routes.length} routes`);
  }, 120_000);

  it('admits or refuses each of 75,000 events, never a 5xx, and stores exactly the events it acknowledged', async () => {
    await send({
      method: 'PUT',
      path: '/v1/identity-verification',
      headers: { authorization: `Bearer ${t.keys.secretKey}`, 'content-type': 'application/json' },
      body: Buffer.from('{"mode":"off"}'),
    });
    const ok = { type: 'track', messageId: 'm', timestamp: at(1), userId: 'u', event: 'e', properties: {} };
    const field = fc.constantFrom(
      'type',
      'messageId',
      'timestamp',
      'userId',
      'event',
      'properties',
      'traits',
      'groupId',
      'accountId',
      'token',
      'context',
    );
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '2026-02-30T00:00:00Z',
        '2026-10-01T00:00:00',
        '9999-12-31T23:59:59Z',
        '0001-01-01T00:00:00Z',
        '2026-10-01T00:00:00+25:00',
        'firstwin:evil',
        '\ud800',
        'a\u0000b',
        1e308,
      ),
    );
    const event = fc.oneof(
      { weight: 1, arbitrary: fc.constant(null).map(() => ({ ...ok })) },
      {
        weight: 9,
        arbitrary: fc
          .tuple(fc.constantFrom('track', 'identify', 'group', 'page', 'other'), field, value)
          .map(([type, f, v]) => ({ ...ok, type, groupId: 'g', traits: {}, [f]: v })),
      },
    );
    const events = fc.sample(event, { numRuns: 75_000, seed: SEED });
    const before = (await stats()).events;
    let accepted = 0;
    let n = 0;
    const cases: Case[] = [];
    for (let i = 0; i < events.length; i += 250) {
      const batch = events
        .slice(i, i + 250)
        .map((e) => ({ ...e, messageId: typeof e.messageId === 'string' && e.messageId === 'm' ? `fz-${n++}` : e.messageId }));
      cases.push({
        method: 'POST',
        path: '/v1/batch',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ writeKey: t.keys.publishableKey, batch })),
      });
    }
    await runAll(cases, (c, a) => {
      wellAnswered(c, a);
      if (a.status !== 200) return;
      const answer = JSON.parse(a.text) as { accepted: number; duplicates: number; ignored?: number; rejected: unknown[] };
      expect(answer.accepted + answer.duplicates + (answer.ignored ?? 0) + answer.rejected.length).toBe(250);
      accepted += answer.accepted;
    });
    await alive();
    expect(accepted).toBeGreaterThan(1000);
    expect((await stats()).events - before).toBe(accepted);
    console.log(`fuzz: ${events.length} events in ${cases.length} batches, ${accepted} accepted`);
  }, 120_000);

  it('answers bodies cut short with 408 and slow bodies that do arrive as usual, storing nothing of the cut ones', async () => {
    const before = (await stats()).events;
    const shapes = fc.sample(
      fc.record({
        sent: fc.integer({ min: 0, max: 60 }),
        extra: fc.integer({ min: 1, max: 1000 }),
        slow: fc.boolean(),
        route: fc.constantFrom('/v1/batch', '/v1/checklists', '/v1/track'),
      }),
      { numRuns: 100, seed: SEED },
    );
    let stored = 0;
    await Promise.all(
      shapes.map(
        (s, i) =>
          new Promise<void>((resolve, reject) => {
            const full = JSON.stringify(
              s.route === '/v1/checklists'
                ? []
                : s.route === '/v1/track'
                  ? { type: 'track', messageId: `slow-${i}`, timestamp: at(1), userId: 'u', event: 'e' }
                  : { batch: [{ type: 'track', messageId: `slow-${i}`, timestamp: at(1), userId: 'u', event: 'e' }] },
            );
            // Checklists of the other project, which has no events: a recompute of this one's would replay all the events above.
            const key = s.route === '/v1/checklists' ? t.other.secretKey : t.keys.publishableKey;
            const cut = !s.slow;
            const length = cut ? full.length + s.extra : full.length;
            const socket = net.connect(Number(base.port), '127.0.0.1');
            let text = '';
            socket.on('data', (d) => (text += d));
            socket.on('error', reject);
            socket.on('close', () => {
              try {
                const status = Number(text.split(' ')[1]);
                if (cut) expect(status, text).toBe(408);
                else expect(status, text).toBeLessThan(300);
                if (!cut && s.route !== '/v1/checklists') stored++;
                resolve();
              } catch (err) {
                reject(err);
              }
            });
            socket.write(
              `${s.route === '/v1/checklists' ? 'PUT' : 'POST'} ${s.route} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nAuthorization: Bearer ${key}\r\n\r\n`,
            );
            if (cut) return void socket.write(full.slice(0, Math.min(s.sent, full.length)));
            // Slowly, but within the time a request may take.
            const half = Math.floor(full.length / 2);
            socket.write(full.slice(0, half));
            setTimeout(() => socket.write(full.slice(half)), REQUEST_TIMEOUT_MS / 3);
          }),
      ),
    );
    await alive();
    expect((await stats()).events - before).toBe(stored);
    console.log(`fuzz: ${shapes.length} bodies cut short or sent slowly`);
  }, 30_000);
});
