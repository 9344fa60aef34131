// The demo is served under a strict Content-Security-Policy; the SDK must work there
// without a single violation, on every page, for every role, guides included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, openPanel, signIn, startStack, type Stack } from '../harness.js';

let stack: Stack;
beforeAll(async () => void (stack = await startStack()));
afterAll(async () => stack?.close());

const PAGES = ['/', '/deals.html', '/interactions.html', '/review.html', '/settings.html'];

describe('a strict Content-Security-Policy', () => {
  it('is sent with every page and script of the demo', async () => {
    const origin = new URL(stack.endpoint).origin;
    for (const path of [...PAGES, '/firstwin.js', '/firstwin.css', '/app.js', '/app.css']) {
      const res = await fetch(`${stack.appUrl}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ${origin}`,
        "img-src 'self' data:",
      ]) {
        expect(csp, path).toContain(directive);
      }
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
    // The pages carry no inline script for the SDK to lean on.
    const html = await (await fetch(stack.appUrl)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('is never violated: every page, every persona, panel and guide open', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, stack.appUrl);
    for (const persona of ['ana', 'eli', 'sam']) {
      await signIn(page, persona);
      for (const path of PAGES) {
        await page.goto(`${stack.appUrl}${path}`);
        await openPanel(page);
        const showMe = page.getByRole('button', { name: 'Show me' }).first();
        if (await showMe.count()) {
          await showMe.click();
          await page.waitForTimeout(200);
          await page.keyboard.press('Escape');
        }
      }
    }
    await page.evaluate(() => (window as any).Firstwin.flush());
    expect(problems).toEqual([]);
    await context.close();
  });

  it('would be caught if it were violated (the check above can fail)', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, stack.appUrl);
    await page.evaluate(() => {
      const div = document.createElement('div');
      div.setAttribute('style', 'color: red');
      document.body.append(div);
    });
    await expect.poll(() => problems.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/style-src/);
    await context.close();
  });
});
