import type { Checklist } from '@firstwin/sdk/rules';
import type { Digest } from '../../domain/inert.js';
import type { PackedBatch } from '../../domain/packed.js';
import type { Store } from '../../domain/storage.js';
import { dashboardTables } from './dashboard.js';
import type { TokenCounts } from '../../domain/identity-token.js';
import { ingester } from './ingest.js';
import { openDatabase } from './open.js';
import { projects } from './projects.js';
import { prepareQueries } from './queries.js';
import { reads } from './reads.js';
import { recomputer } from './replay.js';
import { sqliteSignals } from './signals.js';
import { stateRows } from './state-rows.js';
import { webhookStore } from './webhook-store.js';
import { sqliteWebhooks } from './webhooks.js';
import type { Attempt } from '../../domain/webhooks/outbox.js';

/** People whose state rows the writing connection keeps in memory, and a fifth as many accounts. */
const USERS_KEPT = 50_000;

/** The SQLite store, with what its writer thread (`writer.ts`) needs beyond a `Store`. */
export interface SqliteStore extends Store {
  /** The project's checklists as this connection reads them, and the fingerprint a digest (`inert.ts`) names them by. */
  checklistsRead(projectId: string): { checklists: Checklist[]; fingerprint: string };
  /**
   * `ingest` of a batch given as its packed text, parsed only when its digest cannot show it
   * changes no state. `holdMs`: how long a group this batch opens may wait for more batches
   * before it commits (see `writer.ts`).
   */
  ingestPacked(
    projectId: string,
    packed: PackedBatch,
    dropped: number | undefined,
    digest: Digest | undefined,
    holdMs: number,
    tokens?: TokenCounts,
  ): Promise<{ accepted: number; duplicates: number }>;
  /** Records delivery attempts: the writer thread's side of `outbox.settle`. */
  settleDeliveries(attempts: Attempt[]): Promise<void>;
}

/**
 * The embedded default: one SQLite file in WAL mode, one transaction per group of batches.
 * `rowsKept`: people (and a fifth as many accounts) whose state rows stay in memory; tests set it small.
 */
export function openSqliteStore(
  file: string,
  { rowsKept = USERS_KEPT, now = Date.now }: { rowsKept?: number; now?: () => number } = {},
): SqliteStore {
  const db = openDatabase(file);
  const q = prepareQueries(db);
  const project = projects(q);
  const rows = stateRows(db, q, project.numOf, rowsKept);
  const webhooks = sqliteWebhooks(db);
  const signals = sqliteSignals(db, webhooks);
  const { ingest, drain, arrivals } = ingester(db, q, rows, project, signals, now);
  const recompute = recomputer(file, q, rows, project.numOf, arrivals, signals, now);

  return {
    ...reads(q, project.numOf, project.readChecklists),
    ...dashboardTables(db),
    ...webhookStore(webhooks, signals, rows, (projectId) => project.readChecklists(projectId).checklists, now),
    createProject: project.createProject,
    findProject: project.findProject,
    async setUserHashSecret(projectId, secret) {
      q.setUserHashSecret.run(secret, projectId);
    },
    async setIdentityTokens(projectId, mode, secret) {
      q.setIdentityTokens.run(mode, secret, projectId);
    },
    async setActivationTarget(projectId, target) {
      // Every account's status may move with the target: the next sweep looks at them all.
      rows.writing(() => {
        q.setActivationTarget.run(target && JSON.stringify(target), projectId);
        signals.recheck(projectId);
      });
    },
    async ingest(projectId, events, packed, dropped = 0, tokens) {
      return ingest(0, projectId, { packed, events, tokens }, dropped);
    },
    async ingestPacked(projectId, packed, dropped = 0, d, holdMs, tokens) {
      return ingest(holdMs, projectId, { packed, digest: d, tokens }, dropped);
    },
    checklistsRead: project.readChecklists,
    async putChecklists(projectId, checklists, progress) {
      await recompute(projectId, checklists, progress);
    },
    async close() {
      // Batches still waiting for their group commit are written, not failed.
      drain();
      db.close();
    },
  };
}
