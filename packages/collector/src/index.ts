import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './http/app.js';
import { openStore } from './store/open.js';
import type { ProjectKeys, Store } from './domain/storage.js';
import type { RetryPolicy } from './domain/webhooks/retry.js';
import { startDispatcher } from './webhooks/dispatcher.js';
import { startSweeper } from './webhooks/sweeper.js';

/** When webhooks are sent and tried again; tests make them short. */
export interface WebhookTiming {
  /** How often the outbox is looked at: an event waits at most this long. */
  pollMs?: number;
  /** How often accounts are looked at for changes the clock makes (at least once a minute). */
  sweepMs?: number;
  retry?: RetryPolicy;
  /** How long a receiver has to answer. */
  timeoutMs?: number;
}

export interface Collector {
  app: FastifyInstance;
  store: Store;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

/** A collector on `db` (a SQLite file path, or a postgres:// URL). Call `app.listen()` to serve. */
export async function createCollector(options: { db: string; webhooks?: WebhookTiming } & Omit<AppOptions, 'store'>): Promise<Collector> {
  const { pollMs = 1000, sweepMs = 30_000, retry, timeoutMs } = options.webhooks ?? {};
  const now = options.now ?? Date.now;
  const store = await openStore(options.db, { now });
  const dispatcher = startDispatcher({
    outbox: store.outbox,
    now,
    retry,
    pollMs,
    timeoutMs,
    onError: (err) => app.log.error({ err }, 'webhook delivery failed'),
  });
  const app = await buildApp({ ...options, store, onQueued: dispatcher.kick });
  const sweeper = startSweeper(store.sweep, sweepMs, (err) => app.log.error({ err }, 'looking for status changes failed'));
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    // Sending stops first: what it had claimed and not sent stays in the outbox for the next start.
    close: () =>
      (closing ??= Promise.all([sweeper.stop(), dispatcher.stop()])
        .then(() => app.close())
        .then(() => store.close())),
  };
}

export { buildApp, openStore };
/** For the vendor's Node backend: the userHash to hand to `identify(userId, { userHash })`. */
export { userHash } from './domain/identity.js';
/** For the vendor's Node backend: the signed identity token to hand to `identify(userId, { token })`. */
export { identityToken, type IdentityTokenClaims } from './sign.js';
export type { AppOptions, ProjectKeys, RetryPolicy, Store };
