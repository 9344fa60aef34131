import type { Checklist } from '../rules/types.js';
import { validateChecklists } from '../rules/validate.js';

/** Reads what a publishable key may read from the collector. */
export function createRemote(endpoint: string, key: string, fetchFn: typeof fetch) {
  const base = endpoint.replace(/\/+$/, '');
  const getJson = async (path: string): Promise<unknown> => {
    const res = await fetchFn(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return res.json();
  };
  return {
    async checklists(): Promise<Checklist[]> {
      const body = await getJson('/v1/checklists');
      const checked = validateChecklists(body);
      if (!checked.ok) throw new Error(`checklists from the collector are invalid: ${checked.errors[0]?.path} ${checked.errors[0]?.message}`);
      return checked.value;
    },
    /** Completion times the collector knows for this person, account-scoped items included. */
    async completedItems(userId: string): Promise<Record<string, string>> {
      const body = (await getJson(`/v1/users/${encodeURIComponent(userId)}/progress`)) as {
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
