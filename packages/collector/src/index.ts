import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './http/app.js';
import { openStore } from './store/open.js';
import type { ProjectKeys, Store } from './domain/storage.js';

export interface Collector {
  app: FastifyInstance;
  store: Store;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

/** A collector on `db` (a SQLite file path, or a postgres:// URL). Call `app.listen()` to serve. */
export async function createCollector(options: { db: string } & Omit<AppOptions, 'store'>): Promise<Collector> {
  const store = await openStore(options.db);
  const app = await buildApp({ ...options, store });
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    close: () => (closing ??= app.close().then(() => store.close())),
  };
}

export { buildApp, openStore };
/** For the vendor's Node backend: the userHash to hand to `identify(userId, { userHash })`. */
export { userHash } from './domain/identity.js';
/** For the vendor's Node backend: the signed identity token to hand to `identify(userId, { token })`. */
export { identityToken, type IdentityTokenClaims } from './sign.js';
export type { AppOptions, ProjectKeys, Store };
