// A real stack per test file: the built collector on a fresh SQLite file, the demo
// app, and Debian's Chromium, all on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error plain JavaScript module of the demo
import { startDemoServer } from '../examples/crm-demo/server.mjs';
// @ts-expect-error plain JavaScript module of the demo
import { checklists as demoChecklists, startDemo } from '../examples/crm-demo/start.mjs';
import { identityToken } from '../packages/collector/dist/index.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const checklists = demoChecklists as Array<{ id: string; role: string; items: Array<{ id: string; title: string }> }>;

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
export const startApp = (key: string, endpoint: string): Promise<{ url: string; close(): Promise<void> }> =>
  startDemoServer({ key, endpoint, port: 0 });

/**
 * `front` puts something (a faulty proxy) between the browser and the collector. `identity`:
 * the demo project enforces signed identity tokens; 'off' for tests of people the demo app does not know.
 */
export async function startStack(
  opts: { front?: (collectorUrl: string) => Promise<{ url: string; close(): Promise<void> }>; identity?: 'off' | 'enforce' } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-e2e-'));
  const db = join(dir, 'e2e.db');
  let demo;
  let browser: Browser;
  try {
    demo = await startDemo({ db, collectorPort: 0, appPort: 0, rateLimit: 100_000, front: opts.front, identity: opts.identity });
    browser = await launchBrowser();
  } catch (err) {
    // Nothing half-started stays behind: the demo's servers, its database folder.
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { endpoint, keys } = demo;
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${endpoint}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json', ...init.headers },
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    dir,
    db,
    endpoint,
    keys,
    api,
    appUrl: demo.appUrl as string,
    browser,
    collector: demo.collector,
    /** A token for someone the demo app does not know, as the vendor's server would sign it. */
    tokenFor: (userId: string, role: string, accountId: string): Promise<string> =>
      identityToken(demo.tokenSecret, { userId, role, accountId }),
    async close() {
      try {
        await browser.close();
        await demo.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * A page whose `problems` collect every CSP violation (the DOM event and Chromium's
 * console report, whichever comes) and every uncaught error, so tests can demand none.
 */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000); // every wait bounded, well under the test's own timeout
  const problems: string[] = [];
  // Init scripts are injected by the browser itself, so the page's CSP does not apply to them.
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        console.error(
          `firstwin-e2e CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
        );
      },
      true,
    );
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|CSP violation/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  await page.goto(url, { timeout: 15_000 });
  return { page, problems };
}

/** The checklist shown: the panel (it opens by itself until the person closes it) or the launcher. */
export const shown = (page: Page) => page.locator('firstwin-app').locator('.launcher, .panel');

export async function signIn(page: Page, persona: string): Promise<void> {
  await page.selectOption('#persona', persona);
  await shown(page).waitFor({ timeout: 10_000 });
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
  await shown(page).waitFor();
  const launcher = page.locator('firstwin-app .launcher');
  if (await launcher.isVisible()) await launcher.click();
  await page.locator('firstwin-app .panel[role=dialog]').waitFor();
}
