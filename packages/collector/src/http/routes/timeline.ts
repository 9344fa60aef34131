import { timelineOf } from '../../domain/signals/timeline.js';
import type { Store } from '../../domain/storage.js';
import { standingOf } from '../../domain/summary.js';
import { httpError } from '../errors.js';
import { AccountParams, ErrorAnswer, Timeline } from '../schemas.js';
import type { TypedApp } from '../typed.js';

/** An account's seat activation day by day against the pace, for charts: from its kept tally, never its events. */
export function timelineRoutes(app: TypedApp, store: Store, now: () => number): void {
  app.get(
    '/v1/accounts/:accountId/timeline',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary:
          "One account's activated seats and rate per day since signedAt (or its first event), at most 365 days, " +
          'with the pace line. Secret key.',
        params: AccountParams,
        response: { 200: Timeline, 400: ErrorAnswer, 401: ErrorAnswer, 404: ErrorAnswer },
      },
    },
    async (req) => {
      const { projectId, activationTarget } = req.caller;
      const { accountId } = req.params;
      const account = await store.getAccount(projectId, accountId);
      // Another project's account and a missing one look the same: existence is not leaked.
      if (!account) throw httpError(404, `no account "${accountId}" in this project`);
      const at = now();
      const { fixed, standing } = standingOf(account, account.tally, [], at);
      return timelineOf(fixed, standing.activations, standing.start, at, activationTarget);
    },
  );
}
