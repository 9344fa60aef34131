// The CS dashboard in real Chromium, served by the built collector on a fresh SQLite
// file: two projects, a dashboard user each (made with the CLI), weeks of history sent
// through the ingest API. Screenshots of every page land in test-results/dashboard/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../packages/collector/dist/index.js';
// @ts-expect-error plain JavaScript module of the demo
import { ACCOUNTS, accountHistory, fillHistory } from '../../examples/crm-demo/history.mjs';
import { checklists, launchBrowser, openPage } from '../harness.js';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'packages/collector/dist/cli.js');
const shots = join(root, 'test-results/dashboard');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Project {
  projectId: string;
  publishableKey: string;
  secretKey: string;
}
let dir: string;
let collector: {
  app: { listen(o: object): Promise<string> };
  store: { createProject(name: string): Promise<Project> };
  close(): Promise<void>;
};
let endpoint: string;
let a: Project;
let b: Project;
let browser: Browser;
/** A webhook receiver on 127.0.0.1 for project A: what the history tells of is delivered there. */
let hooks: Server;
let hookUrl: string;

/** `firstwin-collector user create`, the password on standard input as a person would type it. */
function cliRun(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin);
  });
}

const secretApi = async (key: string, path: string, init: RequestInit = {}) => {
  const res = await fetch(`${endpoint}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: res.status, body: await res.json() };
};

/** When project A's history was made, and what it sent of Globex. */
const filled = Date.now();
const globexHistory = accountHistory(
  ACCOUNTS.find((x: { id: string }) => x.id === 'globex'),
  filled,
) as Array<{ userId: string; timestamp: string }>;
/** A last seen or activity time: the latest of these events' timestamps, up to a minute behind (its precision). */
const expectLatestOf = (time: string, events: Array<{ timestamp: string }>) => {
  const latest = Math.max(...events.map((m) => Date.parse(m.timestamp)));
  expect(Date.parse(time)).toBeLessThanOrEqual(latest);
  expect(Date.parse(time)).toBeGreaterThan(latest - 60_000);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firstwin-dashboard-'));
  const db = join(dir, 'dash.db');
  collector = await createCollector({ db, rateLimit: 100_000 });
  endpoint = await collector.app.listen({ host: '127.0.0.1', port: 0 });
  a = await collector.store.createProject('Acme CS');
  b = await collector.store.createProject('Other vendor');
  for (const p of [a, b])
    expect((await secretApi(p.secretKey, '/v1/checklists', { method: 'PUT', body: JSON.stringify(checklists) })).status).toBe(200);
  hooks = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((ok) => hooks.listen(0, '127.0.0.1', ok));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/firstwin`;
  const events = ['account.status_changed', 'account.first_value', 'user.activated'];
  expect((await secretApi(a.secretKey, '/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: hookUrl, events }) })).status).toBe(
    201,
  );
  await fillHistory({ endpoint, secretKey: a.secretKey, now: filled });
  await fillHistory({
    endpoint,
    secretKey: b.secretKey,
    accounts: [{ id: 'b-only', name: 'Project B account', seats: 5, signedDaysAgo: 20, pace: 'fast' }],
  });
  for (const [email, project] of [
    ['cs@acme.test', 'Acme CS'],
    ['cs@other.test', b.projectId],
  ] as const) {
    const made = await cliRun(['user', 'create', email, '--project', project, '--db', db], 'correct horse battery\n');
    expect(made, made.err).toMatchObject({ code: 0 });
  }
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await new Promise((ok) => (hooks ? hooks.close(ok).closeAllConnections() : ok(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const dashboard = () => `${endpoint}/dashboard/`;
/** A time as the dashboard writes it (`lib/format.ts`). */
const dateTime = (iso: string) =>
  `${new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;

async function signIn(context: BrowserContext, email: string, password = 'correct horse battery') {
  const opened = await openPage(context, dashboard());
  const { page } = opened;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return opened;
}

/**
 * axe-core's violations on the page as it is now. Its source is run through the DevTools
 * protocol: the page's policy rightly refuses it as an inline script tag.
 */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await (
      window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }
    ).axe.run();
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
  return found;
}

async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300); // the charts follow their container's width
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    // Wide tables scroll inside their cards; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the dashboard', () => {
  it("is served under default-src 'self', with no inline script or style", async () => {
    const res = await fetch(dashboard());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect((await fetch(`${endpoint}/dashboard`, { redirect: 'manual' })).headers.get('location')).toBe('dashboard/');
  });

  it('has an accessibility check that can fail', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, dashboard());
    await page.getByLabel('Email').waitFor();
    expect(await axe(page)).toEqual([]);
    await page.evaluate(() => document.querySelector('form')!.append(Object.assign(document.createElement('img'), { src: 'x.png' })));
    expect((await axe(page)).join('\n')).toMatch(/^image-alt/m);
    await context.close();
  });

  it('refuses a wrong password and sets no session', async () => {
    const context = await browser.newContext();
    const { page, problems } = await signIn(context, 'cs@acme.test', 'wrong password');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/wrong email or password/);
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => fetch('../v1/accounts').then((r) => r.status))).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("signs in, shows the accounts, opens one whose chart draws the timeline API's points, and signs out", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await signIn(context, 'cs@acme.test');
    const table = page.getByRole('region', { name: 'Accounts table' });
    await table.getByRole('link', { name: 'Northwind Traders' }).waitFor();
    const cookie = (await context.cookies())[0]!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const api = (await secretApi(a.secretKey, '/v1/accounts')).body as Array<{ accountId: string; status: string; lastActivityAt: string }>;
    expect(await table.getByRole('rowheader').count()).toBe(api.length);
    const atRisk = api.filter((x) => x.status === 'at_risk').length;
    await expect.poll(() => page.getByRole('button', { name: /At risk/ }).textContent()).toContain(String(atRisk));
    // Last activity: the history's own dates, each account its own, not when the collector received it.
    expect(new Set(api.map((x) => x.lastActivityAt)).size).toBeGreaterThan(ACCOUNTS.length / 2);
    const sent = (await secretApi(a.secretKey, '/v1/accounts/globex/activation')).body.lastActivityAt as string;
    expectLatestOf(sent, globexHistory);
    const globexRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Globex Corporation' }) });
    expect(await globexRow.locator('td').last().textContent()).toBe(dateTime(sent));
    expect(await axe(page)).toEqual([]);
    await shoot(page, 'accounts');

    await table.getByRole('link', { name: 'Globex Corporation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Globex Corporation' }).waitFor();
    const timeline = await secretApi(a.secretKey, '/v1/accounts/globex/timeline');
    expect(timeline.status).toBe(200);
    const days = timeline.body.days as Array<{ day: number; date: string; activatedSeats: number; pace: number }>;
    expect(days.length).toBeGreaterThan(40); // Globex signed 52 days ago: weeks of points, some of them rising
    expect(days.at(-1)!.activatedSeats).toBeGreaterThan(days[0]!.activatedSeats);
    await page.getByText("The chart's data").click();
    const rows = await page
      .locator('table.timeline-data tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    const seats = timeline.body.seats as number;
    expect(rows).toEqual(
      days.map((d) => [String(d.day), d.date, String(d.activatedSeats), String(Math.round(d.pace * seats * 100) / 100)]),
    );
    expect(await page.locator('.timeline canvas').count()).toBeGreaterThan(0);
    const people = page.getByRole('region', { name: 'People table' });
    await people.getByRole('rowheader', { name: 'globex-admin' }).waitFor();
    // Each person's last seen as the API has it, a real time.
    const users = (await secretApi(a.secretKey, '/v1/accounts/globex/users')).body as Array<{ userId: string; lastSeenAt: string }>;
    const admin = users.find((u) => u.userId === 'globex-admin')!;
    expectLatestOf(
      admin.lastSeenAt,
      globexHistory.filter((m) => m.userId === 'globex-admin'),
    );
    const adminRow = people.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'globex-admin', exact: true }) });
    expect(await adminRow.locator('td').last().textContent()).toBe(dateTime(admin.lastSeenAt));
    // The webhooks it fired: what the receiver was sent about Globex, each attempt with its event, webhook, status and answer.
    type Fired = Array<{ type: string; url: string; status: string; code: number; at: string }>;
    const globexFired = async () => (await secretApi(a.secretKey, '/v1/accounts/globex/deliveries')).body as Fired;
    // Sent within a second or two of the history: read until half a second adds none.
    let fired = await globexFired();
    await expect
      .poll(
        async () => {
          const before = fired.length;
          await new Promise((ok) => setTimeout(ok, 500));
          fired = await globexFired();
          return before > 5 && fired.length === before;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.reload();
    const firedTable = page.getByRole('region', { name: 'Webhooks this account fired' });
    await firedTable.getByRole('row').nth(1).waitFor();
    const shown = await firedTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(shown).toEqual(fired.map((d) => [dateTime(d.at), d.type, hookUrl, '1', 'delivered', '204']));
    expect(new Set(fired.map((d) => d.type))).toEqual(new Set(['account.status_changed', 'account.first_value', 'user.activated']));
    expect(await axe(page)).toEqual([]);
    await shoot(page, 'account');

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.waitForTimeout(300);
    expect(await axe(page)).toEqual([]);
    await shoot(page, 'webhooks');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    expect(await page.evaluate(() => fetch('../v1/accounts').then((r) => r.status))).toBe(401);
    expect(await axe(page)).toEqual([]);
    await shoot(page, 'sign-in');
    expect(problems.filter((p) => !/404/.test(p))).toEqual([]);
    await context.close();
  });

  it('is usable by keyboard alone: sign in, sort, open an account, come back', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, dashboard());
    await page.getByLabel('Email').focus();
    await page.keyboard.type('cs@acme.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    const table = page.getByRole('region', { name: 'Accounts table' });
    await table.getByRole('rowheader').first().waitFor();
    /** Tabs until `target` has the focus (at most 60 presses), as a person would. */
    const tabTo = async (target: ReturnType<Page['getByRole']>) => {
      for (let i = 0; i < 60; i++) {
        if (await target.evaluate((el) => el === document.activeElement)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error('not reachable by Tab');
    };
    const byName = table.getByRole('button', { name: 'Account' });
    await tabTo(byName);
    await page.keyboard.press('Enter');
    await expect.poll(() => byName.evaluate((b) => b.closest('th')!.getAttribute('aria-sort'))).toBe('ascending');
    expect(await table.getByRole('rowheader').first().textContent()).toBe('Globex Corporation');
    await tabTo(table.getByRole('link', { name: 'Globex Corporation' }));
    await page.keyboard.press('Enter');
    // The new page's heading has the focus, so reading starts there.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Globex Corporation');
    await tabTo(page.getByRole('link', { name: '← All accounts' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await context.close();
  });

  it("keeps a user of one project out of another's accounts, also by a typed-in URL", async () => {
    const context = await browser.newContext();
    const { page } = await signIn(context, 'cs@other.test');
    await page.getByRole('link', { name: 'Project B account' }).waitFor();
    expect(await page.getByRole('region', { name: 'Accounts table' }).getByRole('rowheader').count()).toBe(1);
    await page.goto(`${dashboard()}#/accounts/globex`);
    await page.getByRole('heading', { level: 1, name: 'Account not found' }).waitFor();
    const status = await page.evaluate(async () =>
      Promise.all(
        [
          '../v1/accounts/globex/activation',
          '../v1/accounts/globex/users',
          '../v1/accounts/globex/timeline',
          '../v1/accounts/globex/deliveries',
        ].map((u) => fetch(u).then((r) => r.status)),
      ),
    );
    expect(status).toEqual([404, 404, 404, 404]);
    // The session does not stand in for the secret key where it changes a project's setup.
    const put = await page.evaluate(async () => {
      const s = await (await fetch('api/session')).json();
      const r = await fetch('../v1/checklists', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-firstwin-csrf': s.csrfToken },
        body: '[]',
      });
      return r.status;
    });
    expect(put).toBe(401);
    await context.close();
  });

  it("refuses a state change that does not carry the session's CSRF token", async () => {
    const context = await browser.newContext();
    const { page } = await signIn(context, 'cs@acme.test');
    await page.getByRole('region', { name: 'Accounts table' }).waitFor();
    const answers = await page.evaluate(async () => {
      const post = (headers: Record<string, string>) =>
        fetch('../v1/webhooks', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ url: 'https://example.com/h', events: ['user.activated'], format: 'standard' }),
        }).then((r) => r.status);
      const signOut = await fetch('api/session', { method: 'DELETE', headers: { 'x-firstwin-csrf': 'forged' } }).then((r) => r.status);
      return { signOut, webhooks: [await post({}), await post({ 'x-firstwin-csrf': 'forged' })] };
    });
    expect(answers.signOut).toBe(403);
    // Webhooks arrive with their own routes; until then there is nothing there to change.
    const hasWebhooks = (await secretApi(a.secretKey, '/v1/webhooks')).status === 200;
    expect(answers.webhooks).toEqual(hasWebhooks ? [403, 403] : [404, 404]);
    // Still signed in: the forged sign-out did nothing.
    expect(await page.evaluate(() => fetch('../v1/accounts').then((r) => r.status))).toBe(200);
    await context.close();
  });
});
