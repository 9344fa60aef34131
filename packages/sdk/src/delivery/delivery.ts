import { backoff } from './backoff.js';
import { envelope, overflow, take } from './batch.js';
import { keepalive, watchPage } from './page-hide.js';
import { KEEPALIVE_BYTES, hash, onHide, sendable } from './plan.js';
import { idbQueueStore, memoryQueueStore, type QueueStore } from './queue-store.js';
import { post } from './sender.js';
import { broadcast, webLock, type Channel, type Lock } from './tab-lock.js';
import { createTabs } from './tabs.js';
import type { Delivery, DeliveryError, Message } from './types.js';
import { createWaiters } from './waiters.js';

export interface DeliveryOptions {
  endpoint: string;
  key: string;
  /** Default: IndexedDB `firstwin-queue-<key hash>`; memory where IndexedDB is missing. */
  store?: QueueStore;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  onError?: (e: DeliveryError) => void;
  debug?: (msg: string, ...rest: unknown[]) => void;
  /** Queue bounds (1000 events, 2 MB); past them the oldest messages are dropped and counted. */
  maxCount?: number;
  maxBytes?: number;
  /** Batch limits (50 events, 60 kB) and the wait that gathers events into one batch (1 s). */
  batchSize?: number;
  batchBytes?: number;
  flushIntervalMs?: number;
  /** A request that has not answered by then is abandoned and retried (30 s). */
  timeoutMs?: number;
  /** Default: Web Locks `firstwin-sender-<key hash>`. */
  lock?: Lock;
  /** Default: BroadcastChannel `firstwin-queue-<key hash>`. */
  channel?: Channel;
  /** Calls `hide` when the page may be going away and `resume` when it is back; returns the cleanup. Default: the page's own events. */
  watchPage?: typeof watchPage;
}

/** How long a message sent on page hide is left out of regular sends, should the page live on. */
const BEACON_NOTE_MS = 30_000;

export function createDelivery(o: DeliveryOptions): Delivery {
  const id = hash(o.key);
  const url = `${o.endpoint.replace(/\/+$/, '')}/v1/batch`;
  const doFetch = o.fetch ?? ((input, init) => fetch(input, init));
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const debug = o.debug ?? (() => {});
  const report = (e: DeliveryError) => {
    debug(e.kind, e);
    try {
      o.onError?.(e);
    } catch (err) {
      debug('onError threw', err);
    }
  };
  const maxCount = o.maxCount ?? 1000;
  const maxBytes = o.maxBytes ?? 2_000_000;
  const batchSize = o.batchSize ?? 50;
  const batchBytes = o.batchBytes ?? KEEPALIVE_BYTES;
  const interval = o.flushIntervalMs ?? 1000;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const lock = o.lock ?? webLock;

  let store: QueueStore = o.store ?? (typeof indexedDB === 'undefined' ? memoryQueueStore() : idbQueueStore(`firstwin-queue-${id}`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let blockedUntil = 0;
  // A wait the collector asked for (Retry-After) outlasts `online` and `visible`; our own backoff does not.
  let told = false;
  let attempt = 0;
  let unauthorized = false;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let writes = 0;
  // Drops no batch has reported yet, as the store held them when this tab's cycle last read it.
  let dropped = 0;
  const waiters = createWaiters(maxCount);
  // messageId → until when it is left out of regular sends, having gone out on page hide.
  const beaconed = new Map<string, number>();

  const schedule = (delay: number) => {
    if (stopped || timer) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void run();
      },
      Math.max(delay, blockedUntil - now()),
    );
  };
  const sendNow = () => {
    clearTimeout(timer);
    timer = undefined;
    if (now() < blockedUntil) schedule(0);
    else void run();
  };

  const resolveWaiters = (present?: Set<string>) => {
    if (waiters.settle(present)) return;
    clearInterval(poll);
    poll = undefined;
  };
  /** Whichever tab sent them: what left the store is let go. Skipped while a write is under way, which a read could miss. */
  async function settle() {
    if (!poll) return;
    const present = writes ? undefined : new Set((await store.read().catch(() => [[]]))[0].map((m) => m.messageId));
    resolveWaiters(writes ? undefined : present);
  }
  const giveUp = () => {
    waiters.release();
    resolveWaiters(); // which, with none left, stops the poll
  };

  const tabs = createTabs(o.channel ?? broadcast(`firstwin-queue-${id}`), random(), {
    sent(ids) {
      ids.forEach(waiters.left);
      resolveWaiters();
    },
    left: () => schedule(0),
    changed: () => void settle(),
  });

  const run = (): Promise<void> => {
    // A send asked for while one is finishing (a lock can be slow to release) must
    // not be lost: it runs right after.
    if (running) {
      again = true;
      return running;
    }
    return (running = lock(`firstwin-sender-${id}`, cycle)
      .catch((err) => {
        debug('send failed', err);
        schedule(backoff(attempt++, random));
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule(0);
        }
        void settle();
      }));
  };

  /** One tab at a time: keeps the queue in bounds, then sends until it is empty or sending must wait. */
  async function cycle(): Promise<void> {
    const sent = new Set<string>();
    while (!stopped) {
      let queued: Message[];
      [queued, dropped] = await store.read();
      const cut = overflow(queued, maxCount, maxBytes);
      if (cut) {
        const gone = queued.slice(0, cut).map((m) => m.messageId);
        await store.remove(gone, (dropped += cut));
        gone.forEach(waiters.left);
        queued = queued.slice(cut);
        report({ kind: 'dropped', message: `queue full: dropped ${cut} oldest event(s)` });
      }
      if (unauthorized) return;
      if (now() < blockedUntil) return schedule(0);
      const { ready, later } = sendable(queued, beaconed, sent, now());
      if (later < Infinity) schedule(later);
      if (!ready.length) return;
      while (ready.length) {
        const batch = take(ready, batchSize, batchBytes);
        batch.forEach((m) => sent.add(m.messageId));
        if (!(await deliver(batch, dropped))) return;
        resolveWaiters();
      }
    }
  }

  /** Sends one batch; false when this cycle must stop. 400/413 halve the batch until the refused event stands alone. */
  async function deliver(batch: Message[], reported: number): Promise<boolean> {
    const a = await post(doFetch, url, envelope(o.key, now(), batch, reported), now, timeoutMs);
    const rejected = (m: Message | undefined, error: string | undefined) =>
      m && report({ kind: 'rejected', message: `${m.type} ${m.event ?? ''}: ${error}`, messageId: m.messageId });
    if (a.kind === 'ok') {
      for (const r of a.rejected) rejected(batch[r?.index], r?.error);
    } else if (a.kind === 'split') {
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        return (await deliver(batch.slice(0, half), reported)) && deliver(batch.slice(half), 0);
      }
      rejected(batch[0], a.error);
    } else if (a.kind === 'unauthorized') {
      unauthorized = true;
      report({ kind: 'unauthorized', message: 'key refused; events stay queued' });
      giveUp();
      return false;
    } else {
      if (!attempt && a.wait === undefined) report({ kind: 'network', message: `${a.error}; will retry` });
      const wait = a.wait ?? backoff(attempt++, random);
      told = a.wait !== undefined;
      blockedUntil = now() + wait;
      schedule(wait);
      return false;
    }
    // Acknowledged, or refused for good: either way it leaves the queue.
    const ids = batch.map((m) => m.messageId);
    // A refused request recorded no drops: the count waits for the next batch.
    await store.remove(ids, a.kind === 'ok' && reported ? (dropped -= reported) : undefined);
    ids.forEach((i) => {
      waiters.left(i);
      beaconed.delete(i);
    });
    tabs.sent(ids);
    attempt = 0;
    return true;
  }

  /**
   * Hidden, a tab may be frozen, discarded or closed without another word: it says so,
   * and the visible tabs send what it wrote to IndexedDB. Alone, or while a write is under
   * way (the others may not see all its messages yet), it has the last chance: what fits
   * the keepalive budget, sent by a request that outlives the page.
   */
  const hide = () => {
    if (unauthorized || stopped) return;
    tabs.hidden();
    if (tabs.shared && !writes) return;
    const t = now();
    const batch = onHide(waiters.mine.values(), beaconed, t, o.key);
    if (!batch.length) return;
    // Stays queued: the answer to a request outliving its page cannot be read; the
    // next page sends it again and the collector counts its messageId once.
    batch.forEach((m) => beaconed.set(m.messageId, t + BEACON_NOTE_MS));
    keepalive(doFetch, url, envelope(o.key, t, batch, 0));
  };
  const resume = () => {
    tabs.visible();
    if (!told) blockedUntil = 0;
    beaconed.clear();
    sendNow();
  };
  const unwatch = (o.watchPage ?? watchPage)(hide, resume);
  // Whatever earlier pages left queued goes out now.
  schedule(0);

  // Messages queued in one turn of the event loop share one IndexedDB transaction: one
  // per message cost the main thread more than everything else track() does.
  let gathering: Message[] | undefined;
  let gathered: Promise<void> = Promise.resolve();
  const persist = (msg: Message): Promise<void> => {
    if (gathering) return (gathering.push(msg), gathered);
    const msgs = (gathering = [msg]);
    return (gathered = Promise.resolve().then(async () => {
      gathering = undefined;
      try {
        await store.add(msgs);
      } catch (err) {
        // Quota, private mode, a lost connection: the events still go out from this
        // page, but no longer survive it, which the callers learn from the rejection.
        debug('IndexedDB refused', err);
        store = memoryQueueStore();
        // Other tabs no longer see this tab's events: it sends them itself, even on its way out.
        tabs.alone();
        await store.add([...waiters.mine.values()]);
        throw err;
      }
    }));
  };

  return {
    async enqueue(msg) {
      waiters.add(msg);
      writes++;
      try {
        await persist(msg);
      } finally {
        writes--;
        schedule(interval);
      }
    },
    async flush() {
      // Everything queued so far: this page's events, and those earlier pages or other tabs left.
      const [queued] = await store.read().catch(() => [[]]);
      if (unauthorized || stopped) return;
      return new Promise<void>((resolve) => {
        if (!waiters.wait(queued, resolve)) return resolve();
        sendNow();
        // Another tab may hold the sender lock and never tell us (no BroadcastChannel).
        poll ??= setInterval(() => {
          void settle();
          schedule(0);
        }, 1000);
      });
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      giveUp();
      unwatch();
      tabs.close();
    },
  };
}
