import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoff, retryAfter } from './backoff.js';
import { createDelivery, type DeliveryOptions } from './delivery.js';
import { watchPage } from './page-hide.js';
import { idbQueueStore, memoryQueueStore, type QueueStore } from './queue-store.js';
import type { Channel, TabNote } from './tab-lock.js';
import type { DeliveryError, Message } from './types.js';
import { uuidv7 } from './uuid.js';

let n = 0;
const msg = (extra: Partial<Message> = {}): Message => ({
  type: 'track',
  messageId: uuidv7(),
  timestamp: new Date().toISOString(),
  userId: 'u1',
  event: `e${++n}`,
  ...extra,
});

interface Call {
  batch: Message[];
  dropped?: number;
  keepalive?: boolean;
}

/** A fake collector: answers each request with `answer(batch)`, recording what it received. */
function collector(answer: (batch: Message[], call: number) => Response | Promise<Response> = () => ok()) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init!.body)) as { batch: Message[]; dropped?: number; writeKey: string };
    expect(body.writeKey).toBe('pk_test');
    calls.push({ batch: body.batch, dropped: body.dropped, keepalive: init!.keepalive });
    return answer(body.batch, calls.length);
  });
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch, ids: () => calls.flatMap((c) => c.batch.map((m) => m.messageId)) };
}
const ok = (rejected: Array<{ index: number; error: string }> = []) =>
  new Response(JSON.stringify({ accepted: 1, duplicates: 0, rejected }), { status: 200 });
const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: `status ${code}` }), { status: code, headers });

const noLock: DeliveryOptions['lock'] = (_n, fn) => fn();
/** BroadcastChannels of one origin: each call is another tab's, hearing what the others post. */
const tabsChannel = () => {
  const hub = new Set<Channel>();
  return (): Channel => {
    const me: Channel = {
      // Later and cloned, as a BroadcastChannel delivers: no tab hears a note in the task that
      // posted it, nor shares another's objects.
      postMessage: (note: TabNote) =>
        hub.forEach((c) => c !== me && queueMicrotask(() => c.onmessage?.(new MessageEvent('message', { data: structuredClone(note) })))),
      onmessage: null,
      close: () => hub.delete(me),
    };
    hub.add(me);
    return me;
  };
};

/** Web Locks of one origin: a tab's send cycle waits for the other's. */
const tabsLock = (): DeliveryOptions['lock'] => {
  let held: Promise<unknown> = Promise.resolve();
  return (_n, fn) => (held = held.then(fn, fn)) as Promise<void>;
};

const queued = async (store: QueueStore) => (await store.read())[0];
const dropped = async (store: QueueStore) => (await store.read())[1];

function start(fake: ReturnType<typeof collector>, extra: Partial<DeliveryOptions> = {}) {
  const errors: DeliveryError[] = [];
  const store = extra.store ?? memoryQueueStore();
  /** This delivery's page hooks, so a test can hide one tab of several; the page's own events still reach them. */
  const page = { hide() {}, resume() {} };
  const d = createDelivery({
    endpoint: 'http://127.0.0.1:9',
    key: 'pk_test',
    store,
    fetch: fake.fetch,
    random: () => 0.5,
    lock: noLock,
    channel: { postMessage() {}, onmessage: null, close() {} },
    onError: (e) => errors.push(e),
    watchPage: (hide, resume) => (Object.assign(page, { hide, resume }), watchPage(hide, resume)),
    ...extra,
  });
  return { d, errors, store, page };
}

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] }));
afterEach(() => void vi.useRealTimers());

describe('delivery', () => {
  it('sends on a short timer, in batches by count, and empties the queue once acknowledged', async () => {
    const fake = collector();
    const { d, store } = start(fake);
    await vi.advanceTimersByTimeAsync(0); // the start-up send of what earlier pages left
    const sent = Array.from({ length: 120 }, () => msg());
    for (const m of sent) await d.enqueue(m);
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(fake.calls.map((c) => c.batch.length)).toEqual([50, 50, 20]));
    expect(fake.ids()).toEqual(sent.map((m) => m.messageId));
    expect(await queued(store)).toEqual([]);
  });

  it('keeps batches under the byte limit', async () => {
    const fake = collector();
    const { d } = start(fake, { batchBytes: 3000 });
    for (let i = 0; i < 7; i++) await d.enqueue(msg({ properties: { pad: 'x'.repeat(800) } }));
    await d.flush();
    expect(fake.calls.map((c) => c.batch.length)).toEqual([3, 3, 1]);
  });

  it('flush() resolves only after the collector acknowledged', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = collector(async () => (await gate, ok()));
    const { d } = start(fake);
    await d.enqueue(msg());
    let done = false;
    const flushed = d.flush().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.calls).toHaveLength(1);
    expect(done).toBe(false);
    release();
    await flushed;
    expect(done).toBe(true);
  });

  it('backs off exponentially with jitter on server errors and network failures', async () => {
    const at: number[] = [];
    const fake = collector((_b, call) => {
      at.push(Date.now());
      if (call === 2) throw new TypeError('Failed to fetch');
      return call < 5 ? status(500) : ok();
    });
    const { d, errors } = start(fake, { random: () => 0.999 });
    await d.enqueue(msg());
    const flushed = d.flush();
    await vi.advanceTimersByTimeAsync(20_000);
    await flushed;
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps).toEqual([999, 1998, 3996, 7992]);
    expect(errors.filter((e) => e.kind === 'network')).toHaveLength(1);
    expect(backoff(30, () => 1)).toBe(60_000);
  });

  it('honours Retry-After on 429 and 503, in seconds or as a date', async () => {
    const at: number[] = [];
    const fake = collector((_b, call) => {
      at.push(Date.now());
      if (call === 1) return status(429, { 'retry-after': '7' });
      if (call === 2) return status(503, { 'retry-after': new Date(Date.now() + 12_000).toUTCString() });
      return ok();
    });
    const { d } = start(fake);
    await d.enqueue(msg());
    const flushed = d.flush();
    await vi.advanceTimersByTimeAsync(30_000);
    await flushed;
    expect(at[1]! - at[0]!).toBe(7000);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(11_000);
    expect(at[2]! - at[1]!).toBeLessThanOrEqual(12_000);
    expect(retryAfter('nonsense', 0)).toBeUndefined();
  });

  it('splits a batch the collector finds too large', async () => {
    const fake = collector((batch) => (batch.length > 2 ? status(413) : ok()));
    const { d, store } = start(fake);
    const sent = Array.from({ length: 7 }, () => msg());
    for (const m of sent) await d.enqueue(m);
    await d.flush();
    const delivered = fake.calls.filter((c) => c.batch.length <= 2).flatMap((c) => c.batch.map((m) => m.messageId));
    expect(delivered).toEqual(sent.map((m) => m.messageId));
    expect(await queued(store)).toEqual([]);
  });

  it('drops a single malformed event alone and reports why', async () => {
    const bad = msg({ event: 'bad' });
    const fake = collector((batch) => (batch.some((m) => m.event === 'bad') ? status(400) : ok()));
    const { d, errors, store } = start(fake);
    const good = [msg(), msg(), bad, msg(), msg()];
    for (const m of good) await d.enqueue(m);
    await d.flush();
    const delivered = fake.calls.filter((c) => !c.batch.some((m) => m.event === 'bad')).flatMap((c) => c.batch);
    expect(delivered.map((m) => m.messageId).sort()).toEqual(
      good
        .filter((m) => m !== bad)
        .map((m) => m.messageId)
        .sort(),
    );
    expect(errors).toEqual([expect.objectContaining({ kind: 'rejected', messageId: bad.messageId })]);
    expect(await queued(store)).toEqual([]);
  });

  it('reports events the collector rejected inside a 200 and removes them', async () => {
    const fake = collector(() => ok([{ index: 1, error: 'event name is reserved' }]));
    const { d, errors, store } = start(fake);
    const sent = [msg(), msg({ event: 'firstwin:nope' })];
    for (const m of sent) await d.enqueue(m);
    await d.flush();
    expect(errors).toEqual([expect.objectContaining({ kind: 'rejected', messageId: sent[1]!.messageId })]);
    expect(await queued(store)).toEqual([]);
  });

  it('writes the drop count only when a batch reported drops, not with every acknowledgement', async () => {
    const store = memoryQueueStore();
    const counts: Array<number | undefined> = [];
    const remove = store.remove;
    store.remove = (ids, dropped) => (counts.push(dropped), remove(ids, dropped));
    await store.remove([], 2); // an earlier page's drops, not yet reported
    const fake = collector();
    const { d } = start(fake, { store, batchSize: 1 });
    for (const m of [msg(), msg()]) await d.enqueue(m);
    await d.flush();
    expect(fake.calls.map((c) => c.dropped)).toEqual([2, undefined]);
    expect(counts).toEqual([2, 0, undefined]);
    expect(await dropped(store)).toBe(0);
  });

  it('stops sending on 401 and keeps the queue', async () => {
    const fake = collector(() => status(401));
    const { d, errors, store } = start(fake);
    await d.enqueue(msg());
    await d.enqueue(msg());
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake.calls).toHaveLength(1);
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized']);
    expect(await queued(store)).toHaveLength(2);
  });

  it('bounds the queue, drops the oldest, and reports the count with the next batch', async () => {
    let online = false;
    const fake = collector(() => (online ? ok() : Promise.reject(new TypeError('offline'))));
    const { d, errors, store } = start(fake, { maxCount: 5 });
    const sent = Array.from({ length: 8 }, () => msg());
    for (const m of sent) await d.enqueue(m);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await queued(store)).map((m) => m.messageId)).toEqual(sent.slice(3).map((m) => m.messageId));
    expect(await dropped(store)).toBe(3);
    expect(errors.some((e) => e.kind === 'dropped')).toBe(true);
    online = true;
    await vi.advanceTimersByTimeAsync(60_000);
    await d.flush();
    const last = fake.calls.at(-1)!;
    expect(last.dropped).toBe(3);
    expect(last.batch.map((m) => m.messageId)).toEqual(sent.slice(3).map((m) => m.messageId));
    expect(await dropped(store)).toBe(0);
  });

  it('survives a reload: a new delivery on the same IndexedDB sends what the last one left', async () => {
    vi.useRealTimers();
    const name = `firstwin-test-${Math.random()}`;
    const down = collector(() => status(503, { 'retry-after': '3600' }));
    const first = start(down, { store: idbQueueStore(name) });
    const sent = [msg(), msg(), msg()];
    for (const m of sent) await first.d.enqueue(m);
    first.d.stop();
    const up = collector();
    const second = start(up, { store: idbQueueStore(name), flushIntervalMs: 10 });
    await vi.waitFor(() => expect(up.ids()).toEqual(sent.map((m) => m.messageId)));
    await vi.waitFor(async () => expect(await queued(idbQueueStore(name))).toEqual([]));
    second.d.stop();
  });

  it('flush() on a new page waits for what earlier pages left queued, not only its own events', async () => {
    const store = memoryQueueStore();
    const left = [msg(), msg()];
    await store.add(left); // an earlier page, closed while offline
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = collector(async () => (await gate, ok()));
    const { d } = start(fake, { store });
    let done = false;
    const flushed = d.flush().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.ids()).toEqual(left.map((m) => m.messageId));
    expect(done).toBe(false);
    release();
    await flushed;
    expect(await queued(store)).toEqual([]);
    d.stop();
  });

  it('retries even when the sender lock is released after the retry timer fired', async () => {
    vi.useRealTimers();
    const slowLock: DeliveryOptions['lock'] = async (_n, fn) => {
      await fn();
      await new Promise((r) => setTimeout(r, 30)); // Web Locks release through the browser process
    };
    const fake = collector((_b, call) => (call === 1 ? status(503, { 'retry-after': '0' }) : ok()));
    const { d } = start(fake, { lock: slowLock, flushIntervalMs: 1 });
    await d.enqueue(msg());
    await d.flush();
    expect(fake.calls).toHaveLength(2);
    d.stop();
  });

  it('two tabs on one queue never send the same message twice', async () => {
    vi.useRealTimers();
    let held: Promise<void> = Promise.resolve();
    const mutex: DeliveryOptions['lock'] = (_n, fn) => (held = held.then(fn, fn));
    const store: QueueStore = memoryQueueStore();
    const fake = collector(async () => (await new Promise((r) => setTimeout(r, 5)), ok()));
    const a = start(fake, { store, lock: mutex, flushIntervalMs: 1 });
    const b = start(fake, { store, lock: mutex, flushIntervalMs: 1 });
    const sent: Message[] = [];
    for (let i = 0; i < 40; i++) {
      const m = msg();
      sent.push(m);
      await (i % 2 ? a : b).d.enqueue(m);
    }
    await Promise.all([a.d.flush(), b.d.flush()]);
    expect(fake.ids().sort()).toEqual(sent.map((m) => m.messageId).sort());
    a.d.stop();
    b.d.stop();
  });

  it('sends what fits the keepalive budget on page hide and keeps it queued', async () => {
    const fake = collector();
    const { d, store } = start(fake);
    const sent = Array.from({ length: 100 }, () => msg({ properties: { pad: 'x'.repeat(1000) } }));
    for (const m of sent) await d.enqueue(m);
    window.dispatchEvent(new Event('pagehide'));
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.keepalive).toBe(true);
    const bytes = JSON.stringify({ writeKey: 'pk_test', sentAt: new Date().toISOString(), batch: fake.calls[0]!.batch }).length;
    expect(bytes).toBeLessThanOrEqual(60_000);
    expect(fake.calls[0]!.batch.length).toBeGreaterThan(40);
    expect(await queued(store)).toHaveLength(100);
    d.stop();
  });

  it('names its lock, channel and database by a hash of the key, never the key itself', async () => {
    const names: string[] = [];
    const fake = collector();
    const { d } = start(fake, { lock: (name, fn) => (names.push(name), fn()) });
    await d.enqueue(msg());
    await d.flush();
    expect(names[0]).toMatch(/^firstwin-sender-[0-9a-z]+$/);
    expect(names[0]).not.toContain('pk_test');
    d.stop();
  });

  it('sends the writeKey and sentAt in the body, nothing in headers but the content type', async () => {
    const inits: RequestInit[] = [];
    const fetch: typeof globalThis.fetch = async (_u, init) => (inits.push(init!), ok());
    const { d } = start(collector(), { fetch, now: () => Date.parse('2026-11-22T10:00:00Z') });
    const m = msg();
    await d.enqueue(m);
    await d.flush();
    expect(JSON.parse(String(inits[0]!.body))).toEqual({ writeKey: 'pk_test', sentAt: '2026-11-22T10:00:00.000Z', batch: [m] });
    expect(inits[0]!.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('keeps everything queued when a captive portal answers 200, and sends it once the collector answers', async () => {
    const fake = collector((_b, call) => (call === 1 ? new Response('<html>Wi-Fi sign in</html>', { status: 200 }) : ok()));
    const { d, store } = start(fake);
    await d.enqueue(msg());
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls).toHaveLength(1);
    expect(await queued(store)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499); // backoff with random 0.5: 500 ms
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls).toHaveLength(2);
    expect(await queued(store)).toEqual([]);
  });

  it('reports a failing network once per outage, not on every retry', async () => {
    const fake = collector((_b, call) => (call < 4 ? Promise.reject(new TypeError('Failed to fetch')) : ok()));
    const { d, errors } = start(fake);
    await d.enqueue(msg());
    const flushed = d.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    await flushed;
    expect(fake.calls).toHaveLength(4);
    expect(errors).toEqual([{ kind: 'network', message: 'TypeError: Failed to fetch; will retry' }]);
  });

  it('drops a single event the collector finds too large, alone', async () => {
    const small = [msg()];
    const big = msg({ properties: { pad: 'x'.repeat(40_000) } }); // ids are minted in order: the queue is s0, big, s1
    small.push(msg());
    const fake = collector((batch) => (batch.some((m) => m.messageId === big.messageId) ? status(413) : ok()));
    const { d, errors, store } = start(fake);
    await d.enqueue(small[0]!);
    await d.enqueue(big);
    await d.enqueue(small[1]!);
    await d.flush();
    expect(fake.calls.map((c) => c.batch.length)).toEqual([3, 2, 1, 1, 1]);
    expect(errors).toEqual([
      { kind: 'rejected', message: `track e${big.event!.slice(1)}: HTTP 413: status 413`, messageId: big.messageId },
    ]);
    expect(fake.calls.filter((c) => c.batch.length === 1).map((c) => c.batch[0]!.messageId)).toEqual([
      small[0]!.messageId,
      big.messageId,
      small[1]!.messageId,
    ]);
    expect(await queued(store)).toEqual([]);
  });

  it('after a 401: flush() settles, nothing more is sent, and the queue still keeps its bounds', async () => {
    const fake = collector(() => status(401));
    const { d, errors, store } = start(fake, { maxCount: 3 });
    await d.enqueue(msg());
    await d.flush();
    expect(fake.calls).toHaveLength(1);
    const later = Array.from({ length: 5 }, () => msg());
    for (const m of later) await d.enqueue(m);
    await d.flush();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.calls).toHaveLength(1);
    expect((await queued(store)).map((m) => m.messageId)).toEqual(later.slice(2).map((m) => m.messageId));
    expect(await dropped(store)).toBe(3);
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'dropped']);
  });

  it('counts drops in the store, so a reload reports them with its first batch', async () => {
    vi.useRealTimers();
    const name = `firstwin-test-${Math.random()}`;
    const down = collector(() => Promise.reject(new TypeError('offline')));
    const first = start(down, { store: idbQueueStore(name), maxCount: 2, flushIntervalMs: 1 });
    const sent = Array.from({ length: 4 }, () => msg());
    for (const m of sent) await first.d.enqueue(m);
    await vi.waitFor(async () => expect(await dropped(idbQueueStore(name))).toBe(2));
    first.d.stop();
    const up = collector();
    const second = start(up, { store: idbQueueStore(name) });
    await vi.waitFor(() => expect(up.calls).toHaveLength(1));
    expect(up.calls[0]!.dropped).toBe(2);
    expect(up.ids()).toEqual(sent.slice(2).map((m) => m.messageId));
    await vi.waitFor(async () => expect(await dropped(idbQueueStore(name))).toBe(0));
    second.d.stop();
  });

  it('goes back to sending right away when the browser is online again, but not before a Retry-After', async () => {
    let answer: () => Response | Promise<Response> = () => Promise.reject(new TypeError('offline'));
    const fake = collector(() => answer());
    const { d } = start(fake, { random: () => 0.999 });
    await d.enqueue(msg());
    await vi.advanceTimersByTimeAsync(1000 + 999 + 1998); // three failures; the next try is 3996 ms away
    expect(fake.calls).toHaveLength(3);
    answer = () => status(429, { 'retry-after': '60' });
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls).toHaveLength(4);
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(fake.calls).toHaveLength(4);
    answer = () => ok();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.calls).toHaveLength(5);
    d.stop();
  });

  it('leaves page-hide events out of regular sends for a while, then sends them if the page lived on', async () => {
    const fake = collector();
    const { d, store } = start(fake, { flushIntervalMs: 60_000 });
    const m = msg();
    await d.enqueue(m);
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('pagehide')); // pagehide and visibilitychange often both fire
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.keepalive).toBe(true);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(fake.calls).toHaveLength(1);
    expect((await queued(store)).map((x) => x.messageId)).toEqual([m.messageId]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]!.batch.map((x) => x.messageId)).toEqual([m.messageId]);
    expect(fake.calls[1]!.keepalive).toBeUndefined();
    expect(await queued(store)).toEqual([]);
    d.stop();
  });

  it('sends page-hide events regularly at once when the page becomes visible again', async () => {
    const fake = collector();
    const { d, store } = start(fake, { flushIntervalMs: 60_000 });
    await d.enqueue(msg());
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls.map((c) => c.keepalive)).toEqual([true, undefined]);
    expect(await queued(store)).toEqual([]);
    d.stop();
  });

  it('keeps the event in memory and still sends it when IndexedDB refuses to store it', async () => {
    const fake = collector();
    const broken: QueueStore = { ...memoryQueueStore(), add: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')) };
    const { d } = start(fake, { store: broken });
    const m = msg();
    await expect(d.enqueue(m)).rejects.toThrow('quota');
    await d.flush();
    expect(fake.ids()).toEqual([m.messageId]);
  });

  it('writes the events queued in one turn in one IndexedDB transaction, and each caller learns of a failure', async () => {
    const fake = collector();
    const adds: Message[][] = [];
    const counting: QueueStore = { ...memoryQueueStore(), add: async (list) => void adds.push(list) };
    const { d } = start(fake, { store: counting });
    const first = [msg(), msg(), msg()];
    await Promise.all(first.map((m) => d.enqueue(m)));
    const later = msg();
    await d.enqueue(later);
    expect(adds.map((list) => list.map((m) => m.messageId))).toEqual([first.map((m) => m.messageId), [later.messageId]]);

    const { d: other } = start(fake, {
      store: { ...counting, add: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')) },
    });
    const refused = [msg(), msg()];
    const results = await Promise.allSettled(refused.map((m) => other.enqueue(m)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await other.flush();
    expect(fake.ids()).toEqual(expect.arrayContaining(refused.map((m) => m.messageId)));
    d.stop();
    other.stop();
  });

  it('stop() removes listeners and timers, and settles a pending flush()', async () => {
    const fake = collector(() => Promise.reject(new TypeError('offline')));
    const { d } = start(fake);
    await d.enqueue(msg());
    const flushed = d.flush();
    await vi.advanceTimersByTimeAsync(0);
    const before = fake.calls.length;
    d.stop();
    await flushed;
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake.calls).toHaveLength(before);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush() in one tab resolves when another tab sent its events and said so on the channel', async () => {
    const channel = tabsChannel();
    const store = memoryQueueStore();
    const fake = collector();
    const never: DeliveryOptions['lock'] = () => new Promise(() => {}); // the other tab holds the lock
    const a = start(fake, { store, lock: never, channel: channel() });
    const m = msg();
    await a.d.enqueue(m);
    let done = false;
    const flushed = a.d.flush().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    const b = start(fake, { store, channel: channel() }); // sends what is queued at start-up
    await vi.advanceTimersByTimeAsync(10); // well before a's 1 s poll
    expect(fake.ids()).toEqual([m.messageId]);
    expect(done).toBe(true);
    await flushed;
    a.d.stop();
    b.d.stop();
  });

  it('flush() waits for events an earlier page left, when another tab is the one that sends them', async () => {
    const channel = tabsChannel();
    const store = memoryQueueStore();
    const left = msg();
    await store.add([left]);
    const fake = collector();
    const never: DeliveryOptions['lock'] = () => new Promise(() => {}); // the other tab holds the lock
    const a = start(fake, { store, lock: never, channel: channel() });
    let done = false;
    const flushed = a.d.flush().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    const b = start(fake, { store, channel: channel() });
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.ids()).toEqual([left.messageId]);
    expect(done).toBe(true);
    await flushed;
    a.d.stop();
    b.d.stop();
  });

  describe('tabs of one app, one of them hidden or going', () => {
    /** Two tabs on one queue; `aLock`: the first tab's, to keep it from sending at all. */
    const tabs = async (
      fake: ReturnType<typeof collector>,
      { aStore, aLock }: { aStore?: QueueStore; aLock?: DeliveryOptions['lock'] } = {},
    ) => {
      const store = memoryQueueStore();
      const channel = tabsChannel();
      const lock = tabsLock();
      // Each tab names itself from its own randomness.
      const a = start(fake, { store: aStore ?? store, lock: aLock ?? lock, channel: channel(), random: () => 0.25 });
      const b = start(fake, { store, lock, channel: channel(), random: () => 0.75 });
      await vi.advanceTimersByTimeAsync(0); // their hellos, and the start-up sends
      /** A third tab, opened later. */
      const another = async () => {
        const c = start(fake, { store, lock, channel: channel(), random: () => 0.5 });
        await vi.advanceTimersByTimeAsync(0);
        return c;
      };
      return { a, b, store, another };
    };
    const never: DeliveryOptions['lock'] = () => new Promise(() => {});
    const sent = (fake: ReturnType<typeof collector>) =>
      fake.calls.map((c) => [c.keepalive ? 'keepalive' : 'regular', c.batch.map((x) => x.messageId)]);

    it('a tab hidden while another is visible sends nothing on its way: the other sends its events at once, once', async () => {
      const fake = collector();
      const { a, b, store } = await tabs(fake, { aLock: never }); // a could not send them anyway
      const m = msg();
      await a.d.enqueue(m);
      a.page.hide();
      await vi.advanceTimersByTimeAsync(10); // well before the 1 s send timer
      expect(sent(fake)).toEqual([['regular', [m.messageId]]]);
      expect(await queued(store)).toEqual([]);
      a.d.stop();
      b.d.stop();
    });

    it('the tab that opened second knows the first: it leaves its events to it too', async () => {
      const fake = collector();
      const { a, b } = await tabs(fake);
      const m = msg();
      await b.d.enqueue(m);
      b.page.hide();
      await vi.advanceTimersByTimeAsync(10);
      expect(sent(fake)).toEqual([['regular', [m.messageId]]]);
      a.d.stop();
      b.d.stop();
    });

    it('the last tab visible sends on its way out, and a tab visible again counts once more', async () => {
      const fake = collector();
      const { a, b } = await tabs(fake, { aLock: never });
      a.page.hide();
      await vi.advanceTimersByTimeAsync(0);
      const m = msg();
      await b.d.enqueue(m);
      b.page.hide(); // a said it was hidden: b is alone
      expect(sent(fake)).toEqual([['keepalive', [m.messageId]]]);
      b.page.resume(); // b sends m again: a page cannot read its keepalive answer
      await vi.advanceTimersByTimeAsync(10);
      a.page.resume();
      await vi.advanceTimersByTimeAsync(0);
      const m2 = msg();
      await b.d.enqueue(m2);
      b.page.hide(); // a is visible again: b leaves m2 to it... which cannot send (its lock), so nothing goes
      await vi.advanceTimersByTimeAsync(10);
      expect(sent(fake)).toEqual([
        ['keepalive', [m.messageId]],
        ['regular', [m.messageId]],
      ]);
      a.d.stop();
      b.d.stop();
    });

    it('hidden tabs do not answer a new tab: with none visible, it is the last one', async () => {
      const fake = collector();
      const { a, b, another } = await tabs(fake);
      a.page.hide();
      b.page.hide();
      const c = await another();
      const m = msg();
      await c.d.enqueue(m);
      c.page.hide();
      expect(sent(fake)).toEqual([['keepalive', [m.messageId]]]);
      for (const t of [a, b, c]) t.d.stop();
    });

    it('a tab going does not send again what another tab sent for it', async () => {
      const fake = collector();
      const { a, b } = await tabs(fake, { aLock: never });
      const m = msg();
      await a.d.enqueue(m);
      await b.d.flush(); // b sends m, and says so
      b.page.hide();
      await vi.advanceTimersByTimeAsync(0);
      a.page.hide(); // alone now, with nothing of its own left to send
      await vi.advanceTimersByTimeAsync(10);
      expect(sent(fake)).toEqual([['regular', [m.messageId]]]);
      a.d.stop();
      b.d.stop();
    });

    it('with a write still under way, sends its events on its way out itself, as the last tab does', async () => {
      const fake = collector();
      // a's write never finishes: the page goes before its IndexedDB transaction does.
      const stalled: QueueStore = { ...memoryQueueStore(), add: () => new Promise(() => {}) };
      const { a, b } = await tabs(fake, { aStore: stalled });
      const m = msg();
      void a.d.enqueue(m);
      await vi.advanceTimersByTimeAsync(0);
      a.page.hide();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sent(fake)).toEqual([['keepalive', [m.messageId]]]);
      a.d.stop();
      b.d.stop();
    });
  });

  it('keeps the dropped count when the request carrying it is refused', async () => {
    const bad = msg({ event: 'bad' });
    const fake = collector((batch) => (batch.some((m) => m.event === 'bad') ? status(400) : ok()));
    const store = memoryQueueStore();
    await store.remove([], 2); // an earlier page's drops, not yet reported
    const { d } = start(fake, { store });
    await d.enqueue(bad);
    await d.flush();
    expect(fake.calls.map((c) => c.dropped)).toEqual([2]);
    expect(await dropped(store)).toBe(2);
    await d.enqueue(msg());
    await d.flush();
    expect(fake.calls.map((c) => c.dropped)).toEqual([2, 2]);
    expect(await dropped(store)).toBe(0);
  });
});
