import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../domain/storage.js';
import { keyOwner } from './auth.js';
import { httpError } from './errors.js';

export interface RateLimits {
  /** Requests per `windowMs`: of the publishable key from one client address, of the secret key, and of unknown keys from one address. */
  max: number;
  /** All clients of one project's publishable key together, per `windowMs`: a ceiling far above any one client's share. */
  projectMax: number;
  windowMs: number;
}

/** Which limit a request counts against, named in its 429. */
type Limit = 'address' | 'secret' | 'unknown';
const limitOf = new WeakMap<FastifyRequest, Limit>();

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} seconds`;
const retry = (ms: number) => `retry in ${Math.max(1, Math.ceil(ms / 1000))} s (the Retry-After header)`;

/**
 * Rate limits that protect the collector, not one client from another. The publishable key
 * is in every vendor page: counted per client address, so one busy browser (or a script
 * holding the key) slows only itself, under a project-wide ceiling that still bounds what
 * all of them send. The secret key, on the vendor's servers, counts per project; a key that
 * finds no project counts against its address, so guessing keys is limited too.
 */
export async function installRateLimits(app: FastifyInstance, store: Store, o: RateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'preValidation', // after body parsing, so a body's writeKey is the limit's key too
    max: o.max,
    timeWindow: o.windowMs,
    keyGenerator: (req) => {
      limitOf.set(req, 'unknown');
      if (!req.routeOptions.config.key) return `ip:${req.ip}`;
      return keyOwner(req, store).then(
        (who) => {
          limitOf.set(req, who.kind === 'secret' ? 'secret' : 'address');
          return who.kind === 'secret' ? `${who.projectId}:secret` : `${who.projectId}:publishable:${req.ip}`;
        },
        () => `ip:${req.ip}`,
      );
    },
    allowList: (req) => req.url === '/healthz',
    errorResponseBuilder: (req, ctx) => {
      const limit = limitOf.get(req) ?? 'unknown';
      const what =
        limit === 'address'
          ? "over the publishable key's rate for one client address"
          : limit === 'secret'
            ? "over this project's rate for the secret key"
            : 'over the rate for requests without a known key from one address';
      return Object.assign(new Error(`${what}: ${ctx.max} requests per ${seconds(o.windowMs)}; ${retry(ctx.ttl)}`), { statusCode: 429 });
    },
  });

  // The ceiling: fixed windows per project, for the publishable key's requests that passed their
  // address's limit. A route hook, as the limit's own are: added after them, it runs after them.
  const windows = new Map<string, { count: number; endsAt: number }>();
  const ceiling = async (req: FastifyRequest, reply: FastifyReply) => {
    if (limitOf.get(req) !== 'address') return;
    const { projectId } = await keyOwner(req, store);
    const now = Date.now();
    let w = windows.get(projectId);
    if (!w || w.endsAt <= now) windows.set(projectId, (w = { count: 0, endsAt: now + o.windowMs }));
    if (++w.count <= o.projectMax) return;
    const left = w.endsAt - now;
    reply.header('retry-after', String(Math.max(1, Math.ceil(left / 1000))));
    throw httpError(
      429,
      `over this project's ceiling for the publishable key, all client addresses together: ${o.projectMax} requests per ${seconds(o.windowMs)}; ${retry(left)}`,
    );
  };
  app.addHook('onRoute', (route) => {
    if (route.config?.key) route.preValidation = [route.preValidation ?? [], ceiling].flat();
  });
}
