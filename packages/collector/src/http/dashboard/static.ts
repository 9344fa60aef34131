import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { httpError } from '../errors.js';

/** The built page: `@firstwin/dashboard`'s `dist/`. */
export const dashboardFiles = (): string =>
  join(dirname(createRequire(import.meta.url).resolve('@firstwin/dashboard/package.json')), 'dist');

/**
 * The page, script and stylesheet under a policy that allows nothing but this origin:
 * the page needs no inline script or style, and may be framed by no one.
 */
export const DASHBOARD_CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

export async function dashboardStatic(app: FastifyInstance, root = dashboardFiles()): Promise<void> {
  // Relative, so it holds behind a proxy that serves the collector under a path of its own.
  app.get('/dashboard', { schema: { hide: true } }, async (_req, reply) => reply.redirect('dashboard/', 308));
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/dashboard/*', { schema: { hide: true } }, async () => {
      throw httpError(404, 'the dashboard is not built: run `npx -y pnpm@10 -r --filter "./packages/**" run build`');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/dashboard/',
    // Names without hashes: the browser asks again each time, and gets 304 while unchanged.
    cacheControl: false,
    setHeaders: (reply) => {
      reply.header('content-security-policy', DASHBOARD_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
      reply.header('cache-control', 'no-cache');
    },
  });
}
