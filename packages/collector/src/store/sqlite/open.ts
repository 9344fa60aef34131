import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

/** The file opened in WAL mode, its schema brought up to date. */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged batch survives power loss, not only a crashed process.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  // A statement inserting many rows keeps a journal to undo itself; past 64 kB SQLite spills
  // it to a temporary file. A batch of random (v4) message ids touches a page per key, and
  // that spill cost 1.7 ms of system time per 100-event batch. Set after migrating: an old
  // file's upgrade sorts every event, which may spill to disk rather than fill memory.
  db.pragma('temp_store = MEMORY');
  return db;
}
