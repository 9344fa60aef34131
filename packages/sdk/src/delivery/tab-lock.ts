/** Runs `fn` while no other tab of the app runs a send cycle. */
export type Lock = (name: string, fn: () => Promise<void>) => Promise<void>;

/**
 * What the tabs of an app tell each other (tuples: this ships in the tracking bundle).
 * Ids: messages this tab sent and the collector acknowledged (or refused for good), so
 * the others neither wait on them in flush() nor send them on hide. HELLO: a visible tab
 * that sends is here (answered with one by visible tabs it is new to); BYE: it is hidden
 * or going. Nothing: what versions before these notes sent after a batch.
 */
export type TabNote = undefined | string[] | [kind: typeof HELLO | typeof BYE, tab: number];
export const HELLO = 0;
export const BYE = 1;

/** What Firstwin needs of a BroadcastChannel, whose `onmessage` hears what the other tabs post; tests hand in their own. */
export interface Channel<T = TabNote> {
  postMessage(data: T): void;
  onmessage: ((e: MessageEvent<T>) => void) | null;
  close(): void;
}

/**
 * Web Locks where the browser has them (all current ones). Without them, or where
 * they are refused (opaque origins), each tab still runs one cycle at a time, but two
 * tabs may send the same message: the collector counts a messageId once, so the
 * fallback costs bandwidth, never correctness.
 */
export const webLock: Lock = (name, fn) => {
  let entered = false;
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return fn();
  return Promise.resolve()
    .then(() => locks.request(name, () => ((entered = true), fn())))
    .catch((err: unknown) => {
      if (entered) throw err;
      return fn();
    });
};

/** A BroadcastChannel where the browser has one. */
export const broadcast = <T = TabNote>(name: string): Channel<T> | undefined =>
  typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(name);
