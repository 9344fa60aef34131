import type pg from 'pg';

/**
 * Runs `fn` in one transaction on a connection of its own: committed when it returns,
 * rolled back when it throws. `lock` names a transaction-scoped advisory lock taken
 * first; `begin` may ask for another isolation level.
 */
export async function transaction<T>(
  pool: pg.Pool,
  fn: (c: pg.PoolClient) => Promise<T>,
  { lock, begin = 'BEGIN' }: { lock?: string; begin?: string } = {},
): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query(begin);
    if (lock) await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

/** A transaction holding its project's lock: writers of one project take turns, other projects run in parallel. */
export const projectTransaction = <T>(pool: pg.Pool, projectId: string, fn: (c: pg.PoolClient) => Promise<T>) =>
  transaction(pool, fn, { lock: projectId });
