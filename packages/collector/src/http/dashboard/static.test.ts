import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { testCollector } from '../../test-helpers.js';
import { installErrorHandlers } from '../errors.js';
import { DASHBOARD_CSP, dashboardFiles, dashboardStatic } from './static.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T | undefined;
afterEach(async () => t?.cleanup());

it('serves the built page, script and stylesheet under a policy of this origin only', async () => {
  // Built by `npm run build` (npm test builds first): the collector serves what the package built.
  expect(existsSync(join(dashboardFiles(), 'index.html')), 'build @firstwin/dashboard first').toBe(true);
  t = await testCollector({ withChecklists: false });
  const redirect = await t.app.inject('/dashboard');
  expect([redirect.statusCode, redirect.headers.location]).toEqual([308, 'dashboard/']);
  for (const [path, type] of [
    ['/dashboard/', 'text/html'],
    ['/dashboard/dashboard.js', 'javascript'],
    ['/dashboard/dashboard.css', 'text/css'],
  ]) {
    const res = await t.app.inject(path!);
    expect(res.statusCode, path).toBe(200);
    expect(res.headers['content-type'], path).toContain(type);
    expect(res.headers['content-security-policy'], path).toBe(DASHBOARD_CSP);
    expect(res.headers['x-content-type-options'], path).toBe('nosniff');
  }
  expect(DASHBOARD_CSP).toMatch(/^default-src 'self';/);
  const html = (await t.app.inject('/dashboard/')).body;
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
});

it('serves nothing outside the built folder, and answers what is missing as JSON', async () => {
  t = await testCollector({ withChecklists: false });
  for (const path of [
    '/dashboard/../package.json',
    '/dashboard/%2e%2e/package.json',
    '/dashboard/nope.js',
    '/dashboard/..%2f..%2fpackage.json',
  ]) {
    const res = await t.app.inject(path);
    expect(res.statusCode, path).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, path).toBeLessThan(500);
    expect(res.body, path).not.toContain('"@firstwin/');
  }
});

it('says how to build the page when it has not been built', async () => {
  const app = Fastify();
  installErrorHandlers(app);
  await dashboardStatic(app, '/nonexistent/firstwin-dashboard');
  const res = await app.inject('/dashboard/');
  expect(res.statusCode).toBe(404);
  expect(res.json().error).toMatch(/not built: run/);
  await app.close();
});
