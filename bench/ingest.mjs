// Ingest throughput of POST /v1/batch (100-event batches, every event validated,
// deduplicated, applied to state and committed) beside a bare node:http server that
// only parses the same bodies, both loaded by autocannon from this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collector, load, median, peakRssMb, startServer, stop } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
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

/** `pg`: a postgres:// URL to measure the PostgreSQL backend too. */
export async function ingest(pg) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-bench-'));
  const runs = { firstwin: [], bare: [], postgres: [] };
  const kinds = pg ? ['bare', 'firstwin', 'postgres'] : ['bare', 'firstwin'];
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const which of kinds) {
        const server = which === 'bare' ? await startServer([join(here, 'bare-server.mjs')]) : await collector(dir, `run${r}`, which === 'postgres' ? pg : undefined);
        const result = await load(server.url, '/v1/batch', { body: batchMaker(server.keys?.publishableKey ?? 'pk', `r${r}`), duration: SECONDS });
        const ok = result['2xx'];
        runs[which].push({
          reqPerSec: ok / result.duration, eventsPerSec: (ok * BATCH) / result.duration,
          p50: result.latency.p50, p99: result.latency.p99, rssMb: peakRssMb(server.child.pid), errors: result.non2xx + result.errors,
        });
        await stop(server.child);
      }
    }
    const m = (which, key) => median(runs[which].map((x) => x[key]));
    return {
      runs,
      firstwin: { eventsPerSec: m('firstwin', 'eventsPerSec'), reqPerSec: m('firstwin', 'reqPerSec'), p50: m('firstwin', 'p50'), p99: m('firstwin', 'p99'), rssMb: m('firstwin', 'rssMb') },
      bare: { eventsPerSec: m('bare', 'eventsPerSec'), reqPerSec: m('bare', 'reqPerSec'), p50: m('bare', 'p50'), p99: m('bare', 'p99'), rssMb: m('bare', 'rssMb') },
      postgres: pg ? { eventsPerSec: m('postgres', 'eventsPerSec'), reqPerSec: m('postgres', 'reqPerSec'), p50: m('postgres', 'p50'), p99: m('postgres', 'p99'), rssMb: m('postgres', 'rssMb') } : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await ingest(process.env.FIRSTWIN_BENCH_PG), null, 2));
