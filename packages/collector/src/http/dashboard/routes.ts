import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { normalEmail, type DashboardSession } from '../../domain/dashboard.js';
import type { Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';
import { loginLimits, type LoginLimits } from './login-limits.js';
import { verifyPassword } from './password.js';
import { SESSION_MS, csrfMatches, CSRF_HEADER, csrfOf, newToken, sessionOf, setSessionCookie, tokenHash } from './session.js';

const SignIn = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const Session = Type.Object({ email: Type.String(), projectId: Type.String(), projectName: Type.String(), csrfToken: Type.String() });
const SignedOut = Type.Object({ signedOut: Type.Boolean() });
const PATH = '/dashboard/api/session';

const answer = (token: string, s: DashboardSession) => ({
  email: s.email,
  projectId: s.project.id,
  projectName: s.project.name,
  csrfToken: csrfOf(token),
});

/**
 * A sign-in is asked for by the dashboard's own page: a browser names the page's origin
 * on every POST, and another site's page may not sign this browser in to an account of
 * the attacker's choosing (login CSRF).
 */
function sameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let same = false;
  try {
    // Both through URL: a default port is written in one and left out of the other.
    const from = new URL(origin);
    same = from.host === new URL(`${from.protocol}//${req.headers.host ?? ''}`).host;
  } catch {
    /* "null" or garbage: refused */
  }
  if (!same) throw httpError(403, "sign in from the dashboard's own page");
}

/** Sign-in, who-am-I and sign-out for the dashboard's page; every answer is private to this browser. */
export function sessionRoutes(app: TypedApp, store: Store, now: () => number = Date.now, limits: LoginLimits = loginLimits()): void {
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.post(
    PATH,
    {
      schema: {
        summary: 'Sign in to the dashboard with email and password: sets the session cookie. Slowed and limited after wrong passwords.',
        security: [],
        body: SignIn,
        response: { 200: Session, 400: ErrorAnswer, 401: ErrorAnswer, 403: ErrorAnswer, 429: ErrorAnswer },
      },
    },
    async (req, reply) => {
      sameOrigin(req);
      noStore(reply);
      const email = normalEmail(req.body.email);
      const wait = limits.retryAfter(req.ip, email);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw httpError(429, `too many wrong passwords for this email or from this address; try again in ${wait} s`);
      }
      const user = await store.dashboardUser(email);
      if (!(await verifyPassword(req.body.password, user?.passwordHash ?? null)) || !user) {
        await limits.failed(req.ip, email);
        throw httpError(401, 'wrong email or password');
      }
      limits.succeeded(email);
      const token = newToken();
      const at = now();
      await store.createSession({ tokenHash: tokenHash(token), userId: user.id, expiresAt: at + SESSION_MS }, at);
      const session = await store.dashboardSession(tokenHash(token), at);
      if (!session) throw httpError(401, 'this user was deleted while signing in');
      setSessionCookie(req, reply, token);
      return answer(token, session);
    },
  );

  app.get(
    PATH,
    {
      schema: {
        summary: 'Who is signed in, with the CSRF token the page sends on every change.',
        security: [],
        response: { 200: Session, 401: ErrorAnswer },
      },
    },
    async (req, reply) => {
      noStore(reply);
      const signedIn = await sessionOf(req, store, now());
      if (!signedIn) throw httpError(401, 'not signed in');
      return answer(signedIn.token, signedIn.session);
    },
  );

  app.delete(
    PATH,
    {
      schema: {
        summary: 'Sign out: ends the session everywhere it is used.',
        security: [],
        response: { 200: SignedOut, 403: ErrorAnswer },
      },
    },
    async (req, reply) => {
      noStore(reply);
      const signedIn = await sessionOf(req, store, now());
      if (signedIn) {
        if (!csrfMatches(signedIn.token, req.headers[CSRF_HEADER]))
          throw httpError(403, `signing out needs the session's CSRF token in the ${CSRF_HEADER} header`);
        await store.deleteSession(tokenHash(signedIn.token));
      }
      setSessionCookie(req, reply, null);
      return { signedOut: true };
    },
  );
}
