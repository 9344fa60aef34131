import { Type } from '@sinclair/typebox';
import { DEFAULT_TARGET, type PaceTarget } from '../../domain/status.js';
import type { Store } from '../../domain/storage.js';
import { ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

const Target = Type.Object(
  {
    // A bound, not exclusiveMinimum: OpenAPI 3.0, which /openapi.json is, spells that as a boolean.
    rate: Type.Number({ minimum: 0.01, maximum: 1, description: 'Share of provisioned seats to activate, 0.01 to 1, e.g. 0.7' }),
    days: Type.Integer({ minimum: 1, maximum: 3650, description: '…this many days after the contract was signed, e.g. 60' }),
  },
  { additionalProperties: false },
);
const Answer = Type.Object({ ...Target.properties, isDefault: Type.Boolean() });

const answer = (target: PaceTarget | null) => ({ ...(target ?? DEFAULT_TARGET), isDefault: target === null });

/**
 * The target each account's status is paced against: `activated` once its seat
 * activation rate reaches `rate`, `at_risk` from day 7 while under half a linear pace
 * toward `rate` by day `days`. One per project; the SPEC's default until set.
 */
export function targetRoutes(app: TypedApp, store: Store): void {
  app.get(
    '/v1/activation-target',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: 'The activation target account status is paced against. Secret key.',
        response: { 200: Answer, 401: ErrorAnswer },
      },
    },
    async (req) => answer(req.caller.activationTarget),
  );

  app.put(
    '/v1/activation-target',
    {
      config: { key: 'secret' },
      schema: {
        summary: "Set the project's activation target. Secret key.",
        body: Target,
        response: { 200: Answer, 400: ErrorAnswer, 401: ErrorAnswer },
      },
    },
    async (req) => {
      const { projectId } = req.caller;
      const { rate, days } = req.body;
      await store.setActivationTarget(projectId, { rate, days });
      return answer({ rate, days });
    },
  );

  app.delete(
    '/v1/activation-target',
    {
      config: { key: 'secret' },
      schema: {
        summary: `Back to the default target (${DEFAULT_TARGET.rate * 100} % of seats by day ${DEFAULT_TARGET.days}). Secret key.`,
        response: { 200: Answer, 401: ErrorAnswer },
      },
    },
    async (req) => {
      await store.setActivationTarget(req.caller.projectId, null);
      return answer(null);
    },
  );
}
