import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, openPanel, signIn, startStack, type Stack } from '../harness.js';

let stack: Stack;
beforeAll(async () => void (stack = await startStack()));
afterAll(async () => stack?.close());

const tooltip = (page: Page) => page.locator('firstwin-app [role=tooltip]');
const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;
const showMe = async (page: Page, title: string) => {
  await openPanel(page);
  await page.getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: 'Show me' }).click();
};

describe('guided tooltips in real Chromium', () => {
  it('appear next to their target, on the side asked for', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eli');
    await showMe(page, 'Log your first customer interaction');
    await tooltip(page).waitFor();
    await page.waitForTimeout(300);
    const target = await box(page, '#log-interaction');
    const tip = await box(page, 'firstwin-app [role=tooltip]');
    // placement bottom: just below the target, never over it
    const gap = tip.y - (target.y + target.height);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThanOrEqual(40);
    expect(tip.x < target.x + target.width && tip.x + tip.width > target.x).toBe(true);
    expect(await tooltip(page).textContent()).toContain('Start here: log a call, email or meeting.');
    // The panel made way for the guide; Escape closes the tooltip.
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await tooltip(page).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('scroll their target into view and follow it when the page scrolls', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1100, height: 500 } });
    const { page } = await openPage(context, `${stack.appUrl}/deals.html`);
    await signIn(page, 'eva');
    expect((await box(page, '#advance-deal')).y).toBeGreaterThan(500); // below the fold
    await showMe(page, 'Move a deal forward');
    await tooltip(page).waitFor();
    await page.waitForFunction(() => {
      const r = document.querySelector('#advance-deal')!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }, null, { timeout: 5000 });
    await page.waitForTimeout(600); // smooth scroll settles
    const relative = async () => {
      const [t, b] = [await box(page, 'firstwin-app [role=tooltip]'), await box(page, '#advance-deal')];
      return { dx: Math.round(b.x - (t.x + t.width)), dy: Math.round(t.y - b.y) };
    };
    const before = await relative();
    // placement left: just left of the target, never over it
    expect(before.dx).toBeGreaterThanOrEqual(0);
    expect(before.dx).toBeLessThanOrEqual(40);
    const tipBefore = await box(page, 'firstwin-app [role=tooltip]');
    await page.evaluate(() => window.scrollBy(0, -120));
    await page.waitForTimeout(200);
    const tipAfter = await box(page, 'firstwin-app [role=tooltip]');
    expect(Math.round(tipAfter.y - tipBefore.y)).toBe(120);
    expect(await relative()).toEqual(before);
    await context.close();
  });

  it('lead to the page that has their target and resume there', async () => {
    const context = await stack.browser.newContext();
    const { page } = await openPage(context, stack.appUrl);
    await signIn(page, 'eli');
    await showMe(page, 'Log your first customer interaction');
    await page.waitForURL(/\/interactions\.html$/);
    await tooltip(page).waitFor({ timeout: 10_000 });
    await page.click('#log-interaction'); // doing the thing closes the guide
    expect(await tooltip(page).count()).toBe(0);
    await context.close();
  });

  it('report a target that never appears to the collector and leave the item usable', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eva');
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/batch')) sent.push(r.postData() ?? '');
    });
    await page.evaluate(() => document.getElementById('log-interaction')!.remove());
    await showMe(page, 'Log your first customer interaction');
    await page.waitForTimeout(10_500);
    expect(await tooltip(page).count()).toBe(0);
    await page.evaluate(() => (window as any).Firstwin.flush());
    const missing = sent.flatMap((b) => JSON.parse(b).batch).filter((e: any) => e.event === 'firstwin:guide_target_missing');
    expect(missing).toHaveLength(1);
    expect(missing[0].properties).toMatchObject({ checklistId: 'end-user-first-win', itemId: 'log-interaction', target: '#log-interaction' });
    await openPanel(page);
    expect(await page.getByRole('checkbox', { name: 'Log your first customer interaction' }).isChecked()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
