import { Type } from '@sinclair/typebox';
import { TOKEN_MODES, hourOf, type TokenMode } from '../../domain/identity-token.js';
import type { Caller, Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { newUserHashSecret } from '../identity.js';
import { newTokenSecret } from '../identity-tokens.js';
import { ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

const Mode = Type.Unsafe<TokenMode>({
  type: 'string',
  enum: [...TOKEN_MODES],
  description: 'off: tokens unread; report: counted; enforce: required of every publishable-key event and read',
});
const State = Type.Object({
  mode: Mode,
  secret: Type.Union([Type.String(), Type.Null()], {
    description: 'The HS256 secret (idv_…) your server signs identity tokens with; keep it on your servers',
  }),
  enabled: Type.Boolean({ description: 'Whether the earlier userHash is required' }),
  userHashSecret: Type.Union([Type.String(), Type.Null()], {
    description: 'Key of the HMAC-SHA256 of each userId; keep it on your servers',
  }),
});
const Counts = Type.Object(
  {
    since: Type.String({ description: 'The start of the hour 24 hours ago: the counts cover it and every hour after' }),
    valid: Type.Integer(),
    invalid: Type.Integer(),
    missing: Type.Integer(),
  },
  { description: 'Publishable-key events of the last 24 hours with a valid, an invalid and no token (counted under report and enforce)' },
);
const errors = { 400: ErrorAnswer, 401: ErrorAnswer };

const state = (c: Pick<Caller, 'tokenMode' | 'tokenSecret' | 'userHashSecret'>) => ({
  mode: c.tokenMode,
  secret: c.tokenSecret,
  enabled: c.userHashSecret !== null,
  userHashSecret: c.userHashSecret,
});

/**
 * Identity verification. Signed identity tokens (`mode`): the vendor's server signs a JWT
 * per person, and under `enforce` a publishable key acts for a person only with it, their
 * role and account coming from it. The earlier userHash (`enabled`) proves the userId alone.
 */
export function identityRoutes(app: TypedApp, store: Store, now: () => number = Date.now): void {
  app.get(
    '/v1/identity-verification',
    {
      config: { key: 'secret' },
      schema: {
        summary:
          'The mode of signed identity tokens and their secret, how many events of the last 24 hours came with a valid, an invalid and no token, and the userHash setting. Secret key.',
        response: { 200: Type.Object({ ...State.properties, tokens: Counts }), ...errors },
      },
    },
    async (req) => {
      const who = req.caller;
      const first = hourOf(now()) - 23;
      const counts = await store.tokenCounts(who.projectId, first);
      return { ...state(who), tokens: { since: new Date(first * 3_600_000).toISOString(), ...counts } };
    },
  );

  app.put(
    '/v1/identity-verification',
    {
      config: { key: 'secret' },
      schema: {
        summary:
          'Set the mode of signed identity tokens (the answer carries their secret, made once; `rotate` makes a new one), or turn userHash on or off (`enabled`). Secret key.',
        body: Type.Object(
          {
            mode: Type.Optional(Mode),
            enabled: Type.Optional(Type.Boolean()),
            rotate: Type.Optional(
              Type.Boolean({ description: 'A new secret for what this call sets; tokens or hashes made with the old one stop working' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: State, ...errors },
      },
    },
    async (req) => {
      const who = req.caller;
      const { mode, enabled, rotate } = req.body;
      if (mode === undefined && enabled === undefined)
        throw httpError(400, 'send {"mode":"off"|"report"|"enforce"} (signed identity tokens), or {"enabled":true|false} (userHash)');
      const next = { tokenMode: who.tokenMode, tokenSecret: who.tokenSecret, userHashSecret: who.userHashSecret };
      if (mode !== undefined) {
        next.tokenMode = mode;
        if (rotate || next.tokenSecret === null) next.tokenSecret = newTokenSecret();
        await store.setIdentityTokens(who.projectId, next.tokenMode, next.tokenSecret);
      }
      if (enabled !== undefined) {
        next.userHashSecret = !enabled ? null : rotate || who.userHashSecret === null ? newUserHashSecret() : who.userHashSecret;
        await store.setUserHashSecret(who.projectId, next.userHashSecret);
      }
      return state(next);
    },
  );
}
