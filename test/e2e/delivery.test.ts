// Chaos tests: each ends with the collector's count equal to the events tracked, exactly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { faultyProxy } from '../faulty-proxy.js';
import { checklists, launchBrowser, openPage, shown, signIn, startApp, startStack } from '../harness.js';

interface Row {
  fault: string;
  tracked: number;
  counted: number;
  duplicates: number;
  lost: number;
}
const rows: Row[] = [];
afterAll(() => {
  // The fault table for BENCHMARKS.md, rewritten by every run.
  const out = resolve(process.cwd(), 'test-results');
  mkdirSync(out, { recursive: true });
  const table = [
    '| fault | events tracked | events counted | duplicates | losses |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.fault} | ${r.tracked} | ${r.counted} | ${r.duplicates} | ${r.lost} |`),
  ].join('\n');
  writeFileSync(join(out, 'delivery-faults.md'), `${table}\n`);
});

const ping = (page: Page, from: number, n: number, tag: string) =>
  page.evaluate(
    ([from, n, tag]) => {
      for (let i = from; i < from + n; i++) (window as any).Firstwin.track('chaos_ping', { i, tag });
    },
    [from, n, tag] as const,
  );
const flush = (page: Page) => page.evaluate(() => (window as any).Firstwin.flush());
const ready = (page: Page) => shown(page).waitFor({ timeout: 15_000 });

/** Sums the `duplicates` the collector reported to this context's pages: events sent twice. */
function watchDuplicates(context: BrowserContext) {
  let duplicates = 0;
  context.on('response', async (r) => {
    if (r.request().method() !== 'POST' || !r.url().endsWith('/v1/batch')) return;
    try {
      duplicates += (await r.json()).duplicates ?? 0;
    } catch {
      /* dropped by the proxy */
    }
  });
  return () => duplicates;
}

describe('delivery under faults, in real Chromium against a real collector', () => {
  it('offline, reloaded three times, then online: every event counted once', async () => {
    let proxy: Awaited<ReturnType<typeof faultyProxy>> | undefined;
    const stack = await startStack({
      front: async (url) => (proxy = await faultyProxy(url, { seed: 1, fail: 0, drop: 0, delay: 0, delayMs: 0 })),
    });
    try {
      const context = await stack.browser.newContext();
      const dups = watchDuplicates(context);
      const { page } = await openPage(context, stack.appUrl);
      await signIn(page, 'eli');
      await flush(page);
      // The collector is unreachable for the whole offline period, reloads included
      // (keepalive requests on page hide too, which page routes cannot intercept).
      proxy!.setDown(true);
      for (let round = 0; round < 3; round++) {
        await context.setOffline(true);
        await ping(page, round * 10, 10, 'offline');
        await page.waitForTimeout(300);
        await context.setOffline(false);
        await page.reload();
        await ready(page);
      }
      expect((await stack.api('/v1/stats?event=chaos_ping')).body.events).toBe(0);
      expect(proxy!.stats.refused).toBeGreaterThan(0);
      proxy!.setDown(false);
      await page.reload();
      await ready(page);
      await flush(page);
      const n = (await stack.api('/v1/stats?event=chaos_ping')).body.events;
      rows.push({ fault: 'offline, 3 reloads, then online', tracked: 30, counted: n, duplicates: dups(), lost: 30 - n });
      expect(n).toBe(30);
      await context.close();
    } finally {
      await stack.close();
    }
  });

  it('a proxy failing, delaying and dropping answers after the collector stored them: counted once', async () => {
    let proxy: Awaited<ReturnType<typeof faultyProxy>> | undefined;
    const stack = await startStack({
      front: async (url) => (proxy = await faultyProxy(url, { seed: 7, fail: 0.3, drop: 0.3, delay: 0.2, delayMs: 300 })),
    });
    try {
      const context = await stack.browser.newContext();
      const dups = watchDuplicates(context);
      const { page } = await openPage(context, stack.appUrl);
      await signIn(page, 'eva');
      for (let b = 0; b < 10; b++) {
        await ping(page, b * 10, 10, 'proxy');
        await page.waitForTimeout(1100); // one batch per round
      }
      await flush(page);
      const n = (await stack.api('/v1/stats?event=chaos_ping')).body.events;
      rows.push({
        fault: `proxy: ${proxy!.stats.failed} failed, ${proxy!.stats.dropped} answers dropped, ${proxy!.stats.delayed} delayed`,
        tracked: 100,
        counted: n,
        duplicates: dups(),
        lost: 100 - n,
      });
      expect(proxy!.stats.failed).toBeGreaterThan(0);
      expect(proxy!.stats.dropped).toBeGreaterThan(0);
      expect(n).toBe(100);
      await context.close();
    } finally {
      await stack.close();
    }
  });

  it('three tabs tracking at once: counted once, no event sent twice', async () => {
    const stack = await startStack();
    try {
      const context = await stack.browser.newContext();
      const dups = watchDuplicates(context);
      const pages: Page[] = [];
      for (let i = 0; i < 3; i++) {
        const { page } = await openPage(context, stack.appUrl);
        if (i === 0) await signIn(page, 'sam');
        else await ready(page);
        pages.push(page);
      }
      await Promise.all(
        pages.map(async (page, t) => {
          for (let b = 0; b < 4; b++) {
            await ping(page, t * 1000 + b * 10, 10, 'tabs');
            await page.waitForTimeout(50);
          }
        }),
      );
      await Promise.all(pages.map(flush));
      const n = (await stack.api('/v1/stats?event=chaos_ping')).body.events;
      rows.push({ fault: 'three tabs tracking at once', tracked: 120, counted: n, duplicates: dups(), lost: 120 - n });
      expect(n).toBe(120);
      expect(dups()).toBe(0);
      await context.close();
    } finally {
      await stack.close();
    }
  });

  it('a tab closed right after track(): the events arrive, once', async () => {
    const stack = await startStack();
    try {
      const context = await stack.browser.newContext();
      const dups = watchDuplicates(context);
      const { page } = await openPage(context, stack.appUrl);
      await signIn(page, 'ana');
      await flush(page);
      await ping(page, 0, 5, 'closed');
      await page.close({ runBeforeUnload: true });
      // The next visit sends whatever the closed tab's keepalive request did not.
      const { page: next } = await openPage(context, stack.appUrl);
      await ready(next);
      await next.waitForTimeout(1500);
      await flush(next);
      const n = (await stack.api('/v1/stats?event=chaos_ping')).body.events;
      rows.push({ fault: 'tab closed right after track()', tracked: 5, counted: n, duplicates: dups(), lost: 5 - n });
      expect(n).toBe(5);
      await context.close();
    } finally {
      await stack.close();
    }
  });

  it('a tab closed with events still queued while another stays open: the open tab sends them, none twice', async () => {
    const stack = await startStack();
    try {
      const context = await stack.browser.newContext();
      const dups = watchDuplicates(context);
      const { page: closing } = await openPage(context, stack.appUrl);
      await signIn(closing, 'ana');
      const { page: staying } = await openPage(context, stack.appUrl);
      await ready(staying);
      await flush(closing);
      await ping(closing, 0, 5, 'handed');
      // Written to IndexedDB (a few ms), not yet sent (a second). A tab closed while its write
      // is under way sends its events itself, as the last tab does (the test above).
      await closing.waitForTimeout(300);
      await closing.close({ runBeforeUnload: true });
      await flush(staying);
      const n = (await stack.api('/v1/stats?event=chaos_ping')).body.events;
      rows.push({ fault: 'tab closed with events queued, another tab open', tracked: 5, counted: n, duplicates: dups(), lost: 5 - n });
      expect(n).toBe(5);
      expect(dups()).toBe(0);
      await context.close();
    } finally {
      await stack.close();
    }
  });

  it('the collector killed with SIGKILL and restarted while a tab is flushing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firstwin-kill-'));
    const cli = resolve(process.cwd(), 'packages/collector/dist/cli.js');
    const db = join(dir, 'kill.db');
    const keys = JSON.parse(spawnSync(process.execPath, [cli, 'project', 'create', 'kill', '--db', db], { encoding: 'utf8' }).stdout);
    const port = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => ok(port));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const serve = () =>
      new Promise<ChildProcess>((ok, fail) => {
        const child = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', String(port), '--rate-limit', '100000']);
        const timer = setTimeout(() => fail(new Error('collector did not start')), 10_000);
        child.stdout!.on('data', (d: Buffer) => /listening/.test(d.toString()) && (clearTimeout(timer), ok(child)));
      });
    let collector = await serve();
    const put = await fetch(`${endpoint}/v1/checklists`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(checklists),
    });
    expect(put.status).toBe(200);
    const app = await startApp(keys.publishableKey, endpoint);
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const dups = watchDuplicates(context);
      const { page } = await openPage(context, app.url);
      await signIn(page, 'eli');
      await flush(page);
      await page.evaluate(() => (window as any).Firstwin.on('error', (e: any) => console.log(`firstwin error ${e.kind}: ${e.message}`)));
      page.on('console', (m) => process.env.DEBUG_E2E && console.log(m.text()));
      await ping(page, 0, 300, 'kill');
      const flushing = flush(page);
      await page.waitForTimeout(40);
      collector.kill('SIGKILL');
      await new Promise((ok) => collector.once('exit', ok));
      await page.waitForTimeout(500);
      collector = await serve();
      await flushing;
      const stats = await (
        await fetch(`${endpoint}/v1/stats?event=chaos_ping`, { headers: { authorization: `Bearer ${keys.secretKey}` } })
      ).json();
      rows.push({
        fault: 'collector SIGKILLed and restarted mid-flush',
        tracked: 300,
        counted: stats.events,
        duplicates: dups(),
        lost: 300 - stats.events,
      });
      expect(stats.events).toBe(300);
      await context.close();
    } finally {
      await browser.close();
      await app.close();
      collector.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
