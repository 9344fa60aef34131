import { Type } from '@sinclair/typebox';
import { summarize } from '../../domain/summary.js';
import type { Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { TOKEN_HEADER, type TokenVerifier } from '../identity-tokens.js';
import { Activation, ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

const { accountId, name, seats, seatsKnown, activatedSeats, seatActivationRate, status, signedAt, firstValueAt, timeToFirstValueDays } =
  Activation.properties;
/** What the sponsor's panel shows of their own account: activated seats of seats, the status, time to first value. */
const MyAccount = Type.Object({
  accountId,
  name,
  seats,
  seatsKnown,
  activatedSeats,
  seatActivationRate,
  status,
  signedAt,
  firstValueAt,
  timeToFirstValueDays,
});

/**
 * The signed-in person's own account, for the panel of a checklist with
 * `showAccountProgress`: read with the publishable key, so only under `enforce`, and only
 * the account the person's signed token names.
 */
export function meRoutes(app: TypedApp, store: Store, tokens: TokenVerifier, now: () => number): void {
  app.get(
    '/v1/me/account',
    {
      config: { key: 'publishable' },
      schema: {
        summary: `The activation of the account named by the signed identity token in ${TOKEN_HEADER}. Publishable key, under enforce only.`,
        response: { 200: MyAccount, 401: ErrorAnswer, 403: ErrorAnswer, 404: ErrorAnswer },
      },
    },
    async (req) => {
      const who = req.caller;
      if (who.kind !== 'publishable') {
        throw httpError(
          403,
          "this endpoint is the signed-in person's view, with the publishable key and their token; with the secret key read GET /v1/accounts/:accountId/activation",
        );
      }
      if (who.tokenMode !== 'enforce') {
        throw httpError(
          403,
          'this project does not enforce signed identity tokens: /v1/me/account answers only under PUT /v1/identity-verification {"mode":"enforce"}',
        );
      }
      const { claims, error } = await tokens.reader(who, req.headers[TOKEN_HEADER]);
      if (error !== undefined) throw httpError(401, error);
      const [account, checklists] = await Promise.all([
        store.getAccount(who.projectId, claims.accountId),
        store.getChecklists(who.projectId),
      ]);
      if (!account) throw httpError(404, `no account "${claims.accountId}" yet: it appears with its first event`);
      const s = summarize(account, account.tally, checklists, now(), who.activationTarget);
      return {
        accountId: s.accountId,
        name: s.name,
        seats: s.seats,
        seatsKnown: s.seatsKnown,
        activatedSeats: s.activatedSeats,
        seatActivationRate: s.seatActivationRate,
        status: s.status,
        signedAt: s.signedAt,
        firstValueAt: s.firstValueAt,
        timeToFirstValueDays: s.timeToFirstValueDays,
      };
    },
  );
}
