import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, openPanel, signIn, startStack, type Stack } from '../harness.js';

let stack: Stack;
beforeAll(async () => void (stack = await startStack()));
afterAll(async () => stack?.close());

/*
 * The script tag's account block in real Chromium against the real collector, which enforces
 * signed identity tokens in the demo: firstwin-account.js fetched from beside firstwin.js only
 * by a page whose checklist shows it, read with the token the demo's server signed for Sam,
 * and Acme's activated seats moving in Sam's panel as Eli activates in another browser.
 */
describe("the sponsor's account in the panel (script tag, real Chromium, real collector)", () => {
  it("loads the account block for Sam's checklist only, reads with his token, and shows Acme's seats move as Eli works", async () => {
    const context = await stack.browser.newContext({ viewport: { width: 390, height: 844 } });
    const scripts: string[] = [];
    const reads: Array<string | undefined> = [];
    context.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      if (new URL(r.url()).pathname === '/v1/me/account') reads.push(r.headers()['x-firstwin-token']);
    });
    const { page, problems } = await openPage(context, stack.appUrl);
    await signIn(page, 'eli');
    await page.waitForTimeout(300);
    expect(scripts).not.toContain('/firstwin-account.js'); // Eli's checklist does not show it
    await signIn(page, 'sam');
    await openPanel(page);
    const group = page.getByRole('group', { name: 'Your account' });
    await group.waitFor();
    await expect.poll(() => group.textContent()).toMatch(/\d+ of \d+ seats active/);
    const seatsNow = async () => Number(/(\d+) of \d+ seats active/.exec((await group.textContent()) ?? '')![1]);
    const before = await seatsNow();
    expect(scripts.filter((s) => s === '/firstwin-account.js')).toHaveLength(1);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((t) => typeof t === 'string' && t.split('.').length === 3)).toBe(true); // a JWT, the demo server's
    // Readable at 390 px: inside the viewport, text at least 13 px.
    const box = (await group.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= 390).toBe(true);
    const sizes = await group.evaluate((el) => [el, ...el.querySelectorAll('*')].map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(13);
    // Eli, a new end-user of Acme in another browser, reaches his first win.
    const other = await stack.browser.newContext();
    const eli = await openPage(other, stack.appUrl);
    await signIn(eli.page, 'eli');
    await eli.page.evaluate(async () => {
      const fw = (window as any).Firstwin;
      fw.track('interaction_logged');
      fw.track('deal_stage_changed', { direction: 'forward' });
      fw.track('deal_stage_changed', { direction: 'forward' });
      await fw.flush();
    });
    await other.close();
    // Sam's reopened panel reads the account again.
    await page.keyboard.press('Escape');
    await openPanel(page);
    await expect.poll(seatsNow, { timeout: 10_000 }).toBe(before + 1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
