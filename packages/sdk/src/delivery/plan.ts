import { take } from './batch.js';
import type { Message } from './types.js';

/** Browsers give all keepalive requests of a page 64 kB together; leave the rest to the host app. */
export const KEEPALIVE_BYTES = 60_000;

/**
 * What a send cycle may send now: queued messages neither sent earlier in this cycle
 * (so a store that fails to delete cannot turn the cycle into a flood) nor sent on page
 * hide a moment ago (`beaconed`: messageId → until when they are left out). `later`:
 * when the first of those is due, if any.
 */
export function sendable(queued: Message[], beaconed: Map<string, number>, sent: Set<string>, now: number) {
  let later = Infinity;
  const ready = queued.filter((m) => {
    const until = beaconed.get(m.messageId) ?? 0;
    if (until > now) later = Math.min(later, until - now);
    return until <= now && !sent.has(m.messageId);
  });
  return { ready, later };
}

/** What goes out on page hide: this tab's messages not sent that way a moment ago, as many as the keepalive budget holds. */
export const onHide = (mine: Iterable<Message>, beaconed: Map<string, number>, now: number, key: string): Message[] =>
  take(
    [...mine].filter((m) => !((beaconed.get(m.messageId) ?? 0) > now)),
    Infinity,
    KEEPALIVE_BYTES - 200 - key.length,
  );

/** FNV-1a: a short, stable name per project that keeps the key out of storage names. */
export const hash = (s: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x1000193);
  return (h >>> 0).toString(36);
};
