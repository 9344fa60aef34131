import type { Checklist } from '@firstwin/sdk/rules';
import type { UserState } from './storage.js';

/** A person's progress on their role's checklist (none: no items), as both the SDK's answer and the account's users list give it. */
export function progressOf(list: Checklist | undefined, user: Pick<UserState, 'done' | 'activatedAt'>) {
  return {
    items: (list?.items ?? []).map((i) => ({ id: i.id, done: user.done[i.id] !== undefined, completedAt: user.done[i.id] ?? null })),
    activated: user.activatedAt !== null,
    activatedAt: user.activatedAt === null ? null : new Date(user.activatedAt).toISOString(),
  };
}
