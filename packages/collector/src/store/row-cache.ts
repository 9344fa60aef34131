/**
 * State rows kept in memory between transactions, by key, the oldest dropped past `max`.
 * Only sound where one connection writes those rows: after each of its commits, the rows
 * it holds are the rows on disk. Its owner clears it whenever that may not hold.
 */
export function rowCache<T>(max: number) {
  let rows = new Map<string, T>();
  const keep = (key: string, row: T): T => {
    if (rows.size >= max) rows.delete(rows.keys().next().value!);
    rows.set(key, row);
    return row;
  };
  return {
    /** The row kept, or the one `read` finds (then kept). */
    get(key: string, read: () => T | undefined): T | undefined {
      const row = rows.get(key);
      if (row !== undefined) return row;
      const found = read();
      return found === undefined ? undefined : keep(key, found);
    },
    clear(): void {
      rows = new Map();
    },
    get size(): number {
      return rows.size;
    },
  };
}
