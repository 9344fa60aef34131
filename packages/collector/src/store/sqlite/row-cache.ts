/**
 * State rows kept in memory between transactions, by key. Only sound where one connection
 * writes those rows: after each of its commits, the rows it holds are the rows on disk. Its
 * owner clears it whenever that may not hold, and trims it only between transactions: a row
 * dropped while a transaction still holds it could be read again from disk as it was before
 * that transaction, and that stale copy kept.
 */
export function rowCache<T>(max: number) {
  let rows = new Map<string, T>();
  return {
    /** The row kept, or the one `read` finds (then kept). */
    get(key: string, read: () => T | undefined): T | undefined {
      const row = rows.get(key);
      if (row !== undefined) return row;
      const found = read();
      if (found !== undefined) rows.set(key, found);
      return found;
    },
    /** Drops the rows kept longest until at most `max` are left. */
    trim(): void {
      for (const key of rows.keys()) {
        if (rows.size <= max) return;
        rows.delete(key);
      }
    },
    clear(): void {
      rows = new Map();
    },
  };
}
