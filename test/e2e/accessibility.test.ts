// Accessibility proved in real Chromium: axe-core finds no violation in the open panel,
// the launcher and a tooltip; every button is at least 24 × 24 CSS px and no text is
// under 13 px. Screenshots of the panel and a tooltip, wide and narrow, go to test-results/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, signIn, startStack, type Stack } from '../harness.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shots = new URL('../../test-results/', import.meta.url).pathname;

let stack: Stack;
beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  stack = await startStack();
});
afterAll(async () => stack?.close());

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: unknown; failureSummary: string }>;
}

/** axe on everything in the SDK's shadow root (axe walks open shadow roots), by WCAG 2.2 AA and best practice. */
async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(
      { include: [['firstwin-app']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      },
    );
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** Every button and link under 24 × 24 CSS px, and every text under 13 px, in the shadow root. */
const tooSmall = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('firstwin-app')!.shadowRoot!;
    const out: string[] = [];
    for (const el of root.querySelectorAll<HTMLElement>('button, a[href]')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.width < 24 || r.height < 24)) out.push(`${el.className || el.tagName} is ${r.width}x${r.height}`);
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (n.textContent!.trim() && el.getClientRects().length && !el.closest('.sr') && size < 13)
        out.push(`"${n.textContent}" at ${size}px`);
    }
    return out;
  });

const tip = (page: Page) => page.locator('firstwin-app #fw-tip[role=dialog]');

describe('accessibility in real Chromium', () => {
  for (const width of [1280, 390]) {
    it(`has no axe violation, small target or small text in the panel, the launcher and a tooltip at ${width} px`, async () => {
      // CSP bypassed in this context only, for axe's own script; csp.test.ts holds the SDK to it.
      const context = await stack.browser.newContext({ viewport: { width, height: 820 }, bypassCSP: true });
      const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
      await signIn(page, 'eli');
      const panel = page.locator('firstwin-app .panel');
      await panel.waitFor();
      await page.waitForTimeout(300); // the entry animation
      expect(await axe(page)).toEqual([]);
      expect(await tooSmall(page)).toEqual([]);
      // Which items count toward the first win is said, not only shown.
      expect(await panel.locator('.win').textContent()).toBe('2 steps to your first win');
      await page.screenshot({ path: `${shots}panel-${width}.png` });

      await page
        .getByRole('listitem')
        .filter({ hasText: 'Log your first customer interaction' })
        .getByRole('button', { name: 'Show me' })
        .click();
      await tip(page).waitFor();
      await page.waitForTimeout(600);
      expect(await page.getByRole('dialog', { name: 'Log your first customer interaction' }).getAttribute('aria-modal')).toBe('false');
      expect(await axe(page)).toEqual([]);
      expect(await tooSmall(page)).toEqual([]);
      await page.screenshot({ path: `${shots}tooltip-${width}.png` });

      await page.keyboard.press('Escape');
      await page.locator('firstwin-app .launcher').waitFor();
      expect(await axe(page)).toEqual([]);
      expect(await tooSmall(page)).toEqual([]);
      await page.screenshot({ path: `${shots}launcher-${width}.png` });
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('would be caught if it were violated (the checks above can fail)', async () => {
    const context = await stack.browser.newContext({ bypassCSP: true });
    const { page } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eli');
    await page.locator('firstwin-app .panel').waitFor();
    await page.evaluate(() => {
      const root = document.querySelector('firstwin-app')!.shadowRoot!;
      root.querySelector('.x')!.removeAttribute('aria-label'); // a button with no name
      root.querySelector<HTMLElement>('.x')!.textContent = '';
      root.querySelector<HTMLElement>('.dismiss')!.style.fontSize = '11px';
    });
    expect((await axe(page)).map((v) => v.id)).toContain('button-name');
    expect((await tooSmall(page)).join('\n')).toMatch(/at 11px/);
    await context.close();
  });
});
