/** Runs `fn` while no other tab of the app runs a send cycle. */
export type Lock = (name: string, fn: () => Promise<void>) => Promise<void>;

/**
 * What the tabs of an app tell each other (tuples: this ships in the tracking bundle).
 * Nothing: "some tab removed acknowledged messages", so flush() elsewhere can settle.
 * HELLO: a tab that sends is open (a tab answers one from a tab new to it with its own);
 * BYE: it is going.
 */
export type TabNote = undefined | [kind: typeof HELLO | typeof BYE, tab: number];
export const HELLO = 0;
export const BYE = 1;

export interface Channel {
  post(note?: TabNote): void;
  listen(fn: (note: TabNote) => void): void;
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
  const locks = typeof navigator == 'undefined' ? undefined : navigator.locks;
  if (!locks) return fn();
  return Promise.resolve()
    .then(() => locks.request(name, () => ((entered = true), fn())))
    .catch((err: unknown) => {
      if (entered) throw err;
      return fn();
    });
};

/** A BroadcastChannel where the browser has one; `listen` hears what other tabs `post`. */
export function broadcast(name: string): Channel | undefined {
  if (typeof BroadcastChannel == 'undefined') return undefined;
  const bc = new BroadcastChannel(name);
  return {
    post: (note) => bc.postMessage(note),
    listen: (fn) => void (bc.onmessage = (e) => fn(e.data as TabNote)),
    close: () => bc.close(),
  };
}
