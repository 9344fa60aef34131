import type pg from 'pg';
import type { StoredEvent } from '../../domain/event.js';
import type { PackedBatch } from '../../domain/packed.js';
import { sendersOf } from '../../domain/last-seen.js';
import { applyToState } from '../../domain/state.js';
import type { Store } from '../../domain/storage.js';
import { runRows, runsOf } from '../runs.js';
import { hourOf, noTokens, type TokenCounts } from '../../domain/identity-token.js';
import { checklistsOf } from './reads.js';
import { preload } from './state-rows.js';
import { projectTransaction } from './transaction.js';
import type { Tell } from './webhooks.js';

/** Batches written in one transaction at most, so a burst is not one huge statement. */
const MAX_GROUP = 32;

type Answer = { accepted: number; duplicates: number };
type Pending = {
  events: StoredEvent[];
  packed: PackedBatch;
  dropped: number;
  tokens: TokenCounts | undefined;
  resolve(a: Answer): void;
  reject(e: unknown): void;
};

/** Stores a group of batches of one project in one transaction, answering each as if it had come alone, in order. */
const ingestGroup = (pool: pg.Pool, tell: Tell, clock: () => number, projectId: string, group: Pending[]) =>
  projectTransaction(pool, projectId, async (c): Promise<Answer[]> => {
    const events = group.flatMap((p) => p.events);
    const inserted = new Set<string>();
    if (events.length) {
      const { rows } = await c.query(
        'INSERT INTO seen (project_id, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING message_id',
        [projectId, events.map((e) => e.messageId)],
      );
      for (const r of rows) inserted.add(r.message_id);
    }
    // A messageId repeated in the group is new only at its first occurrence.
    const freshOf = group.map((p) => p.events.filter((e) => inserted.delete(e.messageId)));
    // Received by the collector's clock: no one is seen later than that.
    const at = clock();
    // Written before the state is applied: a person rebuilt reads this group's tracks too.
    const runs = group.flatMap((p, i) => runRows(runsOf(freshOf[i]!), freshOf[i]!.length === p.events.length ? p.packed : undefined));
    if (runs.length) {
      await c.query(
        `INSERT INTO runs (project_id, user_id, tracks, ids, body, received_at)
       SELECT $1, *, $6 FROM unnest($2::text[], $3::boolean[], $4::text[], $5::text[])`,
        [projectId, runs.map((r) => r.userId), runs.map((r) => r.tracks), runs.map((r) => r.ids), runs.map((r) => r.body), at],
      );
    }
    const fresh = freshOf.flat();
    if (fresh.length) {
      const checklists = await checklistsOf(c, projectId);
      // A pass that asked for people not read is done again with them; nothing is
      // written before the last. Usually one pass, rarely two.
      const withPeopleOf = new Set<string>();
      for (;;) {
        const unread = new Set<string>();
        const { ctx, finish, save, changed } = await preload(c, projectId, fresh, checklists, withPeopleOf, unread);
        for (const ev of fresh) applyToState(ctx, ev);
        finish();
        if (unread.size) {
          for (const a of unread) withPeopleOf.add(a);
          continue;
        }
        await save(c, projectId, sendersOf(fresh, at));
        await tell(c, projectId, checklists, changed());
        break;
      }
    }
    const dropped = group.reduce((n, p) => n + p.dropped, 0);
    if (dropped > 0) await c.query('UPDATE projects SET dropped_events = dropped_events + $1 WHERE id = $2', [dropped, projectId]);
    const tokens = group.reduce(
      (n, p) =>
        p.tokens ? { valid: n.valid + p.tokens.valid, invalid: n.invalid + p.tokens.invalid, missing: n.missing + p.tokens.missing } : n,
      noTokens(),
    );
    if (tokens.valid + tokens.invalid + tokens.missing > 0) {
      await c.query(
        `INSERT INTO token_counts (project_id, hour, valid, invalid, missing) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id, hour) DO UPDATE SET valid = token_counts.valid + excluded.valid,
         invalid = token_counts.invalid + excluded.invalid, missing = token_counts.missing + excluded.missing`,
        [projectId, hourOf(Date.now()), tokens.valid, tokens.invalid, tokens.missing],
      );
    }
    return group.map((p, i) => ({ accepted: freshOf[i]!.length, duplicates: p.events.length - freshOf[i]!.length }));
  });

/**
 * Group commit, per project: the batches that arrive while one group is written wait,
 * and go together in the next transaction. Writers of a project take turns on its lock
 * anyway; a group takes the lock, makes the round trips and commits once for all of its
 * batches. Should a group fail, each batch is retried alone, so one bad batch cannot
 * fail its neighbours. `settled` waits for every group being written (closing does).
 */
export function groupCommit(pool: pg.Pool, tell: Tell, clock: () => number) {
  const waiting = new Map<string, Pending[]>();
  /** Each project's writing of groups, until its queue is empty. */
  const writing = new Set<Promise<void>>();
  async function writeGroups(projectId: string, first: Pending[]) {
    waiting.set(projectId, []);
    for (let group = first; group.length; group = waiting.get(projectId)!.splice(0, MAX_GROUP)) {
      try {
        const answers = await ingestGroup(pool, tell, clock, projectId, group);
        group.forEach((p, i) => p.resolve(answers[i]!));
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err);
        else for (const p of group) await ingestGroup(pool, tell, clock, projectId, [p]).then(([a]) => p.resolve(a!), p.reject);
      }
    }
    waiting.delete(projectId);
  }
  const ingest: Store['ingest'] = (projectId, events, packed, dropped = 0, tokens = undefined) =>
    new Promise((resolve, reject) => {
      const queue = waiting.get(projectId);
      if (queue) queue.push({ events, packed, dropped, tokens, resolve, reject });
      else {
        const w = writeGroups(projectId, [{ events, packed, dropped, tokens, resolve, reject }]);
        writing.add(w);
        void w.finally(() => writing.delete(w));
      }
    });
  return { ingest, settled: () => Promise.allSettled([...writing]) };
}
