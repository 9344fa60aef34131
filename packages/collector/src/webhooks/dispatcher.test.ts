import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { newSecret } from '../domain/webhooks/signing.js';
import type { Attempt, Due, Outbox } from '../domain/webhooks/outbox.js';
import { receiver, until } from '../test-helpers.js';
import { startDispatcher } from './dispatcher.js';

/** An outbox in memory: what a store keeps, without the store. */
function memoryOutbox(rows: Due[]) {
  const next = new Map(rows.map((r) => [r.id, 0]));
  const log: Attempt[] = [];
  const outbox: Outbox = {
    async claim(now, limit) {
      return rows.filter((r) => next.has(r.id) && next.get(r.id)! <= now).slice(0, limit);
    },
    async settle(attempts) {
      for (const a of attempts) {
        log.push(a);
        const row = rows.find((r) => r.id === a.id)!;
        row.attempts = a.attempt;
        if (a.verdict === 'retry') next.set(a.id, a.retryAt!);
        else next.delete(a.id);
      }
    },
  };
  return { outbox, log, pending: () => next.size };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const due = (id: string, url: string, secret: string): Due => ({
  id,
  webhookId: 'wh_1',
  url,
  secret,
  eventId: `msg_${id}`,
  type: 'user.activated',
  accountId: 'acme',
  body: JSON.stringify({ id }),
  attempts: 0,
  createdAt: Date.now(),
});
const fast = { firstMs: 20, maxMs: 80, forMs: 60_000 };

describe('startDispatcher', () => {
  it('delivers signed events; a receiver down for a while gets every one later, each retry with the same webhook-id', async () => {
    let up = false;
    const r = await receiver(() => (up ? 204 : 503));
    cleanups.push(r.close);
    const secret = newSecret();
    const m = memoryOutbox(['a', 'b', 'c'].map((id) => due(id, r.url, secret)));
    const d = startDispatcher({ outbox: m.outbox, pollMs: 10, retry: fast });
    cleanups.push(d.stop);
    await until(() => r.got.length >= 9);
    up = true;
    await until(() => m.pending() === 0);
    const ids = new Set(r.got.map((x) => x.headers['webhook-id']));
    expect(ids).toEqual(new Set(['msg_a', 'msg_b', 'msg_c']));
    for (const x of r.got) expect(new Webhook(secret).verify(x.body, x.headers)).toEqual(JSON.parse(x.body));
    expect(m.log.filter((a) => a.verdict === 'delivered')).toHaveLength(3);
    expect(m.log.every((a) => a.accountId === 'acme')).toBe(true);
    expect(m.log.filter((a) => a.verdict === 'retry').every((a) => a.code === 503 && a.error === 'answered 503')).toBe(true);
    const attemptsOfA = m.log.filter((a) => a.id === 'a').map((a) => a.attempt);
    expect(attemptsOfA).toEqual(attemptsOfA.map((_, i) => i + 1));
  });

  it('gives up after the retry period, and a 410 ends at once as disabled', async () => {
    const r = await receiver((x) => (x.body.includes('gone') ? 410 : 500));
    cleanups.push(r.close);
    const failingDue = due('failing', r.url, newSecret());
    const m = memoryOutbox([due('gone', r.url, newSecret()), failingDue]);
    const d = startDispatcher({ outbox: m.outbox, pollMs: 10, retry: { ...fast, forMs: 150 } });
    cleanups.push(d.stop);
    await until(() => m.pending() === 0);
    expect(m.log.filter((a) => a.id === 'gone').map((a) => a.verdict)).toEqual(['disabled']);
    const failing = m.log.filter((a) => a.id === 'failing');
    expect(failing.at(-1)!.verdict).toBe('gave_up');
    expect(failing.at(-1)!.at - failingDue.createdAt).toBeGreaterThanOrEqual(150);
    expect(failing.at(-2)!.at - failingDue.createdAt).toBeLessThan(150);
  });

  it('counts a receiver that never answers, or is not there, as failed, with the reason', async () => {
    const r = await receiver(() => 'hang');
    cleanups.push(r.close);
    const closed = await receiver(() => 200);
    await closed.close();
    const m = memoryOutbox([due('slow', r.url, newSecret()), due('closed', closed.url, newSecret())]);
    const d = startDispatcher({ outbox: m.outbox, pollMs: 10, timeoutMs: 200, retry: { ...fast, forMs: 0 } });
    cleanups.push(d.stop);
    await until(() => m.pending() === 0);
    expect(m.log.find((a) => a.id === 'slow')).toMatchObject({ code: null, error: 'no answer within 0.2 s', verdict: 'gave_up' });
    expect(m.log.find((a) => a.id === 'closed')).toMatchObject({ code: null, error: 'ECONNREFUSED', verdict: 'gave_up' });
  });

  it('stops without settling what it was sending: the outbox keeps it for the next start', async () => {
    const r = await receiver(() => 'hang');
    cleanups.push(r.close);
    const m = memoryOutbox([due('a', r.url, newSecret())]);
    const d = startDispatcher({ outbox: m.outbox, pollMs: 10 });
    await until(() => r.got.length === 1);
    await d.stop();
    expect(m.log).toEqual([]);
    expect(m.pending()).toBe(1);
  });
});
