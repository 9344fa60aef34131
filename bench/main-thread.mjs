// Main-thread cost of the script-tag SDK in real Chromium, against the same page
// without it (baseline), measured in the same run: script evaluation, identify() to
// checklist visible, one track() call, long tasks during start-up, heap after start-up.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createCollector } from '../packages/collector/dist/index.js';
import { median } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// `node bench/main-thread.mjs [DIR]`: the SDK in DIR (an older checkout's packages/sdk, built) instead of this one's.
const dist = join(process.argv[2] ?? join(here, '../packages/sdk'), 'dist');
const checklists = readFileSync(join(here, '../examples/crm-demo/checklists.json'), 'utf8');

// The measuring script runs first on both pages; only the SDK page loads the SDK.
const probe = `
window.__longtasks = [];
new PerformanceObserver((l) => l.getEntries().forEach((e) => __longtasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
performance.mark('before-sdk');`;
// \`empty\`: an external script that does nothing, in the SDK's place: what loading any
// script there costs the browser, apart from what the SDK itself does.
const page = (which, key, endpoint) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script>${probe}</script>
${which === 'sdk' ? `<script src="/firstwin.js" data-key="${key}" data-endpoint="${endpoint}"></script>` : which === 'empty' ? '<script src="/empty.js"></script>' : ''}
<script>performance.mark('after-sdk');</script></head>
<body><main><h1>App</h1>${'<p>Some content of the host app.</p>'.repeat(50)}<button id="log-interaction">Log</button></main></body></html>`;

export async function mainThread() {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-bench-mt-'));
  const collector = await createCollector({ db: join(dir, 'mt.db'), rateLimit: 1e9 });
  const endpoint = await collector.app.listen({ host: '127.0.0.1', port: 0 });
  const keys = await collector.store.createProject('bench');
  await collector.store.putChecklists(keys.projectId, JSON.parse(checklists));
  const server = createServer((req, res) => {
    // The bundle and the files it loads from beside itself (the guide code, other languages' words).
    if (/^\/firstwin(-[a-z]+)?\.js$/.test(req.url))
      return (res.writeHead(200, { 'content-type': 'text/javascript' }), res.end(readFileSync(join(dist, req.url))));
    if (req.url === '/empty.js') return (res.writeHead(200, { 'content-type': 'text/javascript' }), res.end('void 0;'));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page(req.url.slice(1), keys.publishableKey, endpoint));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
  const samples = { baseline: [], empty: [], sdk: [] };
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const which of ['baseline', 'empty', 'sdk']) {
        const context = await browser.newContext();
        const tab = await context.newPage();
        await tab.goto(`${origin}/${which}`);
        const result = await tab.evaluate(
          async ({ withSdk, n }) => {
            const [before] = performance.getEntriesByName('before-sdk');
            const [after] = performance.getEntriesByName('after-sdk');
            const res = performance.getEntriesByType('resource').find((e) => /\/(firstwin|empty)\.js$/.test(e.name));
            const evaluation = after.startTime - Math.max(before.startTime, res ? res.responseEnd : 0);
            let visible = null;
            if (withSdk) {
              const t0 = performance.now();
              await window.Firstwin.identify('bench-user', { role: 'end_user', accountId: 'bench' });
              while (!document.querySelector('firstwin-app')?.shadowRoot?.querySelector('.launcher, .panel'))
                await new Promise(requestAnimationFrame);
              visible = performance.now() - t0;
            }
            await new Promise((ok) => setTimeout(ok, 300));
            const longTasks = window.__longtasks.length;
            const longest = Math.max(0, ...window.__longtasks);
            gc();
            const heap = performance.memory.usedJSHeapSize;
            // One call's cost: 10 000 calls timed together, since timers are coarsened to 5-100 µs,
            // up to the next task, so the work the calls left to promises (the IndexedDB write) counts too.
            const layer = [];
            const t = performance.now();
            for (let i = 0; i < n; i++) {
              if (withSdk) window.Firstwin.track('bench_event', { i, plan: 'pro' });
              else layer.push({ event: 'bench_event', i, plan: 'pro' }); // what a dataLayer push costs
            }
            await new Promise((ok) => setTimeout(ok, 0));
            const trackUs = ((performance.now() - t) / n) * 1000;
            return { evaluation, visible, longTasks, longest, heapMb: heap / 1048576, trackUs };
          },
          { withSdk: which === 'sdk', n: 10_000 },
        );
        samples[which].push(result);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (which, key) => median(samples[which].map((s) => s[key]));
  const pick = (which) => ({
    evaluationMs: m(which, 'evaluation'),
    visibleMs: which === 'sdk' ? m(which, 'visible') : null,
    longTasks: Math.max(...samples[which].map((s) => s.longTasks)),
    longestMs: Math.max(...samples[which].map((s) => s.longest)),
    heapMb: m(which, 'heapMb'),
    trackUs: m(which, 'trackUs'),
  });
  return { runs: RUNS, baseline: pick('baseline'), empty: pick('empty'), sdk: pick('sdk') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await mainThread(), null, 2));
