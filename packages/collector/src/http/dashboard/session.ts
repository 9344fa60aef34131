import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardSession } from '../../domain/dashboard.js';
import type { Caller, Store } from '../../domain/storage.js';

export const SESSION_COOKIE = 'firstwin_session';
export const CSRF_HEADER = 'x-firstwin-csrf';
/** A session lasts a working week; signing in again starts a new one. */
export const SESSION_MS = 7 * 86_400_000;

/** 32 random bytes: the cookie's value. Only its hash is stored, so a copy of the database opens no session. */
export const newToken = () => randomBytes(32).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The CSRF token the page sends back on every state change: derived from the session's
 * token, which only this browser's cookie holds, and read by the page from the session
 * answer, which another site cannot read.
 */
export const csrfOf = (token: string) => createHmac('sha256', token).update('firstwin dashboard csrf').digest('base64url');

export function csrfMatches(token: string, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfOf(token));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const tokenOf = (req: FastifyRequest): string | undefined => {
  const token = req.cookies[SESSION_COOKIE];
  return token && /^[\w-]{43}$/.test(token) ? token : undefined;
};

export async function sessionOf(
  req: FastifyRequest,
  store: Store,
  now: number,
): Promise<{ token: string; session: DashboardSession } | undefined> {
  const token = tokenOf(req);
  const session = token && (await store.dashboardSession(tokenHash(token), now));
  return session ? { token: token!, session } : undefined;
}

/** A signed-in dashboard user calls as their project's secret key, on the routes that let them. */
export const callerOf = ({ project }: DashboardSession): Caller => ({
  projectId: project.id,
  kind: 'secret',
  userHashSecret: project.userHashSecret,
  activationTarget: project.activationTarget,
  // A secret-key caller needs no identity token, and no session route reads the signing secret.
  tokenMode: 'off',
  tokenSecret: null,
});

/** HttpOnly, SameSite=Strict, and Secure whenever the page came over HTTPS (behind a proxy too, with trustProxy). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string | null): void {
  const options = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: req.protocol === 'https' };
  if (token === null) reply.clearCookie(SESSION_COOKIE, options);
  else reply.setCookie(SESSION_COOKIE, token, { ...options, maxAge: SESSION_MS / 1000 });
}
