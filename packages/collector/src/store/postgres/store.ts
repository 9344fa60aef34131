import type { Store } from '../../domain/storage.js';
import { groupCommit } from './ingest.js';
import { openPool } from './open.js';
import { projects } from './projects.js';
import { reads } from './reads.js';
import { recompute } from './replay.js';

/**
 * PostgreSQL, for several collectors behind a load balancer on one database. Ingest
 * and recompute of a project hold a transaction-scoped advisory lock on it: writers of
 * one project are serialised (no lost updates across processes), other projects run
 * in parallel. `?schema=NAME` in the URL selects (and creates) a schema.
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const pool = await openPool(url);
  const { ingest, settled } = groupCommit(pool);
  return {
    ...projects(pool),
    ...reads(pool),
    ingest,
    putChecklists: recompute(pool),
    async close() {
      // Batches still waiting for their group commit are written, not failed.
      await settled();
      await pool.end();
    },
  };
}
