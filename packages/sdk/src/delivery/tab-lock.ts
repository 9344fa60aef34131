/** Runs `fn` while no other tab of the app runs a send cycle. */
export type Lock = (name: string, fn: () => Promise<void>) => Promise<void>;

/** "Some tab removed acknowledged messages": lets flush() in other tabs settle. */
export interface Channel {
  post(): void;
  listen(fn: () => void): void;
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
export function broadcast(name: string) {
  if (typeof BroadcastChannel == 'undefined') return undefined;
  const bc = new BroadcastChannel(name);
  return {
    post: (data?: unknown) => bc.postMessage(data),
    listen: (fn: (data: unknown) => void) => void (bc.onmessage = (e) => fn(e.data)),
    close: () => bc.close(),
  };
}
