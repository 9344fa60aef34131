import type { Store } from '../../domain/storage.js';
import { dashboardTables } from './dashboard.js';
import { groupCommit } from './ingest.js';
import { openPool } from './open.js';
import { projects } from './projects.js';
import { reads } from './reads.js';
import { recompute } from './replay.js';
import { postgresWebhooks } from './webhooks.js';

/**
 * PostgreSQL, for several collectors behind a load balancer on one database. Ingest
 * and recompute of a project hold a transaction-scoped advisory lock on it: writers of
 * one project are serialised (no lost updates across processes), other projects run
 * in parallel. `?schema=NAME` in the URL selects (and creates) a schema.
 */
export async function openPostgresStore(url: string, { now = Date.now }: { now?: () => number } = {}): Promise<Store> {
  const pool = await openPool(url);
  const { tell, ...webhooks } = postgresWebhooks(pool, now);
  const { ingest, settled } = groupCommit(pool, tell, now);
  return {
    ...projects(pool),
    ...reads(pool),
    ...dashboardTables(pool),
    ...webhooks,
    ingest,
    putChecklists: recompute(pool, tell),
    async close() {
      // Batches still waiting for their group commit are written, not failed.
      await settled();
      await pool.end();
    },
  };
}
