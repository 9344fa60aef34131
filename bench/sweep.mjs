// The cost of the clock's sweep (webhooks: accounts whose status the clock alone changes)
// at SWEEP_ACCOUNTS accounts (default 10 000), each with one person and 40 seats signed 3
// days before: when no account is due (every sweep but a few), when every one is due but
// none changes (after the project's target changed), and when every one falls at_risk at
// once (day 8), writing an event for a webhook each. `node bench/sweep.mjs [postgres://…]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCollector } from '../packages/collector/dist/index.js';
import { median } from './lib.mjs';

const ACCOUNTS = Number(process.env.SWEEP_ACCOUNTS ?? 10_000);
const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T00:00:00Z');
const pg = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'firstwin-sweep-'));
const clock = { now: T0 + 3 * DAY };
const db = pg ? `${pg}${pg.includes('?') ? '&' : '?'}schema=sweep_${Date.now().toString(36)}` : join(dir, 'sweep.db');
// Nothing runs by itself: the sweeps measured are the ones called here.
const c = await createCollector({ db, now: () => clock.now, rateLimit: 1e9, webhooks: { pollMs: 1e9, sweepMs: 1e9 } });
try {
  const keys = await c.store.createProject('sweep');
  const call = (method, url, payload) => c.app.inject({ method, url, payload, headers: { authorization: `Bearer ${keys.secretKey}` } });
  await call('PUT', '/v1/checklists', [
    { id: 'w', role: 'end_user', title: 'Win', items: [{ id: 'x', title: 'X', completeOn: { event: 'x' } }] },
  ]);
  // A receiver nobody listens on: deliveries wait in the outbox, which is what is measured.
  await call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/', events: ['account.status_changed'] });
  const at = new Date(T0).toISOString();
  for (let i = 0; i < ACCOUNTS; i += 200) {
    const batch = [];
    for (let a = i; a < Math.min(ACCOUNTS, i + 200); a++) {
      batch.push({
        type: 'group',
        messageId: `g${a}`,
        timestamp: at,
        userId: `u${a}`,
        groupId: `a${a}`,
        traits: { seats: 40, signedAt: at },
      });
      batch.push({
        type: 'identify',
        messageId: `i${a}`,
        timestamp: at,
        userId: `u${a}`,
        traits: { role: 'end_user', accountId: `a${a}` },
      });
    }
    const res = await call('POST', '/v1/batch', { batch });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  await c.store.sweep();
  const timed = async () => {
    const started = performance.now();
    const r = await c.store.sweep();
    return { ms: performance.now() - started, ...r };
  };
  const idle = [];
  for (let i = 0; i < 50; i++) idle.push((await timed()).ms);
  await call('PUT', '/v1/activation-target', { rate: 0.7, days: 60 });
  const recheck = await timed();
  clock.now = T0 + 8 * DAY;
  const falling = await timed();
  console.table([
    { sweep: 'none due (median of 50)', accounts: 0, queued: 0, ms: Number(median(idle).toFixed(3)) },
    { sweep: 'all due, none changes (target set)', accounts: recheck.accounts, queued: recheck.queued, ms: Math.round(recheck.ms) },
    { sweep: 'all fall at_risk (day 8)', accounts: falling.accounts, queued: falling.queued, ms: Math.round(falling.ms) },
  ]);
} finally {
  await c.close();
  rmSync(dir, { recursive: true, force: true });
}
