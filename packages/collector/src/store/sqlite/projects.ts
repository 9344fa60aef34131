import type { Checklist } from '@firstwin/sdk/rules';
import { fingerprintOf } from '../../domain/inert.js';
import type { Caller, ProjectKeys } from '../../domain/storage.js';
import { hashKey, newProjectKeys } from '../keys.js';
import { targetFrom, tokenModeFrom } from '../rows.js';
import type { Queries } from './queries.js';

/** A project's checklists as read, and the fingerprint a digest (`inert.ts`) names them by. */
export type ChecklistsRead = { body: string; checklists: Checklist[]; fingerprint: string };

/** Projects: their keys and settings, and what every batch needs of them, read once. */
export function projects(q: Queries) {
  // Every batch needs its project's checklists: parse each stored text once, not per batch.
  const parsed = new Map<string, ChecklistsRead>();
  const NONE: ChecklistsRead = { body: '', checklists: [], fingerprint: fingerprintOf('') };
  const readChecklists = (projectId: string): ChecklistsRead => {
    const body = q.getChecklists.get(projectId)?.body;
    if (body === undefined) return NONE;
    let hit = parsed.get(projectId);
    if (hit?.body !== body)
      parsed.set(projectId, (hit = { body, checklists: JSON.parse(body) as Checklist[], fingerprint: fingerprintOf(body) }));
    return hit;
  };

  // Projects are numbered so each event's keys carry 8 bytes, not a 36-character id.
  const nums = new Map<string, number>();
  const numOf = (projectId: string): number => {
    let num = nums.get(projectId);
    if (num === undefined) {
      num = q.projectNum.get(projectId)?.num;
      if (num === undefined) throw new Error(`no project ${projectId}`);
      nums.set(projectId, num);
    }
    return num;
  };

  return {
    readChecklists,
    numOf,
    async createProject(name: string): Promise<ProjectKeys> {
      const keys = newProjectKeys();
      q.insertProject.run(keys.projectId, name, keys.publishableKey, hashKey(keys.secretKey), Date.now());
      return keys;
    },
    async findProject(key: string): Promise<Caller | undefined> {
      const [row, kind] = key.startsWith('pk_')
        ? [q.byPublishable.get(key), 'publishable' as const]
        : key.startsWith('sk_')
          ? [q.bySecret.get(hashKey(key)), 'secret' as const]
          : [];
      return (
        row && {
          projectId: row.id,
          kind: kind!,
          userHashSecret: row.user_hash_secret,
          activationTarget: targetFrom(row.activation_target),
          tokenMode: tokenModeFrom(row.token_mode),
          tokenSecret: row.token_secret,
        }
      );
    },
  };
}
