// The documented pre-load snippet in real Chromium: calls a page makes before the bundle
// has loaded are replayed in one turn, and those that need the person's checklist
// (open, complete) must wait for it rather than be lost.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkboxes, startStack, type Stack } from '../harness.js';

const snippet = readFileSync(new URL('../../packages/sdk/snippet/snippet.min.js', import.meta.url), 'utf8');
const bundle = readFileSync(new URL('../../packages/sdk/dist/firstwin.js', import.meta.url));
const guide = readFileSync(new URL('../../packages/sdk/dist/firstwin-guide.js', import.meta.url));
const styles = readFileSync(new URL('../../packages/sdk/dist/firstwin.css', import.meta.url));

/** A vendor's page with no CSP (the demo's own would refuse an inline snippet), on 127.0.0.1. */
function vendorPage(key: string, endpoint: string): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><html><head><title>snippet</title>
<script>${snippet}</script>
<script>
  Firstwin.identify('snippet-user', { role: 'end_user', accountId: 'snippet-co' });
  Firstwin.open();
  Firstwin.complete('watch-intro');
</script>
<script src="/firstwin.js" data-key="${key}" data-endpoint="${endpoint}" defer></script>
</head><body><main>app</main></body></html>`;
  // The plain tag, then the page's own init() with checklists of its own.
  const inline = [
    { id: 'inline', role: 'end_user', title: 'Set up from the page', items: [{ id: 'one', title: 'One thing', completeOn: 'manual' }] },
  ];
  const tagThenInit = `<!doctype html><html><head><title>tag, then init()</title>
<script src="/firstwin.js" data-key="${key}" data-endpoint="${endpoint}"></script>
<script>
  Firstwin.init({ key: '${key}', endpoint: '${endpoint}', checklists: ${JSON.stringify(inline)} });
  Firstwin.identify('inline-user', { role: 'end_user', accountId: 'inline-co' }).then(() => Firstwin.open());
</script>
</head><body><main>app</main></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/firstwin.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    if (req.url === '/firstwin-guide.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(guide);
    if (req.url === '/firstwin.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(styles);
    res.writeHead(200, { 'content-type': 'text/html' }).end(req.url === '/tag-then-init' ? tagThenInit : html);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })),
  );
}

let stack: Stack;
let vendor: Awaited<ReturnType<typeof vendorPage>>;
beforeAll(async () => {
  // Its pages identify people of their own, with no server to sign them.
  stack = await startStack({ identity: 'off' });
  vendor = await vendorPage(stack.keys.publishableKey, stack.endpoint);
});
afterAll(async () => {
  vendor?.server.close();
  await stack?.close();
});

describe('the pre-load snippet', () => {
  it('replays identify(), open() and complete() made before the bundle loaded: the panel opens and the item is done', async () => {
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${vendor.url}/`);

    await page.getByRole('dialog').waitFor();
    await expect.poll(async () => (await checkboxes(page))['Watch the 2-minute intro']).toBe(true);
    // This page names no charset: the bundle's own text must still read right.
    expect(await page.getByRole('button', { name: 'Close' }).textContent()).toBe('\u00d7');
    await page.evaluate(() => (window as unknown as { Firstwin: { flush(): Promise<void> } }).Firstwin.flush());
    const users = await stack.api('/v1/accounts/snippet-co/users');
    expect(users.status).toBe(200);
    expect(JSON.stringify(users.body)).toContain('watch-intro');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the script tag, then the page's own init()", () => {
  it("takes the checklists init() gives, over the collector's", async () => {
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${vendor.url}/tag-then-init`);
    await page.getByRole('dialog', { name: 'Set up from the page' }).waitFor();
    expect(Object.keys(await checkboxes(page))).toEqual(['One thing']);
    await context.close();
  });
});
