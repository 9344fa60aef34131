import { Type } from '@sinclair/typebox';
import { EVENT_TYPES, FORMATS, TEST_EVENT } from '../../domain/webhooks/kinds.js';
import { webhookUrl } from '../../domain/webhooks/url.js';
import type { Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { AccountParams, ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

/** Webhooks a project may have: each event is written once per webhook in the transaction that made it. */
export const MAX_WEBHOOKS = 20;

const OneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });
const NewWebhook = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'http:// or https:// URL the events are POSTed to' }),
    events: Type.Array(OneOf(EVENT_TYPES, 'An event to receive'), { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true }),
    format: Type.Optional(OneOf(FORMATS, '`standard` (Standard Webhooks, signed; the default) or `slack` (an incoming-webhook message)')),
  },
  { additionalProperties: false },
);
const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  format: Type.String(),
  createdAt: Type.String(),
  status: Type.String({ description: '`active`, or `disabled` once the receiver answered 410 Gone' }),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
});
const Created = Type.Object({
  ...Webhook.properties,
  secret: Type.String({ description: 'whsec_…: verifies the signatures; shown this once' }),
});
const Delivery = Type.Object({
  eventId: Type.String({ description: 'The webhook-id header: the same on every attempt of one event' }),
  type: Type.String(),
  attempt: Type.Integer(),
  status: Type.String({ description: '`delivered`, `failed` (tried again at retryAt), `gave_up` or `disabled` (answered 410)' }),
  code: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
  durationMs: Type.Integer(),
  retryAt: Type.Union([Type.String(), Type.Null()]),
  accountId: Type.Union([Type.String(), Type.Null()], {
    description:
      'The account the event is about; null for a test ping, a person in no account, and attempts from before accounts were kept',
  }),
});
const AccountDelivery = Type.Object({
  ...Delivery.properties,
  webhookId: Type.String(),
  url: Type.String({ description: 'Where the webhook sends' }),
});
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const errors = { 400: ErrorAnswer, 401: ErrorAnswer, 404: ErrorAnswer };
const missing = (id: string) => httpError(404, `no webhook "${id}" in this project; GET /v1/webhooks lists them`);

/**
 * A project's webhooks: who is told when an account's status changes, when it first gets
 * value, and when a person activates. `queued` hears of each event queued here (the test
 * ping), so it is sent at once rather than at the next look at the outbox.
 */
export function webhookRoutes(app: TypedApp, store: Store, queued: () => void = () => {}): void {
  app.post(
    '/v1/webhooks',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: 'Add a webhook; the answer carries its signing secret, shown once. Secret key.',
        body: NewWebhook,
        response: { 201: Created, ...errors, 409: ErrorAnswer },
      },
    },
    async (req, reply) => {
      const { projectId } = req.caller;
      const { body } = req;
      const checked = webhookUrl(body.url);
      if ('error' in checked) throw httpError(400, `invalid request: body/url: ${checked.error}`);
      if ((await store.listWebhooks(projectId)).length >= MAX_WEBHOOKS) {
        throw httpError(409, `this project has ${MAX_WEBHOOKS} webhooks, the most it may have; delete one first`);
      }
      const created = await store.createWebhook(projectId, { url: checked.url, events: body.events, format: body.format ?? 'standard' });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/webhooks',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: "The project's webhooks (without their secrets). Secret key.",
        response: { 200: Type.Array(Webhook), 401: ErrorAnswer },
      },
    },
    async (req) => store.listWebhooks(req.caller.projectId),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: 'Remove a webhook, with what it had still to send. Secret key.',
        params: Params,
        response: { 200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }), ...errors },
      },
    },
    async (req) => {
      const { projectId } = req.caller;
      const { id } = req.params;
      if (!(await store.deleteWebhook(projectId, id))) throw missing(id);
      return { id, deleted: true };
    },
  );

  app.post(
    '/v1/webhooks/:id/test',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: `Send the webhook a ping (type ${TEST_EVENT}), delivered as events are: signed, retried, logged. Secret key.`,
        params: Params,
        response: { 202: Type.Object({ eventId: Type.String(), type: Type.String() }), ...errors, 409: ErrorAnswer },
      },
    },
    async (req, reply) => {
      const { projectId } = req.caller;
      const { id } = req.params;
      const hook = (await store.listWebhooks(projectId)).find((w) => w.id === id);
      if (!hook) throw missing(id);
      if (hook.status === 'disabled') throw httpError(409, `this webhook is disabled (${hook.disabledReason}); delete it and add it again`);
      const eventId = await store.testWebhook(projectId, id);
      if (eventId === undefined) throw missing(id);
      queued();
      return reply.code(202).send({ eventId, type: TEST_EVENT });
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: "The webhook's last attempts, newest first: status, the receiver's answer code, time. Secret key.",
        params: Params,
        response: { 200: Type.Array(Delivery), ...errors },
      },
    },
    async (req) => {
      const { projectId } = req.caller;
      const { id } = req.params;
      const log = await store.webhookDeliveries(projectId, id);
      if (!log) throw missing(id);
      return log;
    },
  );

  app.get(
    '/v1/accounts/:accountId/deliveries',
    {
      config: { key: 'secret', session: true },
      schema: {
        summary: "The last attempts to deliver events about this account, to any of the project's webhooks, newest first. Secret key.",
        params: AccountParams,
        response: { 200: Type.Array(AccountDelivery), ...errors },
      },
    },
    async (req) => {
      const { projectId } = req.caller;
      const { accountId } = req.params;
      // Another project's account and a missing one look the same, as on every account route.
      if (!(await store.getAccount(projectId, accountId))) throw httpError(404, `no account "${accountId}" in this project`);
      return store.accountDeliveries(projectId, accountId);
    },
  );
}
