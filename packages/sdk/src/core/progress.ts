import { applyEvent, evaluate, mergeHits } from '../rules/evaluate.js';
import type { Checklist, Progress } from '../rules/types.js';
import { checklistOf, type Core } from './core.js';
import type { Session } from './session.js';
import type { UserRecord } from './user-store.js';

/** Folds another copy of a person's record into `into`; answers whether anything was new. */
export function absorb(into: UserRecord, from: UserRecord, list: Checklist | undefined): boolean {
  let changed = list ? mergeHits(into.hits, from.hits, list) : false;
  for (const [id, at] of Object.entries(from.remote)) {
    if (into.remote[id] === undefined) changed = Boolean((into.remote[id] = at));
  }
  if (from.dismissed && !into.dismissed) changed = into.dismissed = true;
  if (from.closed && !into.closed) changed = into.closed = true;
  return changed;
}

export const compute = (s: Session, list: Checklist): Progress =>
  // Locally a person's own events complete account-scoped items too; the rest of
  // the account's progress arrives in `remote` from the collector.
  evaluate(list, s.record.hits, s.record.hits, s.record.remote);

/**
 * A person's progress from every source (this tab, other tabs, the collector), merged so
 * it only grows, saved, and announced: `render` after each change.
 */
export function createProgress(core: Core, render: () => void) {
  let saving = Promise.resolve();

  /** Saves merged with what another tab may have stored meanwhile. */
  const persist = (s: Session) => {
    saving = saving
      .then(async () => {
        const stored = await core.store!.load(s.userId);
        if (stored) absorb(s.record, stored, checklistOf(core));
        await core.store!.save(s.userId, s.record);
        core.channel?.postMessage({ userId: s.userId });
      })
      .catch((err) => core.debug('could not save progress', err));
  };

  /** Applies a change, emits what it completed, and saves it unless `mutate` says nothing changed. */
  const change = (s: Session, mutate: (list: Checklist) => boolean | void) => {
    const list = checklistOf(core);
    if (!list) return;
    const { emitter } = core;
    const before = compute(s, list);
    if (mutate(list) === false) return;
    const after = compute(s, list);
    after.items.forEach((item, i) => {
      if (item.done && !before.items[i]!.done) {
        emitter.emit('item_completed', { checklistId: list.id, itemId: item.id, completedAt: item.completedAt });
      }
    });
    const all = (p: Progress) => p.items.every((i) => i.done);
    if (all(after) && !all(before)) {
      s.justCompleted = true;
      emitter.emit('checklist_completed', { checklistId: list.id });
    }
    if (after.activated && !before.activated) emitter.emit('activated', { checklistId: list.id, activatedAt: after.activatedAt });
    persist(s);
    render();
  };

  return {
    persist,
    change,
    /** Events tracked before the record and the checklist were both known, applied now. */
    applyPending(s: Session) {
      if (!s.pending || !checklistOf(core)) return;
      const events = s.pending;
      s.pending = null;
      change(s, (list) => events.forEach((ev) => applyEvent(s.record.hits, list, ev)));
    },
    /** Another tab saved this person's progress. Only a real change is saved and announced, or two tabs would echo each other forever. */
    async syncFromStore(s: Session) {
      const stored = await core.store!.load(s.userId);
      if (stored && core.session === s) change(s, (list) => absorb(s.record, stored, list));
    },
    /** What the collector knows (other devices, the account's items). */
    mergeRemote(s: Session, done: Record<string, string>) {
      if (core.session === s) change(s, (list) => absorb(s.record, { hits: {}, remote: done, dismissed: false }, list));
    },
  };
}
