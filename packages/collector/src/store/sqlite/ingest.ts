import type Database from 'better-sqlite3';
import type { StoredEvent } from '../../domain/event.js';
import { changesNothing, type Digest } from '../../domain/inert.js';
import { unpackBatch, type PackedBatch } from '../../domain/packed.js';
import { seenAt, sendersOf } from '../../domain/last-seen.js';
import { applyToState } from '../../domain/state.js';
import { runRows, runsOf } from '../runs.js';
import { hourOf, type TokenCounts } from '../../domain/identity-token.js';
import type { ChecklistsRead } from './projects.js';
import type { Queries } from './queries.js';
import type { SignalsStore } from './signals.js';
import type { StateRows } from './state-rows.js';

/** Thrown to roll back a batch's keys when some were seen before (see `freshOf`). */
const SEEN_BEFORE = new Error('some keys were seen before');

/** A batch to store: its packed text, and its events where they are at hand, or a digest of them. */
export type Batch = {
  packed: PackedBatch;
  events?: StoredEvent[] | undefined;
  digest?: Digest | undefined;
  tokens?: TokenCounts | undefined;
};
type Answer = { accepted: number; duplicates: number };

/**
 * Writing batches of events: their keys, their runs and the state they change, a group
 * of batches in one transaction. `arrivals` tells a recompute (`replay.ts`) of a project
 * every event committed while it replays.
 */
export function ingester(
  db: Database.Database,
  q: Queries,
  rows: StateRows,
  { numOf, readChecklists }: { numOf: (projectId: string) => number; readChecklists: (projectId: string) => ChecklistsRead },
  signals: SignalsStore,
  clock: () => number,
) {
  /**
   * The batch's events not seen before, their keys now inserted: counted once, whatever
   * the retries; an id twice in one batch is new once. Nearly every batch is all new, and
   * its keys go in without each being named back (that costs as much again); only when
   * some were seen is that undone and done again, asking which keys went in.
   */
  const allNew = db.transaction((project: number, ids: string, n: number) => {
    if (q.seeAll.run(project, ids).changes !== n) throw SEEN_BEFORE;
  });
  const freshOf = (project: number, events: StoredEvent[], ids: string): StoredEvent[] => {
    try {
      allNew(project, ids, events.length);
      return events;
    } catch (err) {
      if (err !== SEEN_BEFORE) throw err;
    }
    const inserted = new Set(q.see.all(project, ids));
    return events.filter((e) => inserted.delete(e.messageId));
  };

  /** Per project being recomputed: the events committed since its replay's snapshot. */
  const arrivals = new Map<string, StoredEvent[]>();

  /**
   * A batch whose digest shows it changes no state, stored without parsing it: its keys
   * and its one run. False when it is not such a batch, or some of its keys were seen
   * before; nothing is written then.
   */
  const storedUnparsed = (
    projectId: string,
    project: number,
    { checklists, fingerprint }: ChecklistsRead,
    { ids, body }: PackedBatch,
    d: Digest,
  ): boolean => {
    // A recompute running on the project needs every event that arrives meanwhile.
    if (arrivals.has(projectId)) return false;
    if (fingerprint !== d.checklists) return false;
    const user = rows.storedUser(projectId, d.userId);
    const account = user?.accountId ? rows.storedAccount(projectId, user.accountId) : undefined;
    if (!changesNothing(d, checklists, user, account)) return false;
    try {
      allNew(project, ids, d.count);
    } catch (err) {
      if (err === SEEN_BEFORE) return false;
      throw err;
    }
    const at = clock();
    q.insertRun.run(project, d.userId, 1, ids, body, at);
    // The rows `changesNothing` was given, and the digest's latest timestamp: this path reads nothing more.
    rows.seen(projectId, user!, account, seenAt(d.latest, at));
    return true;
  };

  const ingestOne = (projectId: string, batch: Batch, dropped: number) => {
    const project = numOf(projectId);
    if (dropped > 0) q.addDropped.run(dropped, projectId);
    const read = readChecklists(projectId);
    if (!batch.events && batch.digest && storedUnparsed(projectId, project, read, batch.packed, batch.digest)) {
      return { projectId, accepted: batch.digest.count, duplicates: 0 };
    }
    const events = batch.events ?? unpackBatch(batch.packed);
    const fresh = freshOf(project, events, batch.packed.ids);
    const runs = runsOf(fresh);
    // A rebuild halfway through the batch replays the batch's own tracks too.
    const { ctx, save } = rows.context(projectId, read.checklists, true, runs);
    for (const ev of fresh) applyToState(ctx, ev);
    // Received by the collector's clock (as the request came, on the writer thread): no one is seen later than that.
    const at = clock();
    for (const r of runRows(runs, fresh.length === events.length ? batch.packed : undefined))
      q.insertRun.run(project, r.userId, Number(r.tracks), r.ids, r.body, at);
    const changed = save(sendersOf(fresh, at));
    signals.record(projectId, read.checklists, changed.accounts, changed.activated, clock());
    return { projectId, accepted: fresh.length, duplicates: events.length - fresh.length, fresh };
  };

  /** Answers a committed batch, first telling a recompute of its project what arrived. */
  const settle = (p: Pending, r: ReturnType<typeof ingestOne>) => {
    if (r.fresh) arrivals.get(r.projectId)?.push(...r.fresh);
    p.resolve({ accepted: r.accepted, duplicates: r.duplicates });
  };

  /**
   * Group commit: batches arriving together share one transaction and one fsync, and
   * each is answered only after that commit. Should the group fail, each batch is
   * retried alone, so one bad batch cannot fail its neighbours.
   */
  type Pending = { args: Parameters<typeof ingestOne>; resolve(r: Answer): void; reject(e: unknown): void };
  let pending: Pending[] = [];
  /** The token counts of a group's batches, added up per project: one statement a group, not one a batch. */
  const countTokens = (group: readonly Pending[]) => {
    const sums = new Map<string, TokenCounts>();
    for (const p of group) {
      const [projectId, { tokens: t }] = p.args;
      if (!t) continue;
      const sum = sums.get(projectId);
      if (sum) {
        sum.valid += t.valid;
        sum.invalid += t.invalid;
        sum.missing += t.missing;
      } else sums.set(projectId, { ...t });
    }
    const hour = hourOf(Date.now());
    for (const [projectId, t] of sums) q.addTokenCounts.run(projectId, hour, t.valid, t.invalid, t.missing);
  };
  const drain = () => {
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    try {
      const results = rows.writing(() => {
        countTokens(group);
        return group.map((p) => ingestOne(...p.args));
      });
      group.forEach((p, i) => settle(p, results[i]!));
    } catch {
      for (const p of group) {
        try {
          settle(
            p,
            rows.writing(() => {
              countTokens([p]);
              return ingestOne(...p.args);
            }),
          );
        } catch (err) {
          p.reject(err);
        }
      }
    }
  };
  /** Stores a batch with the next group; `holdMs`: how long a group it opens may wait for more batches (see `writer.ts`). */
  const ingest = (holdMs: number, ...args: Parameters<typeof ingestOne>) =>
    new Promise<Answer>((resolve, reject) => {
      if (pending.push({ args, resolve, reject }) === 1) {
        if (holdMs > 0) setTimeout(drain, holdMs);
        else setImmediate(drain);
      }
    });

  return { ingest, drain, arrivals };
}
