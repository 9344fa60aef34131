import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Checklist } from '@firstwin/sdk/rules';
import { SignJWT } from 'jose';
import { onTestFinished } from 'vitest';
import type { LoginLimits } from './http/dashboard/login-limits.js';
import { createCollector, type Collector } from './index.js';
import type { AppOptions } from './http/app.js';

export const T0 = Date.parse('2026-10-01T00:00:00Z');
export const DAY = 86_400_000;
export const at = (days: number) => new Date(T0 + days * DAY).toISOString();

export const checklists: Checklist[] = [
  {
    id: 'admin-setup',
    role: 'admin',
    title: 'Set up',
    items: [
      { id: 'pipelines', title: 'Pipelines configured', completeOn: { event: 'pipeline_created' } },
      { id: 'reps', title: 'Reps assigned', completeOn: { event: 'rep_assigned', count: 2 } },
    ],
  },
  {
    id: 'end-user-first-win',
    role: 'end_user',
    title: 'Your first win',
    items: [
      { id: 'log', title: 'Log an interaction', completeOn: { event: 'interaction_logged' } },
      { id: 'move', title: 'Move a deal', completeOn: { event: 'deal_stage_changed', where: { direction: 'forward' } } },
      { id: 'watch', title: 'Watch the intro', completeOn: 'manual' },
      { id: 'team', title: 'Team pipeline', scope: 'account', completeOn: { event: 'pipeline_created' } },
    ],
    activation: ['log', 'move'],
  },
  {
    id: 'sponsor-proof',
    role: 'sponsor',
    title: 'See the proof',
    items: [{ id: 'review', title: 'Saw the Monday review', completeOn: { event: 'pipeline_review_viewed' } }],
  },
];

let seq = 0;
export const id = () => `m-${Date.now()}-${++seq}`;
export const identify = (userId: string, role: string, accountId = 'acme', days = 0) => ({
  type: 'identify',
  messageId: id(),
  timestamp: at(days),
  userId,
  traits: { role, accountId },
});
export const group = (userId: string, accountId: string, traits: Record<string, unknown>, days = 0) => ({
  type: 'group',
  messageId: id(),
  timestamp: at(days),
  userId,
  groupId: accountId,
  traits,
});
export const track = (userId: string, event: string, days: number, properties: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId: id(),
  timestamp: at(days),
  userId,
  event,
  properties,
});
/** The two events that activate an end-user of the test checklists. */
export const activate = (userId: string, day: number) => [
  track(userId, 'interaction_logged', day),
  track(userId, 'deal_stage_changed', day, { direction: 'forward' }),
];

/** Acme, signed on day 0 with 10 seats: an admin, three end-users (two activated, on days 3.5 and 9), a sponsor. */
export const acmeHistory = () => [
  group('a1', 'acme', { seats: 10, signedAt: at(0), name: 'Acme' }),
  identify('a1', 'admin'),
  identify('e1', 'end_user'),
  identify('e2', 'end_user'),
  identify('e3', 'end_user'),
  identify('s1', 'sponsor'),
  track('a1', 'pipeline_created', 1),
  track('a1', 'rep_assigned', 2),
  track('a1', 'rep_assigned', 4),
  ...activate('e1', 3.5),
  ...activate('e2', 9),
  track('e3', 'interaction_logged', 5),
  track('s1', 'pipeline_review_viewed', 12),
];

/** Set to a postgres:// URL to run the whole suite on PostgreSQL instead of SQLite. */
export const PG = process.env.FIRSTWIN_TEST_PG;

/** A fresh database: a SQLite file in `dir`, or a schema of its own on the test PostgreSQL. */
export const freshDb = (dir: string, name: string) =>
  PG
    ? `${PG}?schema=t_${name.replace(/\W/g, '_')}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    : join(dir, `${name}.db`);

/** A temp folder of its own, removed when the test (or `beforeEach`) that asked for it finishes, passed or failed. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A collector on a real database (SQLite file in a temp folder, or PostgreSQL), with a project
 * and its keys. Made in a test, it is closed and its folder removed when the test finishes,
 * passed or failed; made in `beforeAll`, the file's `afterAll` calls `cleanup`.
 */
export async function testCollector(
  opts: {
    now?: number | (() => number);
    rateLimit?: number;
    withChecklists?: boolean;
    loginLimits?: LoginLimits;
    app?: Partial<Omit<AppOptions, 'store'>>;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-collector-'));
  const file = freshDb(dir, 'test');
  let made: Collector | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      try {
        await made?.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    })());
  try {
    onTestFinished(cleanup);
  } catch {
    // Outside a test (in beforeAll): the file's afterAll cleans up.
  }
  try {
    const collector = (made = await createCollector({
      ...opts.app,
      db: file,
      now: typeof opts.now === 'function' ? opts.now : () => (opts.now as number | undefined) ?? T0 + 30 * DAY,
      rateLimit: opts.rateLimit,
      loginLimits: opts.loginLimits,
    }));
    const keys = await collector.store.createProject('test');
    const other = await collector.store.createProject('other');
    const app = collector.app;
    const send = (batch: unknown[], key = keys.publishableKey) =>
      app.inject({ method: 'POST', url: '/v1/batch', payload: { writeKey: key, sentAt: new Date().toISOString(), batch } });
    const get = (url: string, key = keys.secretKey) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    const put = (url: string, payload: unknown, key = keys.secretKey) =>
      app.inject({ method: 'PUT', url, payload: payload as object, headers: { authorization: `Bearer ${key}` } });
    if (opts.withChecklists !== false) {
      const res = await put('/v1/checklists', checklists);
      if (res.statusCode !== 200) throw new Error(res.body);
    }
    return { collector, app, keys, other, file, dir, send, get, put, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

export type Received = { headers: Record<string, string>; body: string; at: number };
/**
 * A webhook receiver on 127.0.0.1: every request is kept, and answered with the status
 * `answer` gives (or not at all: `hang`).
 */
export async function receiver(answer: (r: Received) => number | 'hang' = () => 204) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const r = { headers: req.headers as Record<string, string>, body, at: Date.now() };
      got.push(r);
      const code = answer(r);
      if (code !== 'hang') res.writeHead(code).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    got,
    url,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** Waits for `ok` to hold, checking every 10 ms. */
export async function until(ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !(await ok()); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
  }
}

/** The built CLI: tests that run it as a child process run only after a build. */
export const cli = resolve(process.cwd(), 'dist/cli.js');

/** `firstwin-collector serve` as a child process on an ephemeral port. */
export const serve = (db: string) =>
  new Promise<{ child: ChildProcess; base: string }>((ok, fail) => {
    const child = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0', '--rate-limit', '100000']);
    const timer = setTimeout(() => fail(new Error('collector did not start')), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        ok({ child, base: m[1]! });
      }
    });
  });

/** A signed identity token as a vendor's server makes one (jose, HS256): `claims` add to or replace the usual ones. */
export function signToken(secret: string, userId: string, claims: Record<string, unknown> = {}, { alg = 'HS256', lifetimeS = 3600 } = {}) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: userId, accountId: 'acme', role: 'end_user', iat, exp: iat + lifetimeS, ...claims })
    .setProtectedHeader({ alg })
    .sign(new TextEncoder().encode(secret));
}

/** A token minted for the time being: every event and read of one person carries it (`token`, `x-firstwin-token`). */
export const withToken = <E extends object>(ev: E, token: string) => ({ ...ev, token });
