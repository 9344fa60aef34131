import { createHash } from 'node:crypto';
import { ITEM_COMPLETED, checklistForRole, completedAt, itemScope, matches, type Checklist, type ChecklistItem } from '@firstwin/sdk/rules';
import type { AccountRow, UserRow } from './state.js';
import type { StoredEvent } from './event.js';

/**
 * What a batch can change, told without its events: made where the events are at hand
 * (the HTTP thread), so that the writer need not parse a batch that changes no state.
 * Most traffic is such a batch: a person goes on tracking the events of items they
 * finished long ago, and each event is later than the hits that finished them.
 */
export interface Digest {
  /** The batch's one person: a digest is made only for track events of one person. */
  userId: string;
  /** How many events it holds. */
  count: number;
  /** Whether some event names an account (a person in none would join it). */
  namesAccount: boolean;
  /** The earliest timestamp of the batch. */
  earliest: number;
  /** The latest timestamp of the batch: when its person was last seen (`last-seen.ts`). */
  latest: number;
  /** Every checklist item some event matches: [checklist index, item index, earliest matching timestamp]. */
  matched: Array<[number, number, number]>;
  /** The fingerprint of the checklists' stored text the matching was done against: any other, and the digest says nothing. */
  checklists: string;
}

/** Names a checklists text in a digest: a digest crosses threads with every batch, the text would double its cost. */
export const fingerprintOf = (text: string): string => createHash('sha256').update(text).digest('base64url');

type Candidate = { n: number; ci: number; ii: number; checklist: Checklist; item: ChecklistItem };
/** Per set of checklists: the items each event name may complete, numbered. */
const indexes = new WeakMap<readonly Checklist[], { byName: Map<string, Candidate[]>; size: number }>();
function indexOf(checklists: readonly Checklist[]) {
  let index = indexes.get(checklists);
  if (index) return index;
  const byName = new Map<string, Candidate[]>();
  let size = 0;
  checklists.forEach((checklist, ci) =>
    checklist.items.forEach((item, ii) => {
      const name = item.completeOn === 'manual' ? ITEM_COMPLETED : item.completeOn.event;
      byName.set(name, [...(byName.get(name) ?? []), { n: size++, ci, ii, checklist, item }]);
    }),
  );
  indexes.set(checklists, (index = { byName, size }));
  return index;
}

/** The digest of a batch of one person's track events, or undefined for any other batch. */
export function digest(events: readonly StoredEvent[], checklists: readonly Checklist[], fingerprint: string): Digest | undefined {
  const userId = events[0]?.userId;
  if (!userId) return undefined;
  const { byName, size } = indexOf(checklists);
  let namesAccount = false;
  let earliest = Infinity;
  let latest = -Infinity;
  const at: Array<number | undefined> = new Array(size);
  for (const ev of events) {
    if (ev.type !== 'track' || ev.userId !== userId) return undefined;
    if (ev.accountId) namesAccount = true;
    if (ev.timestamp < earliest) earliest = ev.timestamp;
    if (ev.timestamp > latest) latest = ev.timestamp;
    for (const c of byName.get(ev.event!) ?? []) {
      if (matches(c.checklist, c.item, ev as { event: string })) at[c.n] = Math.min(at[c.n] ?? Infinity, ev.timestamp);
    }
  }
  const matched: Digest['matched'] = [];
  for (const cs of byName.values()) for (const c of cs) if (at[c.n] !== undefined) matched.push([c.ci, c.ii, at[c.n]!]);
  return { userId, count: events.length, namesAccount, earliest, latest, matched, checklists: fingerprint };
}

/**
 * Whether applying the digested batch to these stored rows (`account`: the person's
 * account's row) would change nothing, as `applyToState` would find event by event: the
 * person is in an account already (or none is named), that account's first event is no
 * later, and every item an event matches holds all the hits it counts, each earlier than
 * the event (an event at the same time could displace a hit by its messageId). Strict
 * where unsure: `false` only costs the usual path.
 */
export function changesNothing(
  d: Digest,
  checklists: readonly Checklist[],
  user: UserRow | undefined,
  account: AccountRow | undefined,
): boolean {
  if (!user || (!user.accountId && d.namesAccount)) return false;
  if (user.accountId && (!account || account.firstEventAt === null || d.earliest < account.firstEventAt)) return false;
  const list = checklistForRole(checklists, user.role ?? undefined);
  for (const [ci, ii, at] of d.matched) {
    const c = checklists[ci];
    const item = c?.items[ii];
    if (!c || !item) return false;
    let hits;
    if (itemScope(item) === 'user') {
      if (c !== list) continue;
      hits = user.hits;
    } else {
      if (!user.accountId) continue;
      hits = account!.hits[c.id];
    }
    const done = completedAt(item, hits);
    if (done === null || done >= at) return false;
  }
  return true;
}
