import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

/** `--db` names a SQLite file (the default) or, later, a postgres:// URL. */
export function openStore(db: string): Store {
  if (/^postgres(ql)?:\/\//.test(db)) {
    throw new Error('PostgreSQL is not supported by this build yet: use a SQLite file path for --db');
  }
  return openSqliteStore(db);
}
