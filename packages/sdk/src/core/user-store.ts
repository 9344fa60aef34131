import { createStore, get, set } from 'idb-keyval';
import type { Checklist, Hits } from '../rules/types.js';

/** What the SDK remembers of one person on this device. */
export interface UserRecord {
  hits: Hits;
  /** Completion times the collector reported (other devices, account-scoped items). */
  remote: Record<string, string>;
  dismissed: boolean;
}

export interface UserStore {
  load(id: string): Promise<UserRecord | undefined>;
  save(id: string, record: UserRecord): Promise<void>;
  /** The last checklists the collector served, so a reload while offline still shows them. */
  loadChecklists(): Promise<Checklist[] | undefined>;
  saveChecklists(lists: Checklist[]): Promise<void>;
}

// User ids are the vendor's; this key cannot be one of them.
const CHECKLISTS = '\u0000checklists';

export const emptyRecord = (): UserRecord => ({ hits: {}, remote: {}, dismissed: false });

export function memoryUserStore(): UserStore {
  const data = new Map<string, string>();
  const read = async <T>(id: string) => {
    const raw = data.get(id);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  };
  return {
    load: (id) => read<UserRecord>(id),
    save: async (id, record) => void data.set(id, JSON.stringify(record)),
    loadChecklists: () => read<Checklist[]>(CHECKLISTS),
    saveChecklists: async (lists) => void data.set(CHECKLISTS, JSON.stringify(lists)),
  };
}

/**
 * Progress in IndexedDB, in a database of its own so it never collides with the
 * host app's. Private modes without IndexedDB fall back to memory.
 */
export function defaultUserStore(onFallback: () => void): UserStore {
  let store: UserStore;
  try {
    if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
    const idb = createStore('firstwin-progress', 'users');
    store = {
      load: (id) => get<UserRecord>(id, idb),
      save: (id, record) => set(id, record, idb),
      loadChecklists: () => get<Checklist[]>(CHECKLISTS, idb),
      saveChecklists: (lists) => set(CHECKLISTS, lists, idb),
    };
  } catch {
    onFallback();
    return memoryUserStore();
  }
  // An IndexedDB that exists but refuses to open (Firefox private mode) fails on first use.
  const memory = memoryUserStore();
  let failed = false;
  const guard = <A extends unknown[], R>(fn: (...a: A) => Promise<R>, mem: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      if (!failed) {
        try {
          return await fn(...a);
        } catch {
          failed = true;
          onFallback();
        }
      }
      return mem(...a);
    };
  return {
    load: guard(store.load, memory.load),
    save: guard(store.save, memory.save),
    loadChecklists: guard(store.loadChecklists, memory.loadChecklists),
    saveChecklists: guard(store.saveChecklists, memory.saveChecklists),
  };
}
