import type { Checklist } from '../rules/types.js';

/** Reads what a publishable key may read from the collector. */
export function createRemote(endpoint: string, key: string, fetchFn: typeof fetch) {
  const base = endpoint.replace(/\/+$/, '');
  const getJson = async (path: string, headers: Record<string, string> = {}): Promise<unknown> => {
    const res = await fetchFn(`${base}${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return res.json();
  };
  return {
    async checklists(): Promise<Checklist[]> {
      // The collector validated them on PUT; the full validator stays out of the
      // bundle (1 kB gzip), and the UI renders text as text and only safe links.
      const body = await getJson('/v1/checklists');
      if (!Array.isArray(body)) throw new Error('the collector answered checklists that are not an array');
      return body as Checklist[];
    },
    /** Completion times the collector knows for this person, account-scoped items included. */
    async completedItems(userId: string, userHash?: string): Promise<Record<string, string>> {
      const proof: Record<string, string> = userHash ? { 'x-firstwin-user-hash': userHash } : {};
      const body = (await getJson(`/v1/users/${encodeURIComponent(userId)}/progress`, proof)) as {
        items?: Array<{ id?: unknown; done?: unknown; completedAt?: unknown }>;
      };
      const out: Record<string, string> = {};
      for (const item of body.items ?? []) {
        if (typeof item.id === 'string' && item.done === true && typeof item.completedAt === 'string') out[item.id] = item.completedAt;
      }
      return out;
    },
  };
}
