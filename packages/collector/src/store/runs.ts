import { packBatch, type PackedBatch } from '../domain/packed.js';
import type { StoredEvent } from '../domain/event.js';

/**
 * Events are kept in runs: one row per person and kind per batch, its events packed
 * (`packed.ts`) in one JSON array and their ids in another, beside one narrow `seen` row
 * per message id for deduplication. A browser's batch is one person's, so it costs one
 * wide row and a hundred narrow keys rather than a hundred wide rows in several indexes.
 * Keyed by the kind (`1` track, `0` identify and group) and then the userId: a userId
 * may hold any character, the kind is one.
 */
export function runsOf(events: StoredEvent[]): Map<string, StoredEvent[]> {
  const runs = new Map<string, StoredEvent[]>();
  for (const ev of events) {
    const key = (ev.type === 'track' ? '1' : '0') + ev.userId;
    const run = runs.get(key);
    if (run) run.push(ev);
    else runs.set(key, [ev]);
  }
  return runs;
}

/**
 * A batch's runs as rows. `whole`: the batch packed, given when every event of the batch is
 * in `runs`; a batch that is one run (nearly every browser batch) keeps that very text.
 */
export function runRows(
  runs: Map<string, StoredEvent[]>,
  whole: PackedBatch | undefined,
): Array<{ userId: string; tracks: boolean; ids: string; body: string }> {
  return [...runs].map(([key, run]) => {
    const { ids, body } = runs.size === 1 && whole !== undefined ? whole : packBatch(run);
    return { userId: key.slice(1), tracks: key[0] === '1', ids, body };
  });
}

/** Replay order for identify and group events: by time, then id, so equal times replay alike everywhere. */
export const byTime = (a: StoredEvent, b: StoredEvent) =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);
