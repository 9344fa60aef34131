/**
 * Wrong passwords, counted per client address and per email over a window: each
 * failure makes the next answer slower, and past the limit sign-in is refused until the
 * window has passed. Kept in memory: with several collectors each counts its own, so the
 * limits multiply by their number at most.
 */
export interface LoginLimits {
  /** Seconds to wait before trying again, or 0 when this attempt may go ahead. */
  retryAfter(address: string, email: string): number;
  /** Records a failure; resolves after the slow-down it earns. */
  failed(address: string, email: string): Promise<void>;
  succeeded(email: string): void;
}

interface Options {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  windowMs?: number;
  perEmail?: number;
  perAddress?: number;
  /** Keys kept before the stale ones are swept: spraying addresses or emails cannot fill memory. */
  keysKept?: number;
}

export function loginLimits({
  now = Date.now,
  sleep = (ms) => new Promise((r) => setTimeout(r, ms)),
  windowMs = 15 * 60_000,
  perEmail = 5,
  perAddress = 20,
  keysKept = 10_000,
}: Options = {}): LoginLimits {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => {
    const since = now() - windowMs;
    const list = (failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  };
  const waitFor = (key: string, max: number) => {
    const list = recent(key);
    return list.length < max ? 0 : Math.ceil((list[list.length - max]! + windowMs - now()) / 1000);
  };
  const byAddress = (address: string) => `a:${address}`;
  const byEmail = (email: string) => `e:${email}`;
  return {
    retryAfter: (address, email) => Math.max(waitFor(byAddress(address), perAddress), waitFor(byEmail(email), perEmail)),
    async failed(address, email) {
      if (failures.size >= keysKept) for (const key of [...failures.keys()]) recent(key);
      const t = now();
      for (const key of [byAddress(address), byEmail(email)]) failures.set(key, [...recent(key), t]);
      // 250 ms, 500 ms, 1 s… up to 4 s: a person retyping barely notices, a script crawls.
      await sleep(Math.min(4000, 250 * 2 ** (recent(byEmail(email)).length - 1)));
    },
    succeeded: (email) => void failures.delete(byEmail(email)),
  };
}
