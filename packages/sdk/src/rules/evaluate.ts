import type { Checklist, ChecklistItem, Hit, Hits, Progress, RuleEvent } from './types.js';

/** The reserved event that `complete(itemId)` tracks to finish a manual item. */
export const ITEM_COMPLETED = 'firstwin:item_completed';
export const RESERVED_PREFIX = 'firstwin:';

export const itemScope = (item: ChecklistItem): 'user' | 'account' => item.scope ?? 'user';

const required = (item: ChecklistItem): number => (item.completeOn === 'manual' ? 1 : (item.completeOn.count ?? 1));

/** Does this one event count toward this item (ignoring how many are needed)? */
export function matches(checklist: Checklist, item: ChecklistItem, ev: Pick<RuleEvent, 'event' | 'properties'>): boolean {
  const props = ev.properties ?? {};
  if (item.completeOn === 'manual') {
    return ev.event === ITEM_COMPLETED && props.checklistId === checklist.id && props.itemId === item.id;
  }
  if (ev.event !== item.completeOn.event) return false;
  const where = item.completeOn.where;
  if (!where) return true;
  for (const key of Object.keys(where)) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; the SDK runs in ES2020 browsers
    if (!Object.prototype.hasOwnProperty.call(props, key) || props[key] !== where[key]) return false;
  }
  return true;
}

/**
 * Records `ev` in `hits` for every item of `checklist` it matches (restricted to one
 * scope when given). Mutates `hits`; returns the ids of items whose hits changed.
 * A messageId already counted for an item is ignored, so re-delivered events are harmless.
 */
export function applyEvent(hits: Hits, checklist: Checklist, ev: RuleEvent, scope?: 'user' | 'account'): string[] {
  const changed: string[] = [];
  for (const item of checklist.items) {
    if (scope && itemScope(item) !== scope) continue;
    if (matches(checklist, item, ev) && addHit(hits, item, { id: ev.messageId, at: ev.timestamp })) changed.push(item.id);
  }
  return changed;
}

/**
 * Adds one match of `item` to `hits`, keeping only the `count` earliest (ties broken
 * by id so every replica agrees). Returns whether anything changed. Merging two
 * devices' or tabs' hits is adding one's hits to the other's.
 */
export function addHit(hits: Hits, item: ChecklistItem, hit: Hit): boolean {
  const list = hits[item.id] ?? [];
  if (list.some((h) => h.id === hit.id)) return false;
  const cap = required(item);
  if (list.length >= cap) {
    if (compareHits(hit, list[list.length - 1]!) >= 0) return false;
    list.pop();
  }
  let i = list.length;
  while (i > 0 && compareHits(list[i - 1]!, hit) > 0) i--;
  list.splice(i, 0, { id: hit.id, at: hit.at });
  hits[item.id] = list;
  return true;
}

/** Adds every hit of `from` to `into` for the items of `checklist`; returns whether `into` changed. */
export function mergeHits(into: Hits, from: Hits, checklist: Checklist): boolean {
  let changed = false;
  for (const item of checklist.items) for (const hit of from[item.id] ?? []) changed = addHit(into, item, hit) || changed;
  return changed;
}

const compareHits = (a: Hit, b: Hit): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Epoch ms at which `item` was completed according to `hits`, or null. */
export function completedAt(item: ChecklistItem, hits: Hits | undefined): number | null {
  const list = hits?.[item.id];
  const n = required(item);
  return list && list.length >= n ? list[n - 1]!.at : null;
}

export const activationItems = (checklist: Checklist): string[] => checklist.activation ?? checklist.items.map((i) => i.id);

/**
 * The person's progress on `checklist`: user-scoped items from `userHits`,
 * account-scoped ones from `accountHits` (the whole account's events). `known`
 * adds completion times learnt elsewhere (the SDK merges the collector's answer);
 * the earlier time wins, so merging is order-independent.
 */
export function evaluate(
  checklist: Checklist,
  userHits: Hits | undefined,
  accountHits?: Hits,
  known?: Record<string, string | number>,
): Progress {
  const times = new Map<string, number | null>();
  const items = checklist.items.map((item) => {
    let at = completedAt(item, itemScope(item) === 'account' ? accountHits : userHits);
    const other = known?.[item.id];
    const otherAt = other === undefined ? NaN : new Date(other).getTime();
    if (!Number.isNaN(otherAt) && (at === null || otherAt < at)) at = otherAt;
    times.set(item.id, at);
    return { id: item.id, done: at !== null, completedAt: at === null ? null : new Date(at).toISOString() };
  });
  let activatedAt: number | null = -Infinity;
  for (const id of activationItems(checklist)) {
    const at = times.get(id) ?? null;
    if (at === null) {
      activatedAt = null;
      break;
    }
    activatedAt = Math.max(activatedAt, at);
  }
  const activated = activatedAt !== null && activatedAt !== -Infinity;
  return {
    checklistId: checklist.id,
    items,
    activated,
    activatedAt: activated ? new Date(activatedAt as number).toISOString() : null,
  };
}

/** The checklist for `role`; a project has at most one per role. */
export const checklistForRole = (checklists: readonly Checklist[], role: string | undefined): Checklist | undefined =>
  role === undefined ? undefined : checklists.find((c) => c.role === role);
