import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { PG, cli, freshDb, group, identify, receiver, serve, until } from '../test-helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// On PostgreSQL a claimed delivery waits out its lease (a minute) before another collector
// sends it again: that is the point of the lease, and too long for this suite.
describe.runIf(existsSync(cli) && !PG)('a collector killed between commit and send', () => {
  it('sends the event after its restart, with the same webhook-id and a valid signature', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firstwin-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // The first attempt is received and never answered: sent, but not known to be delivered.
    let answering = false;
    const r = await receiver(() => (answering ? 204 : 'hang'));
    cleanups.push(r.close);
    const db = freshDb(dir, 'kill');
    const keys = JSON.parse(spawnSync(process.execPath, [cli, 'project', 'create', 'kill', '--db', db], { encoding: 'utf8' }).stdout);
    const call = (base: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const first = await serve(db);
    cleanups.push(() => first.child.kill('SIGKILL'));
    const made = (await (await call(first.base, '/v1/webhooks', { url: r.url, events: ['account.status_changed'] })).json()) as {
      id: string;
      secret: string;
    };
    const signed = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await call(first.base, '/v1/batch', { batch: [group('u1', 'acme', { seats: 10, signedAt: signed }), identify('u1', 'end_user')] });
    await until(() => r.got.length === 1);
    const died = new Promise((ok) => first.child.once('exit', ok));
    first.child.kill('SIGKILL');
    await died;

    answering = true;
    const second = await serve(db);
    cleanups.push(() => second.child.kill('SIGKILL'));
    await until(() => r.got.length === 2);
    expect(r.got[1]!.headers['webhook-id']).toBe(r.got[0]!.headers['webhook-id']);
    expect(new Webhook(made.secret).verify(r.got[1]!.body, r.got[1]!.headers)).toMatchObject({
      type: 'account.status_changed',
      data: { accountId: 'acme', from: 'no_data', to: 'on_track' },
    });
    await until(
      async () =>
        ((await (await call(second.base, `/v1/webhooks/${made.id}/deliveries`)).json()) as Array<{ status: string }>)[0]?.status ===
        'delivered',
    );
    await new Promise((ok) => setTimeout(ok, 300));
    expect(r.got).toHaveLength(2);
  });
});
