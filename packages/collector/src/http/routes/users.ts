import { Type } from '@sinclair/typebox';
import { checklistForRole } from '@firstwin/sdk/rules';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../domain/storage.js';
import { caller } from '../auth.js';
import { httpError } from '../errors.js';
import { USER_HASH_HEADER, mayActFor } from '../identity.js';
import { ErrorAnswer, UserProgress } from '../schemas.js';

export function userRoutes(app: FastifyInstance, store: Store): void {
  app.get('/v1/users/:userId/progress', {
    config: { key: 'publishable' },
    schema: {
      summary: 'One person\'s progress on their role\'s checklist, account-scoped items included. Publishable key.',
      params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 200: UserProgress, 401: ErrorAnswer, 403: ErrorAnswer },
    },
  }, async (req) => {
    const who = await caller(req, store, 'publishable');
    const { projectId } = who;
    const { userId } = req.params as { userId: string };
    if (!mayActFor(who, userId, req.headers[USER_HASH_HEADER])) {
      throw httpError(403, `this project verifies identities: send the person's userHash in the ${USER_HASH_HEADER} header`);
    }
    // Someone not seen yet (or of another project) simply has no progress: the same
    // answer either way, and no error in the browser console of every new user.
    const user = (await store.getUser(projectId, userId)) ?? { role: null, accountId: null, done: {} as Record<string, string>, activatedAt: null };
    const list = checklistForRole(await store.getChecklists(projectId), user.role ?? undefined);
    return {
      userId,
      role: user.role,
      accountId: user.accountId,
      checklistId: list?.id ?? null,
      items: (list?.items ?? []).map((i) => ({ id: i.id, done: user.done[i.id] !== undefined, completedAt: user.done[i.id] ?? null })),
      activated: user.activatedAt !== null,
      activatedAt: user.activatedAt === null ? null : new Date(user.activatedAt).toISOString(),
    };
  });
}
