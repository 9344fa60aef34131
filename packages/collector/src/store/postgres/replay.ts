import type pg from 'pg';
import type { StoredEvent } from '../../domain/event.js';
import { unpackRun } from '../../domain/packed.js';
import { applyToState, type AccountRow, type UserRow } from '../../domain/state.js';
import { PROGRESS_EVERY, type Store } from '../../domain/storage.js';
import { byTime } from '../runs.js';
import { keepSeen, trackHistory, writableContext } from './state-rows.js';
import { projectTransaction, transaction } from './transaction.js';
import type { Tell } from './webhooks.js';

/** Runs fetched per round trip while recomputing (a browser's run holds up to a hundred events). */
const REPLAY_PAGE = 500;

/**
 * Replaces a project's checklists and recomputes its state, in two phases, so ingest waits
 * for the writing, not for the replay. Without the project's lock, every stored event is
 * replayed from a snapshot; then, under the lock, the events that arrived since are applied
 * on top and the state is swapped.
 */
export const recompute = (pool: pg.Pool, tell: Tell): Store['putChecklists'] => {
  // One recompute at a time in this process: each holds its snapshot's connection while it
  // takes another for the project's lock, and ten at once held all ten of the pool's,
  // each waiting for an eleventh, so every request of every project waited for ever.
  let last: Promise<unknown> = Promise.resolve();
  return (projectId, checklists, progress) => {
    const run = last.then(() => recomputeNow(pool, tell, projectId, checklists, progress));
    last = run.catch(() => {});
    return run;
  };
};

async function recomputeNow(
  pool: pg.Pool,
  tell: Tell,
  projectId: string,
  checklists: Parameters<Store['putChecklists']>[1],
  progress: Parameters<Store['putChecklists']>[2],
): Promise<void> {
  const users = new Map<string, UserRow>();
  const accounts = new Map<string, AccountRow>();
  let history = new Map<string, StoredEvent[]>();
  const { ctx, finish, save, changed } = writableContext(checklists, users, accounts, (id) => history.get(id) ?? []);
  let seen = '0';
  await transaction(
    pool,
    async (reader) => {
      // PostgreSQL takes the snapshot at the first statement, here while the project's
      // lock is held: ingest that is half-way finishes first, and whatever the snapshot
      // misses comes after its last `seq`.
      await projectTransaction(pool, projectId, async () => {
        seen = (await reader.query('SELECT COALESCE(MAX(seq), 0) AS seq FROM runs WHERE project_id = $1', [projectId])).rows[0].seq;
      });
      const total = Number((await reader.query('SELECT COUNT(*) AS n FROM seen WHERE project_id = $1', [projectId])).rows[0].n);
      // Identify and group first, by time, so who is in which role and account is settled
      // before any track is counted and nobody needs rebuilding; tracks count the same in any order.
      let replayed = 0;
      const apply = (ev: StoredEvent) => {
        applyToState(ctx, ev, true);
        if (++replayed % PROGRESS_EVERY === 0 && replayed < total) progress?.(replayed, total);
      };
      const profiles = (
        await reader.query('SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND NOT tracks', [projectId])
      ).rows.flatMap(unpackRun);
      for (const ev of profiles.sort(byTime)) apply(ev);
      // A cursor, so a million events are never all in memory at once.
      // In arrival order, as live ingest saw them: a person placed by a track's account is placed alike.
      await reader.query(
        'DECLARE replay NO SCROLL CURSOR FOR SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND tracks ORDER BY seq',
        [projectId],
      );
      for (;;) {
        const { rows } = await reader.query(`FETCH ${REPLAY_PAGE} FROM replay`);
        for (const r of rows) for (const ev of unpackRun(r)) apply(ev);
        if (rows.length < REPLAY_PAGE) break;
      }
      progress?.(replayed, total);
    },
    { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' },
  );
  await projectTransaction(pool, projectId, async (c) => {
    const late = (await c.query('SELECT user_id, ids, body FROM runs WHERE project_id = $1 AND seq > $2', [projectId, seen])).rows
      .flatMap(unpackRun)
      .sort(byTime);
    history = await trackHistory(
      c,
      projectId,
      late.filter((e) => e.type !== 'track' || e.accountId).map((e) => e.userId),
    );
    for (const ev of late) applyToState(ctx, ev);
    await c.query('INSERT INTO checklists (project_id, body) VALUES ($1, $2) ON CONFLICT (project_id) DO UPDATE SET body = EXCLUDED.body', [
      projectId,
      JSON.stringify(checklists),
    ]);
    // What the new definitions change is told as any change is: against what was.
    const wasActivated = new Set(
      (await c.query('SELECT user_id FROM users WHERE project_id = $1 AND activated_at IS NOT NULL', [projectId])).rows.map(
        (r) => r.user_id as string,
      ),
    );
    await keepSeen(c, projectId, users, accounts);
    await c.query('DELETE FROM users WHERE project_id = $1', [projectId]);
    await c.query('DELETE FROM accounts WHERE project_id = $1', [projectId]);
    // Every row is new to the memory context, so `save` writes them all.
    finish();
    await save(c, projectId);
    const { accounts: touched, activated } = changed();
    await tell(c, projectId, checklists, { accounts: touched, activated: activated.filter((u) => !wasActivated.has(u.userId)) });
  });
}
