import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

/** `--db` names a SQLite file (the default, `:memory:` for throwaway use) or a postgres:// URL. */
export function openStore(db: string): Promise<Store> {
  return /^postgres(ql)?:\/\//.test(db) ? openPostgresStore(db) : Promise.resolve(openSqliteStore(db));
}
