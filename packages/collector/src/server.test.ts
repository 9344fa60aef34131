import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from './index.js';
import { PG, checklists, cli, freshDb, identify, serve, track } from './test-helpers.js';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'firstwin-server-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post = (base: string, key: string, batch: unknown[]) =>
  fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ writeKey: key, batch }),
  });
const users = async (base: string, sk: string) => {
  const res = await fetch(`${base}/v1/accounts/acme/users`, { headers: { authorization: `Bearer ${sk}` } });
  return res.status === 404 ? [] : ((await res.json()) as unknown[]);
};

describe('a real collector on 127.0.0.1', () => {
  it('loses nothing acknowledged across a restart on the same file', async () => {
    const file = freshDb(dir, 'restart');
    let c = await createCollector({ db: file });
    const keys = await c.store.createProject('p');
    await c.store.putChecklists(keys.projectId, checklists);
    let base = await c.app.listen({ host: '127.0.0.1', port: 0 });
    const sent = Array.from({ length: 120 }, (_, i) => identify(`u${i}`, 'end_user'));
    for (let i = 0; i < sent.length; i += 30) expect((await post(base, keys.publishableKey, sent.slice(i, i + 30))).status).toBe(200);
    await c.close();
    c = await createCollector({ db: file });
    base = await c.app.listen({ host: '127.0.0.1', port: 0 });
    expect(await users(base, keys.secretKey)).toHaveLength(120);
    const again = (await (await post(base, keys.publishableKey, sent)).json()) as { accepted: number; duplicates: number };
    expect(again).toMatchObject({ accepted: 0, duplicates: 120 });
    await c.close();
  });

  it.runIf(existsSync(cli))('shuts down cleanly on SIGTERM: answers what is in flight, then closes the database', async () => {
    const db = freshDb(dir, 'sigterm');
    const keys = JSON.parse(spawnSync(process.execPath, [cli, 'project', 'create', 'term', '--db', db], { encoding: 'utf8' }).stdout);
    const { child, base } = await serve(db);
    // In flight for sure: its head and half its body are in when the signal comes, the rest after.
    const body = Buffer.from(
      JSON.stringify({ writeKey: keys.publishableKey, batch: Array.from({ length: 200 }, (_, i) => identify(`t${i}`, 'end_user')) }),
    );
    const req = request(`${base}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    });
    const answered = new Promise<{ status: number; text: string }>((ok, fail) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => ok({ status: res.statusCode!, text }));
      });
      req.on('error', fail);
    });
    req.write(body.subarray(0, body.length / 2));
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    req.end(body.subarray(body.length / 2));
    const [answer, code] = await Promise.all([answered, exited]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ accepted: 200 });
    expect(code).toBe(0);
    const again = await serve(db);
    try {
      expect(await users(again.base, keys.secretKey)).toHaveLength(200);
    } finally {
      again.child.kill('SIGTERM');
    }
  });

  it.runIf(existsSync(cli))('keeps every acknowledged batch through kill -9 mid-ingest, and counts re-sends once', async () => {
    const file = freshDb(dir, 'kill');
    const created = spawnSync(process.execPath, [cli, 'project', 'create', 'chaos', '--db', file], { encoding: 'utf8' });
    const keys = JSON.parse(created.stdout) as { publishableKey: string; secretKey: string };
    const start = () => serve(file);
    const batches = Array.from({ length: 60 }, (_, b) => Array.from({ length: 25 }, (_, i) => identify(`k${b}-${i}`, 'end_user')));
    let { child, base } = await start();
    const acked = new Set<number>();
    // Four senders in flight; the collector dies under them.
    let next = 0;
    const sender = async () => {
      while (next < batches.length) {
        const b = next++;
        try {
          const res = await post(base, keys.publishableKey, batches[b]!);
          if (res.status === 200) acked.add(b);
        } catch {
          return;
        }
        if (acked.size === 20) child.kill('SIGKILL');
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    expect(acked.size).toBeGreaterThanOrEqual(20);
    expect(acked.size).toBeLessThan(batches.length);
    await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
    ({ child, base } = await start());
    try {
      // Every acknowledged event survived the crash.
      const known = new Set((await users(base, keys.secretKey)).map((u) => (u as { userId: string }).userId));
      for (const b of acked) for (const ev of batches[b]!) expect(known.has(ev.userId)).toBe(true);
      // The SDK re-sends what it did not see acknowledged; everything counts exactly once.
      let accepted = 0;
      for (const [b, batch] of batches.entries()) {
        const answer = (await (await post(base, keys.publishableKey, batch)).json()) as { accepted: number; duplicates: number };
        if (acked.has(b)) expect(answer).toMatchObject({ accepted: 0, duplicates: 25 });
        accepted += answer.accepted;
      }
      expect(await users(base, keys.secretKey)).toHaveLength(60 * 25);
      expect(known.size + accepted).toBe(60 * 25);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it.runIf(PG && existsSync(cli))(
    'gives the same answers from three collectors on one PostgreSQL database, duplicates split across them',
    async () => {
      const db = freshDb(dir, 'multi');
      const keys = JSON.parse(spawnSync(process.execPath, [cli, 'project', 'create', 'multi', '--db', db], { encoding: 'utf8' }).stdout);
      const start = () => serve(db);
      const nodes = await Promise.all([start(), start(), start()]);
      try {
        const put = await fetch(`${nodes[0]!.base}/v1/checklists`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(checklists),
        });
        expect(put.status).toBe(200);
        // 40 end-users of one account; the even ones activate. Every batch goes to two
        // collectors at once, and every event appears in two batches.
        const events = Array.from({ length: 40 }, (_, u) => [
          identify(`m${u}`, 'end_user', 'multi'),
          track(`m${u}`, 'interaction_logged', 1 + u / 10),
          ...(u % 2 ? [] : [track(`m${u}`, 'deal_stage_changed', 2 + u / 10, { direction: 'forward' })]),
        ]).flat();
        const batches: unknown[][] = [];
        for (let i = 0; i < events.length; i += 10) batches.push(events.slice(i, i + 10), events.slice(Math.max(0, i - 5), i + 5));
        const answers = await Promise.all(
          batches.flatMap((batch, b) => [
            post(nodes[b % 3]!.base, keys.publishableKey, batch),
            post(nodes[(b + 1) % 3]!.base, keys.publishableKey, batch),
          ]),
        );
        const totals = await Promise.all(answers.map((a) => a.json() as Promise<{ accepted: number; duplicates: number }>));
        expect(totals.reduce((n, t) => n + t.accepted, 0)).toBe(events.length);
        for (const node of nodes) {
          const res = await fetch(`${node.base}/v1/accounts/multi/activation`, { headers: { authorization: `Bearer ${keys.secretKey}` } });
          expect(await res.json()).toMatchObject({
            seatsKnown: false,
            seats: 40,
            activatedSeats: 20,
            seatActivationRate: 0.5,
            byRole: { end_user: { users: 40, activated: 20 } },
          });
          const stats = await (await fetch(`${node.base}/v1/stats`, { headers: { authorization: `Bearer ${keys.secretKey}` } })).json();
          expect(stats).toMatchObject({ events: events.length, users: 40, accounts: 1 });
        }
      } finally {
        nodes.forEach((n) => n.child.kill('SIGTERM'));
      }
    },
  );
});
