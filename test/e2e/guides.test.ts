import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, openPanel, signIn, startStack, type Stack } from '../harness.js';

let stack: Stack;
beforeAll(async () => void (stack = await startStack()));
afterAll(async () => stack?.close());

/** The guide's bubble: a non-modal dialog named by its item's title. */
const tooltip = (page: Page) => page.locator('firstwin-app #fw-tip[role=dialog]');
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
    const tip = await box(page, 'firstwin-app #fw-tip');
    // placement bottom: just below the target, never over it
    const gap = tip.y - (target.y + target.height);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThanOrEqual(40);
    expect(tip.x < target.x + target.width && tip.x + tip.width > target.x).toBe(true);
    expect(await tooltip(page).textContent()).toContain('Start here: log a call, email or meeting.');
    // The panel made way for the guide; Escape closes the tooltip.
    expect(await page.locator('firstwin-app .panel').count()).toBe(0);
    expect(await page.getByRole('dialog', { name: 'Log your first customer interaction' }).count()).toBe(1);
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
    await page.waitForFunction(
      () => {
        const r = document.querySelector('#advance-deal')!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      },
      null,
      { timeout: 5000 },
    );
    await page.waitForTimeout(600); // smooth scroll settles
    const relative = async () => {
      const [t, b] = [await box(page, 'firstwin-app #fw-tip'), await box(page, '#advance-deal')];
      return { dx: Math.round(b.x + b.width - (t.x + t.width)), dy: Math.round(t.y - (b.y + b.height)) };
    };
    const before = await relative();
    // placement bottom-end: just below the target, flush with its end
    expect(before.dx).toBe(0);
    expect(before.dy).toBeGreaterThanOrEqual(0);
    expect(before.dy).toBeLessThanOrEqual(40);
    // ...and never over the Stage badge of the deal the person is about to advance.
    const stage = await page
      .locator('tr', { has: page.locator('#advance-deal') })
      .locator('.stage')
      .boundingBox();
    const tip = await box(page, 'firstwin-app #fw-tip');
    const overlaps =
      tip.x < stage!.x + stage!.width && stage!.x < tip.x + tip.width && tip.y < stage!.y + stage!.height && stage!.y < tip.y + tip.height;
    expect(overlaps).toBe(false);
    const tipBefore = await box(page, 'firstwin-app #fw-tip');
    await page.evaluate(() => window.scrollBy(0, -60));
    await page.waitForTimeout(200);
    const tipAfter = await box(page, 'firstwin-app #fw-tip');
    expect(Math.round(tipAfter.y - tipBefore.y)).toBe(60);
    expect(await relative()).toEqual(before);
    await context.close();
  });

  it('flip when there is no room, slide along the viewport edge, and point the arrow at the target', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1000, height: 600 } });
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eli');
    // Pinned to the bottom-left corner: no room below it (placement bottom), none to its left.
    await page.evaluate(() =>
      Object.assign(document.getElementById('log-interaction')!.style, { position: 'fixed', left: '2px', bottom: '10px' }),
    );
    await page.evaluate(() => (window as any).Firstwin.startGuide('log-interaction'));
    await tooltip(page).waitFor();
    await page.waitForTimeout(300);
    const target = await box(page, '#log-interaction');
    const tip = await box(page, 'firstwin-app #fw-tip');
    const arrow = await box(page, 'firstwin-app #fw-tip .arrow');
    const gap = target.y - (tip.y + tip.height);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThanOrEqual(40);
    expect(Math.round(tip.x)).toBe(8);
    const arrowX = arrow.x + arrow.width / 2;
    expect(arrowX).toBeGreaterThan(target.x);
    expect(arrowX).toBeLessThan(target.x + target.width);
    expect(arrow.y + arrow.height / 2).toBeGreaterThan(tip.y + tip.height - 8); // on the tip's bottom edge
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follow their target inside a scroll container and hide while it is scrolled out of it', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eli');
    await page.evaluate(() => {
      const scroller = document.createElement('div');
      scroller.id = 'scroller';
      Object.assign(scroller.style, { height: '150px', overflow: 'auto', border: '1px solid' });
      const room = () => Object.assign(document.createElement('div'), { textContent: '…' });
      const [above, below] = [room(), room()];
      above.style.height = '40px';
      below.style.height = '600px';
      const target = document.getElementById('log-interaction')!;
      target.before(scroller);
      scroller.append(above, target, below);
    });
    await page.evaluate(() => (window as any).Firstwin.startGuide('log-interaction'));
    await tooltip(page).waitFor();
    await page.waitForTimeout(600); // smooth scroll settles
    const relative = async () => {
      const [t, b] = [await box(page, 'firstwin-app #fw-tip'), await box(page, '#log-interaction')];
      return { dx: Math.round(t.x - b.x), dy: Math.round(t.y - b.y) };
    };
    const before = await relative();
    const scrollTo = async (top: number) => {
      await page.evaluate((y) => void (document.getElementById('scroller')!.scrollTop = y), top);
      await page.waitForTimeout(200);
    };
    await scrollTo(30);
    expect(await relative()).toEqual(before);
    await scrollTo(400);
    expect(await tooltip(page).isVisible()).toBe(false);
    await scrollTo(0);
    expect(await tooltip(page).isVisible()).toBe(true);
    expect(await relative()).toEqual(before);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('show above a transformed, overflow-hidden modal dialog holding their target, usable there', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eli');
    await page.evaluate(() => {
      const dialog = document.createElement('dialog');
      Object.assign(dialog.style, { transform: 'translateX(20px)', overflow: 'hidden', width: '300px', height: '120px' });
      dialog.append(document.getElementById('log-interaction')!);
      document.body.append(dialog);
      dialog.showModal();
    });
    const start = () => page.evaluate(() => (window as any).Firstwin.startGuide('log-interaction'));
    const hostIn = () => page.evaluate(() => document.querySelector('firstwin-app')!.parentElement!.tagName);
    await start();
    await tooltip(page).waitFor();
    expect(await hostIn()).toBe('DIALOG');
    // A real click at its place: nothing covers it and it is not inert.
    await tooltip(page).getByRole('button', { name: 'Got it' }).click();
    expect(await tooltip(page).count()).toBe(0);
    expect(await hostIn()).toBe('BODY');
    await start();
    await tooltip(page).waitFor();
    await page.keyboard.press('Escape');
    expect(await tooltip(page).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.querySelector('dialog')!.open)).toBe(false);
    expect(await hostIn()).toBe('BODY');
    expect(problems).toEqual([]);
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

  it("load their code from beside firstwin.js once, report through on('error') when it cannot, and try again", async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    let offline = true;
    const fetched: string[] = [];
    await page.route(
      '**/firstwin-guide.js',
      (route) => (fetched.push(route.request().url()), offline ? route.abort('internetdisconnected') : route.continue()),
    );
    await page.evaluate(() => {
      (window as any).errors = [];
      (window as any).Firstwin.on('error', (e: unknown) => (window as any).errors.push(e));
    });
    await signIn(page, 'eli');
    await page.evaluate(() => (window as any).Firstwin.startGuide('log-interaction'));
    await expect.poll(() => page.evaluate(() => (window as any).errors.map((e: any) => e.kind))).toContain('guide');
    expect(await tooltip(page).count()).toBe(0);
    offline = false;
    await page.evaluate(() => (window as any).Firstwin.startGuide('log-interaction'));
    await tooltip(page).waitFor();
    // From the folder of firstwin.js, and not again once loaded.
    expect(new Set(fetched)).toEqual(new Set([`${stack.appUrl}/firstwin-guide.js`]));
    const loads = fetched.length;
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as any).Firstwin.startGuide('log-interaction'));
    await tooltip(page).waitFor();
    expect(fetched.length).toBe(loads);
    expect(problems).toEqual([]); // the page never saw an exception
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
    expect(missing[0].properties).toMatchObject({
      checklistId: 'end-user-first-win',
      itemId: 'log-interaction',
      target: '#log-interaction',
    });
    await openPanel(page);
    expect(await page.getByRole('checkbox', { name: 'Log your first customer interaction' }).isChecked()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
