import { Type } from '@sinclair/typebox';
import type { Store } from '../../domain/storage.js';
import { newUserHashSecret } from '../identity.js';
import { ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

const State = Type.Object({
  enabled: Type.Boolean(),
  userHashSecret: Type.Union([Type.String(), Type.Null()], { description: 'Key of the HMAC-SHA256 of each userId; keep it on your servers' }),
});
const errors = { 400: ErrorAnswer, 401: ErrorAnswer };

/**
 * Identity verification: once on, a publishable key acts for a person (sends their
 * events, reads their progress) only with that person's userHash, so nobody holding
 * the public key can read or forge another person's progress.
 */
export function identityRoutes(app: TypedApp, store: Store): void {
  app.get('/v1/identity-verification', {
    config: { key: 'secret' },
    schema: { summary: 'Whether people must prove who they are, and the secret their userHash is keyed by. Secret key.', response: { 200: State, ...errors } },
  }, async (req) => {
    const { userHashSecret } = req.caller;
    return { enabled: userHashSecret !== null, userHashSecret };
  });

  app.put('/v1/identity-verification', {
    config: { key: 'secret' },
    schema: {
      summary: 'Turn identity verification on (a secret is made once; `rotate` makes a new one) or off. Secret key.',
      body: Type.Object({ enabled: Type.Boolean(), rotate: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: State, ...errors },
    },
  }, async (req) => {
    const who = req.caller;
    const { enabled, rotate } = req.body;
    const userHashSecret = !enabled ? null : rotate || who.userHashSecret === null ? newUserHashSecret() : who.userHashSecret;
    await store.setUserHashSecret(who.projectId, userHashSecret);
    return { enabled, userHashSecret };
  });
}
