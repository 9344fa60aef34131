import type { Message } from './types.js';

/**
 * What flush() waits on: this tab's messages not yet seen leaving the queue (`mine`,
 * also what page hide sends without reading IndexedDB, too slow in `pagehide`) and
 * what earlier pages or other tabs had queued when flush() was called (`adopted`).
 */
export function createWaiters(maxCount: number) {
  const mine = new Map<string, Message>();
  let adopted = new Set<string>();
  let waiters: Array<{ ids: string[]; resolve(): void }> = [];
  const waited = (id: string) => mine.has(id) || adopted.has(id);
  const left = (id: string) => {
    mine.delete(id);
    adopted.delete(id);
  };

  return {
    mine,
    /** Noted as queued by this tab; the note is bounded like the queue, for pages that cannot send for hours. */
    add(msg: Message) {
      mine.set(msg.messageId, msg);
      if (mine.size > maxCount) mine.delete(mine.keys().next().value!);
    },
    /** A message left the queue (acknowledged, refused or dropped): nothing waits on it any more. */
    left,
    /** What flush() waits on now: this tab's, and whatever else `queued` holds (read afresh, so ids another tab sent since are not). */
    adopt(queued: Message[]): string[] {
      adopted = new Set(queued.map((m) => m.messageId).filter((i) => !mine.has(i)));
      return [...mine.keys(), ...adopted];
    },
    wait(ids: string[], resolve: () => void) {
      waiters.push({ ids, resolve });
    },
    /** Resolves each flush() whose messages all left; answers whether any still wait. */
    resolve(): boolean {
      waiters = waiters.filter((w) => w.ids.some(waited) || (w.resolve(), false));
      return waiters.length > 0;
    },
    /** Lets go of the ids `present` (the queue as read) no longer holds: another tab sent them. */
    keepOnly(present: Set<string>) {
      for (const i of [...mine.keys(), ...adopted]) if (!present.has(i)) left(i);
    },
    get waiting() {
      return waiters.length > 0;
    },
    /** Nothing more will be acknowledged in this page: a hanging flush() would only block the caller. */
    releaseAll() {
      waiters.forEach((w) => w.resolve());
      waiters = [];
    },
  };
}
