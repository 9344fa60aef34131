import { Type } from '@sinclair/typebox';
import { checklistForRole } from '@firstwin/sdk/rules';
import { mayActFor } from '../../domain/identity.js';
import { progressOf } from '../../domain/progress.js';
import type { Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { USER_HASH_HEADER } from '../identity.js';
import { TOKEN_HEADER, type TokenVerifier } from '../identity-tokens.js';
import { ErrorAnswer, UserProgress } from '../schemas.js';
import type { TypedApp } from '../typed.js';

export function userRoutes(app: TypedApp, store: Store, tokens: TokenVerifier): void {
  app.get(
    '/v1/users/:userId/progress',
    {
      config: { key: 'publishable' },
      schema: {
        summary: "One person's progress on their role's checklist, account-scoped items included. Publishable key.",
        params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: UserProgress, 400: ErrorAnswer, 401: ErrorAnswer, 403: ErrorAnswer },
      },
    },
    async (req) => {
      const who = req.caller;
      const { userId } = req.params;
      if (!mayActFor(who, userId, req.headers[USER_HASH_HEADER])) {
        throw httpError(403, `this project verifies identities: send the person's userHash in the ${USER_HASH_HEADER} header`);
      }
      if (who.kind === 'publishable' && who.tokenMode === 'enforce') {
        const { claims, error } = await tokens.reader(who, req.headers[TOKEN_HEADER]);
        if (error !== undefined) throw httpError(401, error);
        if (claims.sub !== userId)
          throw httpError(403, `token: it was signed for userId ${JSON.stringify(claims.sub)}; a person reads only their own progress`);
      }
      // Someone not seen yet (or of another project) simply has no progress: the same
      // answer either way, and no error in the browser console of every new user.
      const user = (await store.getUser(who.projectId, userId)) ?? {
        role: null,
        accountId: null,
        done: {} as Record<string, string>,
        activatedAt: null,
      };
      const list = checklistForRole(await store.getChecklists(who.projectId), user.role ?? undefined);
      return { userId, role: user.role, accountId: user.accountId, checklistId: list?.id ?? null, ...progressOf(list, user) };
    },
  );
}
