import type { Checklist } from '../rules/types.js';

/** How long a read may take: `identify()` waits for the collector's progress, and must settle. */
export const READ_TIMEOUT_MS = 10_000;

/** What the collector knows of a person: role and account (null until their identify reaches it), and completion times. */
export interface RemoteProgress {
  role: unknown;
  accountId: unknown;
  done: Record<string, string>;
}

/**
 * One read with the publishable key (`headers`: the person's proofs), settled within
 * READ_TIMEOUT_MS. Also what the lazily loaded account view reads with (ui/account).
 */
export async function readJson(fetchFn: typeof fetch, url: string, key: string, headers: Record<string, string> = {}): Promise<unknown> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`GET ${url} took over ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
  try {
    const res = await fetchFn(url, { headers: { authorization: `Bearer ${key}`, ...headers }, signal: abort.signal });
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
}

/** Reads what a publishable key may read from the collector. */
export function createRemote(endpoint: string, key: string, fetchFn: typeof fetch) {
  const base = endpoint.replace(/\/+$/, '');
  const getJson = (path: string, headers?: Record<string, string>) => readJson(fetchFn, `${base}${path}`, key, headers);
  return {
    async checklists(): Promise<Checklist[]> {
      // The collector validated them on PUT; the full validator stays out of the
      // bundle (1 kB gzip), and the UI renders text as text and only safe links.
      const body = await getJson('/v1/checklists');
      if (!Array.isArray(body)) throw new Error('the collector answered checklists that are not an array');
      return body as Checklist[];
    },
    /** What the collector knows of this person, account-scoped items included. */
    async progress(
      userId: string,
      { userHash, token }: { userHash?: string | undefined; token?: string | undefined } = {},
    ): Promise<RemoteProgress> {
      // Each proof only when the person has one: a collector that verifies nothing need not know the headers.
      const proof: Record<string, string> = {
        ...(userHash ? { 'x-firstwin-user-hash': userHash } : {}),
        ...(token ? { 'x-firstwin-token': token } : {}),
      };
      const body = (await getJson(`/v1/users/${encodeURIComponent(userId)}/progress`, proof)) as {
        role?: unknown;
        accountId?: unknown;
        items?: Array<{ id?: unknown; done?: unknown; completedAt?: unknown }>;
      };
      const done: Record<string, string> = {};
      for (const item of body.items ?? []) {
        if (typeof item.id === 'string' && item.done === true && typeof item.completedAt === 'string') done[item.id] = item.completedAt;
      }
      return { role: body.role, accountId: body.accountId, done };
    },
  };
}
