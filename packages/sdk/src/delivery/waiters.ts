import type { Message } from './types.js';

/**
 * What flush() waits on: this tab's messages not yet seen leaving the queue (`mine`,
 * also what page hide sends without reading IndexedDB, too slow in `pagehide`) and
 * what earlier pages or other tabs had queued when flush() was called.
 */
export function createWaiters(maxCount: number) {
  const mine = new Map<string, Message>();
  // Each flush() and the ids it still waits on.
  let waiters: Array<{ ids: Set<string>; resolve(): void }> = [];
  const left = (id: string) => {
    mine.delete(id);
    waiters.forEach((w) => w.ids.delete(id));
  };

  return {
    mine,
    /** A message left the queue (acknowledged, refused or dropped): nothing waits on it any more. */
    left,
    /** Noted as queued by this tab; the note is bounded like the queue, for pages that cannot send for hours. */
    add(msg: Message) {
      mine.set(msg.messageId, msg);
      if (mine.size > maxCount) mine.delete(mine.keys().next().value!);
    },
    /**
     * A flush(): it waits on this tab's messages and on whatever else `queued` holds (read
     * afresh, so ids another tab sent since an earlier flush() are not). False: nothing to wait on.
     */
    wait(queued: Message[], resolve: () => void): boolean {
      const ids = new Set([...mine.keys(), ...queued.map((m) => m.messageId)]);
      if (ids.size) waiters.push({ ids, resolve });
      return ids.size > 0;
    },
    /**
     * Resolves each flush() whose messages all left, first letting go of those `present`
     * (the queue as read) no longer holds: another tab sent them. Answers whether any still wait.
     */
    settle(present?: Set<string>): boolean {
      if (present) for (const w of waiters) for (const i of w.ids) if (!present.has(i)) left(i);
      waiters = waiters.filter((w) => w.ids.size || (w.resolve(), false));
      return waiters.length > 0;
    },
    /** Nothing more will be acknowledged in this page: a hanging flush() would only block the caller. */
    release() {
      waiters.forEach((w) => w.resolve());
      waiters = [];
    },
  };
}
