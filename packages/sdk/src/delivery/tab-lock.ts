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

export function broadcast(name: string): Channel | undefined {
  if (typeof BroadcastChannel == 'undefined') return undefined;
  const bc = new BroadcastChannel(name);
  return { post: () => bc.postMessage(1), listen: (fn) => void (bc.onmessage = fn), close: () => bc.close() };
}
