import { Type } from '@sinclair/typebox';
import { checklistForRole } from '@firstwin/sdk/rules';
import { toCsv } from '../csv.js';
import { keptSummaries } from '../../domain/kept-summaries.js';
import { progressOf } from '../../domain/progress.js';
import { worstFirst } from '../../domain/signals/health.js';
import { deadlineOf, summarize, talliesOf, type ActivationSummary } from '../../domain/summary.js';
import { tally } from '../../domain/tally.js';
import type { Caller, Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { AccountList, AccountParams, AccountUsers, Activation, ErrorAnswer, Within } from '../schemas.js';
import type { TypedApp } from '../typed.js';

const days = (within?: string) => (within ? Number(within.slice(0, -1)) : undefined);
const errors = { 400: ErrorAnswer, 401: ErrorAnswer, 404: ErrorAnswer };

export function accountRoutes(app: TypedApp, store: Store, now: () => number): void {
  const list = keptSummaries();
  async function summaryOf({ projectId, activationTarget }: Caller, accountId: string, within?: string): Promise<ActivationSummary> {
    // Read together: on PostgreSQL each read is a round trip, and the answer waits on both.
    const [account, checklists] = await Promise.all([store.getAccount(projectId, accountId), store.getChecklists(projectId)]);
    // Another project's account and a missing one look the same: existence is not leaked.
    if (!account) throw httpError(404, `no account "${accountId}" in this project`);
    const at = now();
    const t =
      within === undefined ? account.tally : tally(await store.accountUsers(projectId, accountId), deadlineOf(account, at, days(within)));
    return summarize(account, t, checklists, at, activationTarget);
  }

  app.get(
    '/v1/accounts/:accountId/activation',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: 'Seat activation of one account, per role, with time to first value and pace status. Secret key.',
        params: AccountParams,
        querystring: Within,
        response: { 200: Activation, ...errors },
      },
    },
    async (req) => {
      return summaryOf(req.caller, req.params.accountId, req.query.within);
    },
  );

  app.get(
    '/v1/accounts',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary:
          'Every account with its activation summary; filter by status; sort=health puts the worst health first; CSV with format=csv. Secret key.',
        querystring: AccountList,
        // Answered with text already made (JSON or CSV): the schema describes the answer, but never serializes it.
        response: { 200: Type.Unsafe<Buffer | string>(Type.Array(Activation)), ...errors },
      },
    },
    async (req, reply) => {
      const { projectId, activationTarget: target } = req.caller;
      const { format, within, ...options } = req.query;
      // Two reads whatever the number of accounts (three with `within`): one per account would be N round trips.
      const [accounts, checklists] = await Promise.all([store.listAccounts(projectId), store.getChecklists(projectId)]);
      const at = now();
      const json = 'application/json; charset=utf-8';
      if (within === undefined && format !== 'csv')
        return reply.type(json).send(list(projectId, accounts, checklists, at, target, options));
      const tallies = within === undefined ? undefined : talliesOf(await store.accountedUsers(projectId), accounts, at, days(within));
      const summaries = accounts.map((a) => summarize(a, tallies ? tallies.get(a.accountId)! : a.tally, checklists, at, target));
      const rows = options.status ? summaries.filter((s) => s.status === options.status) : summaries;
      if (options.sort === 'health') rows.sort(worstFirst);
      if (format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="accounts.csv"').send(toCsv(rows));
      }
      // Built field by field above, so nothing extra can leak; JSON.stringify is several
      // times faster than the schema serializer on ten thousand nested summaries.
      return reply.type(json).send(JSON.stringify(rows));
    },
  );

  app.get(
    '/v1/accounts/:accountId/users',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: 'Each user of an account: role, items done, activatedAt, lastSeenAt. Secret key.',
        params: AccountParams,
        response: { 200: AccountUsers, ...errors },
      },
    },
    async (req) => {
      const { projectId } = req.caller;
      const { accountId } = req.params;
      if (!(await store.getAccount(projectId, accountId))) throw httpError(404, `no account "${accountId}" in this project`);
      const [users, checklists] = await Promise.all([store.accountUsers(projectId, accountId), store.getChecklists(projectId)]);
      return users.map((u) => ({
        userId: u.userId,
        role: u.role,
        itemsDone: Object.keys(u.done),
        ...progressOf(checklistForRole(checklists, u.role ?? undefined), u),
        lastSeenAt: u.lastSeenAt === null ? null : new Date(u.lastSeenAt).toISOString(),
      }));
    },
  );
}
