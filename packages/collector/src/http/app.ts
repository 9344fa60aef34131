import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Store } from '../domain/storage.js';
import { checkKeys } from './auth.js';
import { sessionRoutes } from './dashboard/routes.js';
import { dashboardStatic } from './dashboard/static.js';
import type { LoginLimits } from './dashboard/login-limits.js';
import { installRateLimits } from './rate-limits.js';
import { installErrorHandlers } from './errors.js';
import { installCompressedBodies } from './compressed-body.js';
import { installJsonBody } from './json-body.js';
import { ErrorAnswer } from './schemas.js';
import { withKeyCache } from './key-cache.js';
import { USER_HASH_HEADER } from './identity.js';
import { TOKEN_HEADER, tokenVerifier } from './identity-tokens.js';
import { meRoutes } from './routes/me.js';
import { identityRoutes } from './routes/identity.js';
import { accountRoutes } from './routes/accounts.js';
import { batchRoutes } from './routes/batch.js';
import { checklistRoutes } from './routes/checklists.js';
import { statsRoutes } from './routes/stats.js';
import { targetRoutes } from './routes/target.js';
import { timelineRoutes } from './routes/timeline.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';

/** 500 kB as the SPEC writes it (1000 bytes a kB), inflated when the body came compressed. */
const BODY_LIMIT = 500_000;

export interface AppOptions {
  store: Store;
  /**
   * Requests per `rateWindowMs` before 429 (default 600 per 10 s): of the publishable key
   * from one client address, and of the secret key per project.
   */
  rateLimit?: number;
  /** All client addresses of one project's publishable key together, per `rateWindowMs` (default 20 × `rateLimit`). */
  projectRateLimit?: number;
  rateWindowMs?: number;
  /** Behind a load balancer: the client's address is read from X-Forwarded-For. */
  trustProxy?: boolean;
  /** How long a request (headers and body) may take to arrive before 408 (default 5 s). */
  requestTimeoutMs?: number;
  now?: () => number;
  logger?: boolean;
  /** Wrong dashboard passwords counted and slowed (tests pass one with a fake clock). */
  loginLimits?: LoginLimits;
  /** Hears how far a checklist recompute has come; the CLI prints it. */
  onRecompute?: (line: string) => void;
  /** Hears that a request queued a webhook event (the test ping), so it is sent at once. */
  onQueued?: () => void;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: o.logger ?? false,
    trustProxy: o.trustProxy ?? false,
    // A body that never arrives (shorter than its Content-Length, or sent a byte a minute) is
    // answered 408 within a few seconds; Node looks for such requests every half second.
    requestTimeout: o.requestTimeoutMs ?? 5_000,
    http: { connectionsCheckingInterval: 500, headersTimeout: o.requestTimeoutMs ?? 5_000 },
    bodyLimit: BODY_LIMIT,
    // Ids are up to 200 characters (an emoji counts two here), and must read back in paths.
    routerOptions: { maxParamLength: 1000 },
    return503OnClosing: true,
    // Coercion would turn `"batch": "x"` into `["x"]`: wrong shapes must be refused, not guessed at.
    // Nor are unknown fields of a configuration body dropped in silence: they are refused, by name.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    // What Node's HTTP parser refuses gets the same `{"error"}` body as every other answer.
    clientErrorHandler: (err, socket) => {
      const code = (err as { code?: string }).code;
      if (code === 'ECONNRESET' || !socket.writable) return void socket.destroy(err);
      const [status, error] =
        code === 'HPE_HEADER_OVERFLOW'
          ? ['431 Request Header Fields Too Large', 'the URL and headers together are over 16 KiB (16 384 bytes)']
          : code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? ['408 Request Timeout', 'the request took too long to arrive; send it again']
            : ['400 Bad Request', 'the request is not well-formed HTTP'];
      const body = JSON.stringify({ error });
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    // Errors Fastify raises before routing (an undecodable URL, an overlong parameter): the same body.
    frameworkErrors: (err, _req, reply) =>
      void (reply as FastifyReply)
        .code(400)
        .send({ error: `the URL cannot be read (${err.message}); percent-encode ids with encodeURIComponent` }),
  });
  installErrorHandlers(app);
  // On shutdown, requests in flight are answered with `Connection: close`, so their
  // keep-alive sockets end with them and close() does not wait on idle clients.
  let closing = false;
  app.addHook('preClose', async () => void (closing = true));
  // A callback, not an async hook: it runs for every answer, and spares each a promise.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // sendBeacon and no-preflight senders post JSON as text/plain: read as application/json is.
  installCompressedBodies(app, BODY_LIMIT);
  installJsonBody(app);
  // Browsers call the publishable endpoints from the vendor's origin; keys travel in
  // headers, never cookies, so any origin may ask.
  // Retry-After exposed: without it a page cannot read how long a 429 asks it to wait.
  await app.register(cors, {
    // Not strict: a preflight without its headers is answered like any other, never with a bare text 400.
    origin: '*',
    strictPreflight: false,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'content-encoding', USER_HASH_HEADER, TOKEN_HEADER],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  });
  // Said once for every route that needs a key: 401 without the right one, 429 over the
  // project's rate; and 413 for every body over 500 kB. /openapi.json then tells them all.
  app.addHook('onRoute', (route) => {
    if (!route.config?.key || !route.schema) return;
    const answers = (route.schema.response ??= {}) as Record<number, unknown>;
    for (const code of route.schema.body ? [400, 401, 413, 429] : [401, 429]) answers[code] ??= ErrorAnswer;
  });
  const store = withKeyCache(o.store);
  // Read for the dashboard's session only: no other route looks at cookies.
  await app.register(cookie);
  const max = o.rateLimit ?? 600;
  await installRateLimits(app, store, { max, projectMax: o.projectRateLimit ?? max * 20, windowMs: o.rateWindowMs ?? 10_000 });
  checkKeys(app, store);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Firstwin collector', version: '0.1.0', description: 'Activation events in; seat activation per account out.' },
      components: { securitySchemes: { key: { type: 'http', scheme: 'bearer', description: 'pk_… or sk_…' } } },
      security: [{ key: [] }],
    },
  });
  const now = o.now ?? Date.now;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const tokens = tokenVerifier();
  batchRoutes(typed, store, tokens, now);
  checklistRoutes(typed, store, o.onRecompute);
  userRoutes(typed, store, tokens);
  meRoutes(typed, store, tokens, now);
  accountRoutes(typed, store, now);
  timelineRoutes(typed, store, now);
  statsRoutes(typed, store);
  identityRoutes(typed, store);
  targetRoutes(typed, store);
  sessionRoutes(typed, store, Date.now, o.loginLimits);
  await dashboardStatic(app);
  webhookRoutes(typed, store, o.onQueued);
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: answers while the collector serves. No key.',
        security: [],
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async () => ({ ok: true }),
  );
  app.get('/openapi.json', { schema: { summary: 'This description of the API (OpenAPI 3). No key.', security: [] } }, async () =>
    app.swagger(),
  );
  return app;
}
