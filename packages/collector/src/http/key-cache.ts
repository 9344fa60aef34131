import type { Caller, Store } from '../domain/storage.js';

/** How long a found key is trusted without asking the store again. */
export const KEY_TTL_MS = 1_000;

/**
 * Every request looks up its key: a read per request on SQLite, a round trip on
 * PostgreSQL. A publishable key found is kept for a second, so another collector on the
 * same database that turns identity verification on is heard within a second; this one
 * drops the project's keys at once. Unknown keys are never kept (guessing cannot fill
 * memory), nor secret ones: the store only ever sees them hashed, and so does memory.
 */
export function withKeyCache(store: Store, clock: () => number = performance.now.bind(performance)): Store {
  const kept = new Map<string, { caller: Caller; until: number }>();
  const forget = (projectId: string) => {
    for (const [key, { caller }] of kept) if (caller.projectId === projectId) kept.delete(key);
  };
  return {
    ...store,
    async findProject(key) {
      const hit = kept.get(key);
      if (hit && hit.until > clock()) return hit.caller;
      const found = await store.findProject(key);
      if (found?.kind === 'publishable') kept.set(key, { caller: found, until: clock() + KEY_TTL_MS });
      else kept.delete(key);
      return found;
    },
    async setUserHashSecret(projectId, secret) {
      await store.setUserHashSecret(projectId, secret);
      forget(projectId);
    },
    async setIdentityTokens(projectId, mode, secret) {
      await store.setIdentityTokens(projectId, mode, secret);
      forget(projectId);
    },
    async setActivationTarget(projectId, target) {
      await store.setActivationTarget(projectId, target);
      forget(projectId);
    },
  };
}
