import Database from 'better-sqlite3';
import type { Checklist } from '@firstwin/sdk/rules';
import type { StoredEvent } from '../../domain/event.js';
import { unpackRun, type RunRow } from '../../domain/packed.js';
import { applyToState } from '../../domain/state.js';
import { PROGRESS_EVERY, type Progress } from '../../domain/storage.js';
import { byTime } from '../runs.js';
import { COUNT_EVENTS, RUNS_OF_KIND, type Queries } from './queries.js';
import type { SignalsStore } from './signals.js';
import type { StateRows } from './state-rows.js';

/** Events a recompute replays before letting ingest have a turn. */
const REPLAY_CHUNK = 1_000;

/**
 * Recomputing a project's state from every stored event, in two phases, so ingest goes on
 * meanwhile. Every stored event is replayed from a snapshot on a second connection, a
 * chunk per turn of the event loop, while the batches committed meanwhile are collected
 * (`arrivals`, filled by `ingest.ts`); then one transaction applies those on top and swaps
 * in the new state. Recomputes run one at a time.
 */
export function recomputer(
  file: string,
  q: Queries,
  rows: StateRows,
  numOf: (projectId: string) => number,
  arrivals: Map<string, StoredEvent[]>,
  signals: SignalsStore,
  clock: () => number,
) {
  async function replay(projectId: string, checklists: Checklist[], progress?: Progress) {
    const reader = new Database(file, { readonly: true });
    const arrived: StoredEvent[] = [];
    try {
      const { ctx, save, keepSeen } = rows.context(projectId, checklists, false);
      const project = numOf(projectId);
      reader.prepare('BEGIN').run();
      // The snapshot is taken and the collecting starts in one turn: no commit falls between.
      const total = (reader.prepare(COUNT_EVENTS).get(project) as { n: number }).n;
      arrivals.set(projectId, arrived);
      const runs = reader.prepare<[number, number], RunRow>(RUNS_OF_KIND);
      // Identify and group first, by time, so who is in which role and account is settled
      // before any track is counted and nobody needs rebuilding; tracks count the same in any order.
      const profiles: StoredEvent[] = [];
      for (const row of runs.iterate(project, 0)) profiles.push(...unpackRun(row));
      let replayed = 0;
      /** Whether ingest should have a turn now. */
      const apply = (ev: StoredEvent) => (applyToState(ctx, ev, true), ++replayed % REPLAY_CHUNK === 0);
      const breathe = () => {
        if (replayed % PROGRESS_EVERY === 0 && replayed < total) progress?.(replayed, total);
        return new Promise(setImmediate);
      };
      for (const ev of profiles.sort(byTime)) if (apply(ev)) await breathe();
      for (const row of runs.iterate(project, 1)) {
        for (const ev of unpackRun(row)) if (apply(ev)) await breathe();
      }
      progress?.(replayed, total);
      rows.writing(() => {
        // Every row is replaced: none kept from before stays true.
        rows.forgetRows();
        arrived.sort(byTime);
        for (const ev of arrived) applyToState(ctx, ev);
        q.putChecklists.run(projectId, JSON.stringify(checklists));
        // What the new definitions change is told as any change is: against what was.
        const wasActivated = signals.activatedUsers(projectId);
        const storedSignals = signals.storedAll(projectId);
        keepSeen();
        q.clearUsers.run(projectId);
        q.clearAccounts.run(projectId);
        // Every row is new to the memory context, so `save` writes them all.
        const changed = save();
        const activated = changed.activated.filter((u) => !wasActivated.has(u.userId));
        signals.record(projectId, checklists, changed.accounts, activated, clock(), storedSignals);
      });
    } finally {
      arrivals.delete(projectId);
      reader.close();
    }
  }
  let recomputing: Promise<void> = Promise.resolve();
  return (...args: Parameters<typeof replay>) => (recomputing = recomputing.catch(() => {}).then(() => replay(...args)));
}
