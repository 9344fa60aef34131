// Ingest throughput of POST /v1/batch (100-event batches, every event validated,
// deduplicated, applied to state and committed) beside a bare node:http server that
// only parses the same bodies, both loaded by autocannon from this process.
// Then the query cost of an account's activation at 10× more stored events.
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, peakRssMb, startServer, stop } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../packages/collector/dist/cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const BATCH = 100;

function batchMaker(key, prefix) {
  let n = 0;
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  return () => {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const k = n++;
      const user = `u${k % 1000}`;
      events.push(k < 1000
        ? { type: 'identify', messageId: `${prefix}-${k}`, timestamp: new Date(t0).toISOString(), userId: user, traits: { role: 'end_user', accountId: `a${k % 20}` } }
        : { type: 'track', messageId: `${prefix}-${k}`, timestamp: new Date(t0 + k * 1000).toISOString(), userId: user,
            event: k % 3 ? 'deal_stage_changed' : 'interaction_logged', properties: { direction: k % 2 ? 'forward' : 'back', deal: `d${k % 97}` } });
    }
    return JSON.stringify({ writeKey: key, batch: events });
  };
}

function load(url, path, { body, duration = SECONDS, headers = {} } = {}) {
  return new Promise((ok, fail) => {
    autocannon({
      url: `${url}${path}`, connections: 10, duration, method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', ...headers },
      requests: [body ? { setupRequest: (req) => ({ ...req, body: body() }) } : {}],
    }, (err, r) => (err ? fail(err) : ok(r)));
  });
}

async function collector(dir, name, pg) {
  const db = pg ? `${pg}?schema=bench_${name}_${Date.now()}` : join(dir, `${name}.db`);
  const keys = JSON.parse(spawnSync(process.execPath, [cli, 'project', 'create', 'bench', '--db', db], { encoding: 'utf8' }).stdout);
  const server = await startServer([cli, 'serve', '--db', db, '--port', '0', '--rate-limit', '100000000']);
  const checklists = (await import('../examples/crm-demo/checklists.json', { with: { type: 'json' } })).default;
  await fetch(`${server.url}/v1/checklists`, { method: 'PUT', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(checklists) });
  return { ...server, keys };
}

/** `pg`: a postgres:// URL to measure the PostgreSQL backend too. */
export async function ingest(pg) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-bench-'));
  const runs = { firstwin: [], bare: [], postgres: [] };
  const kinds = pg ? ['bare', 'firstwin', 'postgres'] : ['bare', 'firstwin'];
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const which of kinds) {
        const server = which === 'bare' ? await startServer([join(here, 'bare-server.mjs')]) : await collector(dir, `run${r}`, which === 'postgres' ? pg : undefined);
        const result = await load(server.url, '/v1/batch', { body: batchMaker(server.keys?.publishableKey ?? 'pk', `r${r}`) });
        const ok = result['2xx'];
        runs[which].push({
          reqPerSec: ok / result.duration, eventsPerSec: (ok * BATCH) / result.duration,
          p50: result.latency.p50, p99: result.latency.p99, rssMb: peakRssMb(server.child.pid), errors: result.non2xx + result.errors,
        });
        await stop(server.child);
      }
    }
    // Query cost against stored events: the answer comes from state kept at ingest.
    const queryCost = async (pgUrl) => {
      const c = await collector(dir, pgUrl ? 'querypg' : 'query', pgUrl);
      const auth = { authorization: `Bearer ${c.keys.secretKey}` };
      const make = batchMaker(c.keys.publishableKey, 'q');
      const send = async (batches) => {
        for (let i = 0; i < batches; i++) await fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: make() });
      };
      await send(100); // 10 000 events
      const small = await load(c.url, '/v1/accounts/a1/activation', { duration: 4, headers: auth });
      await send(900); // 100 000 events
      const large = await load(c.url, '/v1/accounts/a1/activation', { duration: 4, headers: auth });
      await stop(c.child);
      const row = (res, events) => ({ events, p50: res.latency.p50, p99: res.latency.p99, reqPerSec: res.requests.average });
      return { small: row(small, 10_000), large: row(large, 100_000) };
    };
    const query = await queryCost();
    const queryPg = pg ? await queryCost(pg) : undefined;
    const m = (which, key) => median(runs[which].map((x) => x[key]));
    return {
      runs,
      firstwin: { eventsPerSec: m('firstwin', 'eventsPerSec'), reqPerSec: m('firstwin', 'reqPerSec'), p50: m('firstwin', 'p50'), p99: m('firstwin', 'p99'), rssMb: m('firstwin', 'rssMb') },
      bare: { eventsPerSec: m('bare', 'eventsPerSec'), reqPerSec: m('bare', 'reqPerSec'), p50: m('bare', 'p50'), p99: m('bare', 'p99'), rssMb: m('bare', 'rssMb') },
      postgres: pg ? { eventsPerSec: m('postgres', 'eventsPerSec'), reqPerSec: m('postgres', 'reqPerSec'), p50: m('postgres', 'p50'), p99: m('postgres', 'p99'), rssMb: m('postgres', 'rssMb') } : undefined,
      query,
      queryPg,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await ingest(process.env.FIRSTWIN_BENCH_PG), null, 2));
