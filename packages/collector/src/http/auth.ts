import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller, KeyKind, Store } from '../domain/storage.js';
import { CSRF_HEADER, callerOf, csrfMatches, sessionOf } from './dashboard/session.js';
import { httpError } from './errors.js';

/** The key from `Authorization: Bearer`, HTTP Basic (key as user name), or the body's `writeKey`. */
export function keyFrom(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const [scheme, value = ''] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer') return value.trim();
    if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  }
  const body = req.body as { writeKey?: unknown } | undefined;
  return typeof body?.writeKey === 'string' ? body.writeKey : undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The key a route needs: checked before the request's shape (`checkKeys`). */
    key?: KeyKind;
    /**
     * A signed-in dashboard user may call this route, as their project's secret key, with
     * the session cookie instead of a key (and the CSRF header, unless it only reads).
     */
    session?: boolean;
  }
  interface FastifyRequest {
    /** Who is calling: set once per request, before validation, on every route that needs a key (`checkKeys`). */
    caller: Caller;
  }
}

/** Each request's key, looked up once: by the rate limit and by `checkKeys`. */
const lookups = new WeakMap<FastifyRequest, Promise<Caller>>();

/** The project and kind of the request's key (rejected for a missing or unknown key). */
export function keyOwner(req: FastifyRequest, store: Store): Promise<Caller> {
  let lookup = lookups.get(req);
  if (!lookup) lookups.set(req, (lookup = lookUp(req, store)));
  return lookup;
}

/**
 * Checks each route's key before its body and query are validated: a request without the
 * right key gets 401 whatever shape it has. A body that cannot be read at all (not JSON)
 * is still refused first: a batch's key may be in it. Route hooks, added after the rate
 * limit's: a request over its rate is refused before its key is checked.
 */
export function checkKeys(app: FastifyInstance, store: Store): void {
  app.decorateRequest<Caller | null>('caller', null);
  app.addHook('onRoute', (route) => {
    const need = route.config?.key;
    if (!need) return;
    const check = async (req: FastifyRequest) => void (req.caller = await caller(req, store, need));
    route.preValidation = [route.preValidation ?? [], check].flat();
  });
}

/** The project and kind of the request's key, refused when the route needs the secret key and has the publishable one. */
async function caller(req: FastifyRequest, store: Store, need: KeyKind): Promise<Caller> {
  // The key is looked up once; what this call needs of it is checked every time.
  const who = await keyOwner(req, store);
  // 401, not 403: for this endpoint a publishable key is the wrong key, and the contract answers a wrong key with 401.
  if (need === 'secret' && who.kind !== 'secret') {
    throw httpError(
      401,
      'this endpoint needs the secret key (sk_…); publishable keys may only send events and read checklists and progress',
    );
  }
  return who;
}

async function lookUp(req: FastifyRequest, store: Store): Promise<Caller> {
  const key = keyFrom(req);
  if (!key && req.routeOptions.config.session && req.cookies) {
    const signedIn = await sessionOf(req, store, Date.now());
    if (signedIn) {
      // SameSite=Strict keeps the cookie off other sites' requests, but not off a sibling
      // subdomain's: a state change must also show it read the session's answer.
      if (req.method !== 'GET' && req.method !== 'HEAD' && !csrfMatches(signedIn.token, req.headers[CSRF_HEADER])) {
        throw httpError(403, `a signed-in change needs the session's CSRF token in the ${CSRF_HEADER} header; reload the dashboard`);
      }
      return callerOf(signedIn.session);
    }
  }
  if (!key)
    throw httpError(
      401,
      'missing key: send Authorization: Bearer <key> (or writeKey in the body of /v1/batch and the single-event routes)',
    );
  const found = await store.findProject(key);
  if (!found) throw httpError(401, 'unknown key: check the key printed by `firstwin-collector project create`');
  return found;
}
