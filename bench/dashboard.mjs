// The dashboard's accounts page with 10 000 accounts in Chromium: the time from
// navigation until the table shows its first rows, beside downloading the same
// accounts as CSV (and as the JSON the page reads) in the same browser, same run.
// Usage: node bench/dashboard.mjs   (after building the packages; BENCH_RUNS=5)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { collector, median, stop } from './lib.mjs';

const ACCOUNTS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DAY = 86_400_000;
const cli = fileURLToPath(new URL('../packages/collector/dist/cli.js', import.meta.url));

/** Each account: its traits, three people, and some activations. */
function* dataSet(now) {
  for (let a = 0; a < ACCOUNTS; a++) {
    const signed = new Date(now - ((a % 90) + 1) * DAY).toISOString();
    const accountId = `acct-${a}`;
    yield {
      type: 'group',
      messageId: `g-${a}`,
      timestamp: signed,
      userId: `u${a}-0`,
      groupId: accountId,
      traits: { seats: 10 + (a % 7), signedAt: signed, name: `Account ${a}` },
    };
    for (const [i, role] of ['admin', 'end_user', 'sponsor'].entries()) {
      yield { type: 'identify', messageId: `i-${a}-${i}`, timestamp: signed, userId: `u${a}-${i}`, traits: { role, accountId } };
    }
    if (a % 3)
      yield {
        type: 'track',
        messageId: `t-${a}`,
        timestamp: signed,
        userId: `u${a}-1`,
        accountId,
        event: 'interaction_logged',
        properties: {},
      };
    if (a % 4 === 0)
      yield {
        type: 'track',
        messageId: `d-${a}`,
        timestamp: signed,
        userId: `u${a}-1`,
        accountId,
        event: 'deal_stage_changed',
        properties: { direction: 'forward' },
      };
  }
}

async function fill(c) {
  const source = dataSet(Date.now());
  for (;;) {
    const batch = [];
    for (let m = source.next(); !m.done; m = source.next()) if (batch.push(m.value) === 1000) break;
    if (!batch.length) return;
    const res = await fetch(`${c.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch }),
    });
    if (!res.ok) throw new Error(`batch refused: ${res.status} ${await res.text()}`);
  }
}

/**
 * Medians of `RUNS` loads of the accounts page (ms from navigation until the first row
 * shows) beside the CSV and the JSON of the same accounts fetched by that page, each run.
 */
export async function dashboardPage() {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-bench-dashboard-'));
  let server;
  let browser;
  try {
    server = await collector(dir, 'dashboard');
    const db = join(dir, 'dashboard.db');
    const made = spawnSync(process.execPath, [cli, 'user', 'create', 'bench@example.com', '--project', server.keys.projectId, '--db', db], {
      input: 'bench password\n',
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`user create failed: ${made.stderr}`);
    await fill(server);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = await context.request.post(`${server.url}/dashboard/api/session`, {
      data: { email: 'bench@example.com', password: 'bench password' },
    });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
    // When the first row appears, by the page's own clock (ms since navigation started).
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('table.accounts tbody th')) {
          window.tableShownAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const download = (path) =>
      page.evaluate(async (p) => {
        const t = performance.now();
        const text = await (await fetch(p)).text();
        return { ms: performance.now() - t, bytes: text.length };
      }, path);
    const rows = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/dashboard/#/accounts`);
      await page.waitForFunction(() => window.tableShownAt !== undefined, null, { timeout: 60_000 });
      const table = await page.evaluate(() => window.tableShownAt);
      const csv = await download('../v1/accounts?format=csv');
      const json = await download('../v1/accounts');
      rows.push({ table, csv: csv.ms, json: json.ms, csvBytes: csv.bytes, jsonBytes: json.bytes });
      console.log(
        `run ${run + 1}: table shown ${table.toFixed(0)} ms; CSV ${csv.ms.toFixed(0)} ms (${(csv.bytes / 1e6).toFixed(1)} MB); JSON ${json.ms.toFixed(0)} ms (${(json.bytes / 1e6).toFixed(1)} MB)`,
      );
    }
    const m = (k) => median(rows.map((r) => r[k]));
    return {
      accounts: ACCOUNTS,
      runs: RUNS,
      table: m('table'),
      csv: m('csv'),
      json: m('json'),
      csvBytes: rows[0].csvBytes,
      jsonBytes: rows[0].jsonBytes,
    };
  } finally {
    await browser?.close();
    if (server) await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const d = await dashboardPage();
  console.log(
    `\n${d.accounts} accounts, median of ${d.runs}: table shown ${d.table.toFixed(0)} ms after navigation; CSV download ${d.csv.toFixed(0)} ms; JSON download ${d.json.toFixed(0)} ms`,
  );
}
