import { backoff, retryAfter } from './backoff.js';
import { idbQueueStore, memoryQueueStore, type QueueStore } from './queue-store.js';
import type { Delivery, DeliveryError, Message } from './types.js';

export interface DeliveryOptions {
  endpoint: string;
  key: string;
  store?: QueueStore;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  onError?: (e: DeliveryError) => void;
  debug?: (msg: string, ...rest: unknown[]) => void;
  /** Queue bounds; past them the oldest messages are dropped and counted. */
  maxCount?: number;
  maxBytes?: number;
  batchSize?: number;
  batchBytes?: number;
  flushIntervalMs?: number;
  /** Runs `fn` while no other tab of this app sends; defaults to Web Locks. */
  lock?: (name: string, fn: () => Promise<void>) => Promise<void>;
  /** Cross-tab "something was acknowledged" signal; defaults to BroadcastChannel. */
  channel?: { post(): void; listen(fn: () => void): void; close(): void };
}

type Outcome = { retryIn: number } | 'ok' | 'unauthorized';

/** Browsers give all keepalive requests of a page 64 kB together; leave room for headers. */
const KEEPALIVE_BYTES = 60_000;
const size = (m: Message) => JSON.stringify(m).length;

function webLock(name: string, fn: () => Promise<void>): Promise<void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  // Without Web Locks two tabs may both send a message; the collector's messageId
  // index still counts it once, so the fallback costs bandwidth, never correctness.
  return locks ? locks.request(name, fn) : fn();
}

function broadcast(name: string): DeliveryOptions['channel'] {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const bc = new BroadcastChannel(name);
  return { post: () => bc.postMessage(1), listen: (fn) => void (bc.onmessage = fn), close: () => bc.close() };
}

export function createDelivery(o: DeliveryOptions): Delivery {
  const name = `firstwin-queue:${o.endpoint}:${o.key}`;
  const url = `${o.endpoint.replace(/\/+$/, '')}/v1/batch`;
  const doFetch = o.fetch ?? ((input, init) => fetch(input, init));
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const debug = o.debug ?? (() => {});
  const report = (e: DeliveryError) => {
    debug(`delivery ${e.kind}: ${e.message}`);
    o.onError?.(e);
  };
  const maxCount = o.maxCount ?? 1000;
  const maxBytes = o.maxBytes ?? 2_000_000;
  const batchSize = o.batchSize ?? 50;
  const batchBytes = o.batchBytes ?? KEEPALIVE_BYTES;
  const interval = o.flushIntervalMs ?? 1000;
  const lock = o.lock ?? webLock;
  const channel = o.channel ?? broadcast(name);

  let store: QueueStore = o.store ?? (typeof indexedDB === 'undefined' ? memoryQueueStore() : idbQueueStore(name));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let blockedUntil = 0;
  let attempt = 0;
  let unauthorized = false;
  let stopped = false;
  let running: Promise<void> | undefined;
  // Messages this tab queued and has not seen acknowledged: flush() waits on them,
  // and page hide can send them without reading IndexedDB (too slow in `pagehide`).
  const mine = new Map<string, Message>();
  const beaconed = new Set<string>();
  let waiters: Array<{ ids: string[]; resolve(): void }> = [];
  let unwritten: Message[] | undefined;
  let written: Promise<void> | undefined;

  const write = async () => {
    const msgs = unwritten!;
    unwritten = undefined;
    try {
      await store.add(msgs);
    } catch (err) {
      // A quota or private-mode failure must not lose the events: keep going in memory.
      debug('IndexedDB refused the events; queueing in memory', err);
      const memory = memoryQueueStore();
      await memory.add([...mine.values()]);
      store = memory;
    }
  };

  const schedule = (delay: number) => {
    if (stopped || unauthorized || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, Math.max(delay, blockedUntil - now()));
  };

  let again = false;
  const run = (): Promise<void> => {
    // A send asked for while one is finishing (the lock can be slow to release) must
    // not be lost: it runs right after.
    if (running) {
      again = true;
      return running;
    }
    return (running = lock(name, cycle)
      .catch((err) => debug('send cycle failed', err))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule(0);
        }
        void settleWaiters();
      }));
  };

  /** Sends until the queue is empty, the collector asks to wait, or the key is refused. */
  async function cycle(): Promise<void> {
    for (;;) {
      if (stopped || unauthorized || now() < blockedUntil) return;
      const queued = await enforceBounds(await store.all());
      const batch = take(queued.filter((m) => !beaconed.has(m.messageId)));
      if (!batch.length) return;
      const dropped = await store.getMeta('dropped');
      const outcome = await send(batch, dropped);
      if (outcome === 'unauthorized') {
        unauthorized = true;
        report({ kind: 'unauthorized', message: 'the collector refused the key; events stay queued until a page loads with a valid key' });
        return;
      }
      if (outcome !== 'ok') {
        blockedUntil = now() + outcome.retryIn;
        schedule(outcome.retryIn);
        return;
      }
      attempt = 0;
      if (dropped) await store.setMeta('dropped', (await store.getMeta('dropped')) - dropped);
      channel?.post();
    }
  }

  const take = (queued: Message[]): Message[] => {
    const batch: Message[] = [];
    let bytes = 0;
    for (const m of queued) {
      bytes += size(m) + 1;
      if (batch.length >= batchSize || (batch.length && bytes > batchBytes)) break;
      batch.push(m);
    }
    return batch;
  };

  /** Drops the oldest messages past the bounds, and counts them for the collector. */
  async function enforceBounds(queued: Message[]): Promise<Message[]> {
    let bytes = queued.reduce((n, m) => n + size(m), 0);
    let cut = 0;
    while (cut < queued.length && (queued.length - cut > maxCount || bytes > maxBytes)) bytes -= size(queued[cut++]!);
    if (!cut) return queued;
    await store.remove(queued.slice(0, cut).map((m) => m.messageId));
    await store.setMeta('dropped', (await store.getMeta('dropped')) + cut);
    report({ kind: 'dropped', message: `the queue was full; dropped the ${cut} oldest event(s)` });
    return queued.slice(cut);
  }

  /** Posts one batch; a batch the collector finds too big or malformed is halved to isolate the culprit. */
  async function send(batch: Message[], dropped: number): Promise<Outcome> {
    let res: Response;
    try {
      const body: Record<string, unknown> = { writeKey: o.key, sentAt: new Date(now()).toISOString(), batch };
      if (dropped) body.dropped = dropped;
      res = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (err) {
      report({ kind: 'network', message: `could not reach the collector (${String(err)}); will retry` });
      return { retryIn: backoff(attempt++, random) };
    }
    if (res.ok) {
      const answer = (await res.json().catch(() => ({}))) as { rejected?: Array<{ index: number; error: string }> };
      for (const r of answer.rejected ?? []) {
        const m = batch[r.index];
        if (m) report({ kind: 'rejected', message: `the collector rejected ${m.type} ${m.event ?? ''}: ${r.error}`, messageId: m.messageId });
      }
      await acknowledge(batch);
      return 'ok';
    }
    if (res.status === 401 || res.status === 403) return 'unauthorized';
    if (res.status === 413 || res.status === 400) {
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        const first = await send(batch.slice(0, half), dropped);
        return first === 'ok' ? send(batch.slice(half), 0) : first;
      }
      const reason = await res.json().then((b: { error?: string }) => b.error, () => undefined);
      report({ kind: 'rejected', message: `the collector refused an event (${res.status}): ${reason ?? 'no reason given'}`, messageId: batch[0]!.messageId });
      await acknowledge(batch);
      return 'ok';
    }
    const wait = res.status === 429 || res.status === 503 ? retryAfter(res.headers.get('retry-after'), now()) : undefined;
    return { retryIn: wait ?? backoff(attempt++, random) };
  }

  async function acknowledge(batch: Message[]) {
    const ids = batch.map((m) => m.messageId);
    await store.remove(ids);
    ids.forEach((id) => {
      mine.delete(id);
      beaconed.delete(id);
    });
  }

  /** Resolves flush() promises whose messages are gone, whichever tab sent them. */
  async function settleWaiters() {
    if (!waiters.length) return;
    const present = new Set((await store.all()).map((m) => m.messageId));
    for (const id of mine.keys()) if (!present.has(id)) mine.delete(id);
    waiters = waiters.filter((w) => (w.ids.some((id) => present.has(id)) ? true : (w.resolve(), false)));
  }

  /** Last chance on page hide: a keepalive request with what fits the browser's budget. */
  const onHide = () => {
    let bytes = 0;
    const batch: Message[] = [];
    for (const m of mine.values()) {
      if (beaconed.has(m.messageId)) continue;
      if ((bytes += size(m) + 1) > KEEPALIVE_BYTES - 200) break;
      batch.push(m);
    }
    if (!batch.length || unauthorized) return;
    batch.forEach((m) => beaconed.add(m.messageId));
    // Stays queued until a later page sees it acknowledged: the response of a
    // request outliving its page cannot be read, and a duplicate is counted once.
    const body = JSON.stringify({ writeKey: o.key, sentAt: new Date(now()).toISOString(), batch });
    try {
      void doFetch(url, { method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body }).catch(() => {});
    } catch {
      navigator.sendBeacon?.(url, new Blob([body], { type: 'application/json' }));
    }
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') return onHide();
    beaconed.clear();
    schedule(0);
  };
  const onOnline = () => {
    blockedUntil = 0;
    schedule(0);
  };
  const hasWindow = typeof window !== 'undefined' && typeof document !== 'undefined';
  if (hasWindow) {
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', onOnline);
  }
  channel?.listen(() => void settleWaiters());
  // Whatever earlier pages left queued goes out now.
  schedule(0);

  return {
    enqueue(msg) {
      mine.set(msg.messageId, msg);
      // One IndexedDB transaction for all the events of this task, not one each.
      if (!unwritten) {
        unwritten = [];
        written = Promise.resolve().then(write);
      }
      unwritten.push(msg);
      schedule(interval);
      return written!;
    },
    flush() {
      if (!mine.size) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push({ ids: [...mine.keys()], resolve });
        clearTimeout(timer);
        timer = undefined;
        if (now() >= blockedUntil) void run();
        else schedule(0);
        // Another tab may hold the sender lock and never tell us (no BroadcastChannel).
        const poll = setInterval(() => {
          if (!waiters.length) return clearInterval(poll);
          void settleWaiters();
          schedule(0); // no-op while a send is already scheduled or backing off
        }, 1000);
      });
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      channel?.close();
      if (hasWindow) {
        window.removeEventListener('pagehide', onHide);
        document.removeEventListener('visibilitychange', onVisibility);
        window.removeEventListener('online', onOnline);
      }
    },
  };
}
