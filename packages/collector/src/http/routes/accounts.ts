import { Type } from '@sinclair/typebox';
import { checklistForRole } from '@firstwin/sdk/rules';
import type { FastifyInstance } from 'fastify';
import { toCsv } from '../csv.js';
import { keptSummaries } from '../../domain/kept-summaries.js';
import type { Status } from '../../domain/status.js';
import { deadlineOf, summarize, type ActivationSummary } from '../../domain/summary.js';
import { tally, type Tally } from '../../domain/tally.js';
import type { AccountState, Caller, Store, UserState } from '../../domain/storage.js';
import { authenticate, caller } from '../auth.js';
import { httpError } from '../errors.js';
import { AccountList, AccountUsers, Activation, ErrorAnswer, Within } from '../schemas.js';

const AccountParams = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 200 }) });
const days = (within?: string) => (within ? Number(within.slice(0, -1)) : undefined);
const errors = { 400: ErrorAnswer, 401: ErrorAnswer, 404: ErrorAnswer };

/**
 * Each account's people counted, up to that account's own deadline: `within` cuts
 * activations at a date the kept tallies do not know, so only then are users read.
 */
function talliesOf(users: UserState[], accounts: AccountState[], now: number, withinDays?: number): Map<string, Tally> {
  const byAccount = new Map<string, UserState[]>();
  for (const u of users) {
    const list = byAccount.get(u.accountId!);
    if (list) list.push(u);
    else byAccount.set(u.accountId!, [u]);
  }
  return new Map(accounts.map((a) => [a.accountId, tally(byAccount.get(a.accountId) ?? [], deadlineOf(a, now, withinDays))]));
}

export function accountRoutes(app: FastifyInstance, store: Store, now: () => number): void {
  const list = keptSummaries();
  async function summaryOf({ projectId, activationTarget }: Caller, accountId: string, within?: string): Promise<ActivationSummary> {
    // Read together: on PostgreSQL each read is a round trip, and the answer waits on both.
    const [account, checklists] = await Promise.all([store.getAccount(projectId, accountId), store.getChecklists(projectId)]);
    // Another project's account and a missing one look the same: existence is not leaked.
    if (!account) throw httpError(404, `no account "${accountId}" in this project`);
    const at = now();
    const t = within === undefined ? account.tally : tally(await store.accountUsers(projectId, accountId), deadlineOf(account, at, days(within)));
    return summarize(account, t, checklists, at, activationTarget);
  }

  app.get('/v1/accounts/:accountId/activation', {
    config: { key: 'secret' },
    schema: {
      summary: 'Seat activation of one account, per role, with time to first value and pace status. Secret key.',
      params: AccountParams, querystring: Within, response: { 200: Activation, ...errors },
    },
  }, async (req) => {
    const who = await caller(req, store, 'secret');
    const { accountId } = req.params as { accountId: string };
    return summaryOf(who, accountId, (req.query as { within?: string }).within);
  });

  app.get('/v1/accounts', {
    config: { key: 'secret' },
    schema: {
      summary: 'Every account with its activation summary; filter by status; CSV with format=csv. Secret key.',
      querystring: AccountList,
      response: { 200: Type.Array(Activation), ...errors },
    },
  }, async (req, reply) => {
    const { projectId, activationTarget: target } = await caller(req, store, 'secret');
    const { status, format, within } = req.query as { status?: string; format?: string; within?: string };
    // Two reads whatever the number of accounts (three with `within`): one per account would be N round trips.
    const [accounts, checklists] = await Promise.all([store.listAccounts(projectId), store.getChecklists(projectId)]);
    const at = now();
    const json = 'application/json; charset=utf-8';
    if (within === undefined && format !== 'csv') return reply.type(json).send(list(projectId, accounts, checklists, at, target, status as Status | undefined));
    const tallies = within === undefined ? undefined : talliesOf(await store.accountedUsers(projectId), accounts, at, days(within));
    const summaries = accounts.map((a) => summarize(a, tallies ? tallies.get(a.accountId)! : a.tally, checklists, at, target));
    const rows = status ? summaries.filter((s) => s.status === status) : summaries;
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="accounts.csv"').send(toCsv(rows));
    }
    // Built field by field above, so nothing extra can leak; JSON.stringify is several
    // times faster than the schema serializer on ten thousand nested summaries.
    return reply.type(json).send(JSON.stringify(rows));
  });

  app.get('/v1/accounts/:accountId/users', {
    config: { key: 'secret' },
    schema: {
      summary: 'Each user of an account: role, items done, activatedAt. Secret key.',
      params: AccountParams, response: { 200: AccountUsers, ...errors },
    },
  }, async (req) => {
    const projectId = await authenticate(req, store, 'secret');
    const { accountId } = req.params as { accountId: string };
    if (!(await store.getAccount(projectId, accountId))) throw httpError(404, `no account "${accountId}" in this project`);
    const [users, checklists] = await Promise.all([store.accountUsers(projectId, accountId), store.getChecklists(projectId)]);
    return users.map((u) => ({
      userId: u.userId,
      role: u.role,
      itemsDone: Object.keys(u.done),
      items: (checklistForRole(checklists, u.role ?? undefined)?.items ?? []).map((i) => ({ id: i.id, done: u.done[i.id] !== undefined, completedAt: u.done[i.id] ?? null })),
      activated: u.activatedAt !== null,
      activatedAt: u.activatedAt === null ? null : new Date(u.activatedAt).toISOString(),
    }));
  });
}
