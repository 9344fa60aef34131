// A real stack per test file: the built collector on a fresh SQLite file, the demo
// app, and Debian's Chromium, all on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createCollector } from '../packages/collector/dist/index.js';
// @ts-expect-error plain JavaScript module of the demo
import { startDemoServer } from '../examples/crm-demo/server.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
export const checklists = JSON.parse(readFileSync(new URL('../examples/crm-demo/checklists.json', import.meta.url), 'utf8'));

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
export const startApp = (key: string, endpoint: string): Promise<{ url: string; close(): Promise<void> }> =>
  startDemoServer({ key, endpoint, port: 0 });

/** `front` puts something (a faulty proxy) between the browser and the collector. */
export async function startStack(opts: { front?: (collectorUrl: string) => Promise<{ url: string; close(): Promise<void> }> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-e2e-'));
  const db = join(dir, 'e2e.db');
  const collector = await createCollector({ db, rateLimit: 100_000 });
  const endpoint = await collector.app.listen({ host: '127.0.0.1', port: 0 });
  const keys = await collector.store.createProject('e2e');
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${endpoint}${path}`, { ...init, headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json', ...init.headers } });
    return { status: res.status, body: await res.json() };
  };
  const put = await api('/v1/checklists', { method: 'PUT', body: JSON.stringify(checklists) });
  if (put.status !== 200) throw new Error(JSON.stringify(put.body));
  const front = await opts.front?.(endpoint);
  const app = await startApp(keys.publishableKey, front?.url ?? endpoint);
  const browser = await launchBrowser();
  return {
    dir, db, endpoint, keys, api, appUrl: app.url, browser, collector,
    async close() {
      await browser.close();
      await app.close();
      await front?.close();
      await collector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

/** A page that fails the test on any CSP violation or uncaught error. */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

export async function signIn(page: Page, persona: string): Promise<void> {
  await page.selectOption('#persona', persona);
  await page.locator('firstwin-app .launcher').waitFor({ timeout: 10_000 });
}

/** The state of each checkbox of the open panel, by its accessible name. */
export async function checkboxes(page: Page): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const box of await page.getByRole('checkbox').all()) {
    const name = (await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '')) as string;
    out[name] = await box.isChecked();
  }
  return out;
}

export async function openPanel(page: Page): Promise<void> {
  const launcher = page.locator('firstwin-app .launcher');
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
  await page.getByRole('dialog').waitFor();
}
