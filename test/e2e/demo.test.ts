// What a new user of the demo found, fixed: the intro leads somewhere real, a signed-out
// visitor is not welcomed back, and a taken app port is refused without a crash.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the demo
import { startDemoServer } from '../../examples/crm-demo/server.mjs';
import { checkboxes, openPage, openPanel, signIn, startStack, type Stack } from '../harness.js';

let stack: Stack;
beforeAll(async () => void (stack = await startStack()));
afterAll(async () => stack?.close());

describe('the demo', () => {
  it('leads "Watch the 2-minute intro" to the intro, whose button ticks the item', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, stack.appUrl);
    await signIn(page, 'eva');
    await openPanel(page);
    await page.getByRole('listitem').filter({ hasText: 'Watch the 2-minute intro' }).getByRole('link', { name: 'Show me' }).click();
    await page.waitForURL(/\/intro\.html$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The 2-minute intro');
    await page.getByRole('button', { name: "I've watched the intro" }).click();
    await openPanel(page);
    await expect.poll(async () => (await checkboxes(page))['Watch the 2-minute intro']).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("speaks the browser's language, its words fetched from beside firstwin.js under the strict CSP", async () => {
    const context = await stack.browser.newContext({ locale: 'de-DE' });
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eli');
    const panel = page.locator('firstwin-app .panel');
    await panel.waitFor();
    expect(await panel.locator('.progress').textContent()).toBe('0 von 4');
    expect(await page.getByRole('button', { name: 'Schließen' }).count()).toBe(1);
    expect(await panel.locator('.win').textContent()).toBe('Noch 2 Schritte zum ersten Erfolg');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('welcomes back only a person who is signed in', async () => {
    const context = await stack.browser.newContext();
    const { page } = await openPage(context, stack.appUrl);
    const heading = page.getByRole('heading', { level: 1 });
    await page.selectOption('#persona', '');
    expect(await heading.innerText()).toBe('Welcome to Pipeline CRM');
    await signIn(page, 'eli');
    expect(await heading.innerText()).toBe('Welcome back, Eli');
    await context.close();
  });

  it('refuses a taken app port with EADDRINUSE instead of crashing', async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(startDemoServer({ key: 'pk', endpoint: 'http://127.0.0.1:9', port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      taken.close();
    }
  });
});
