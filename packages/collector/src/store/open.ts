import { openPostgresStore } from './postgres/store.js';
import { openSqliteStore } from './sqlite/store.js';
import { openSqliteWithWriter } from './sqlite/writer.js';
import type { Store } from '../domain/storage.js';

/** `--db` names a SQLite file (the default, `:memory:` for throwaway use) or a postgres:// URL. */
export function openStore(db: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(db)) return openPostgresStore(db);
  // A database in memory belongs to its one connection, so it cannot have a writer thread.
  return Promise.resolve(db === ':memory:' ? openSqliteStore(db) : openSqliteWithWriter(db));
}

/** `--db` as logs may show it: a PostgreSQL URL's password stays out of them. */
export function shownDb(db: string): string {
  if (!/^postgres(ql)?:\/\//.test(db)) return db;
  try {
    const url = new URL(db);
    if (url.password) url.password = '***';
    // pg also reads passwords from the query.
    for (const name of ['password', 'sslpassword']) if (url.searchParams.has(name)) url.searchParams.set(name, '***');
    return url.toString();
  } catch {
    return 'postgres://… (an unreadable URL)';
  }
}
