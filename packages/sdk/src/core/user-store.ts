import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { Checklist, Hits } from '../rules/types.js';

/** What the SDK remembers of one person on this device. */
export interface UserRecord {
  hits: Hits;
  /** Completion times the collector reported (other devices, account-scoped items). */
  remote: Record<string, string>;
  dismissed: boolean;
  /** The person closed the panel on this device: it no longer opens by itself. */
  closed?: boolean;
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
  const memory = memoryUserStore();
  let idb: UseStore;
  try {
    if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
    idb = createStore('firstwin-progress', 'users');
  } catch {
    onFallback();
    return memory;
  }
  // An IndexedDB that exists but refuses to open (Firefox private mode) fails on first use.
  let failed = false;
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>, mem: (...a: A) => Promise<R>) =>
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
    load: guard((id) => get<UserRecord>(id, idb), memory.load),
    save: guard((id, record) => set(id, record, idb), memory.save),
    loadChecklists: guard(() => get<Checklist[]>(CHECKLISTS, idb), memory.loadChecklists),
    saveChecklists: guard((lists) => set(CHECKLISTS, lists, idb), memory.saveChecklists),
  };
}
