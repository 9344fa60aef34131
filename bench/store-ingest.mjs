// The SQLite store alone, in this process: no HTTP, no validation, no writer thread. It
// ingests 100-event batches in groups (as the store's group commit takes them) into a real
// file with the collector's pragmas, and prints the CPU and wall time a batch costs. For
// A/B runs of a store change, steadier than the HTTP load of ingest.mjs:
//   BENCH_SHAPE=mixed node bench/store-ingest.mjs
//   FIRSTWIN_BENCH_DIST=<another build>/packages/collector/dist BENCH_SHAPE=mixed node bench/store-ingest.mjs
// (a build from before runs kept their ids apart has no packBatch: compare builds from after)
// BENCH_SHAPE: `person` (each batch one person's events, as a browser sends them) or
// `mixed` (each event another person's, as a server-side integration sends them).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = resolve(process.env.FIRSTWIN_BENCH_DIST || fileURLToPath(new URL('../packages/collector/dist', import.meta.url)));
/** A module of that build, at its path since the layout of domain, store and http, or at the path it had before. */
const load = (path, before) => import(pathToFileURL(join(dist, existsSync(join(dist, path)) ? path : before)).href);
const { openSqliteStore } = await load('store/sqlite/store.js', 'store/sqlite.js');
const { packBatch, unpackBatch } = await load('domain/packed.js', 'store/packed.js');

const MIXED = process.env.BENCH_SHAPE === 'mixed';
const BATCHES = Number(process.env.BENCH_BATCHES ?? (MIXED ? 1500 : 4000));
const WARM_UP = 300;
const GROUP = 3;
const PEOPLE = 1000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

// UUIDv7s of the SDK's shape, in time order, as ingest.mjs sends them.
const ID_PREFIX = '01a19467-e800-7000-8000-';
let n = 0;
/** The same events as ingest.mjs sends, packed as the route hands them to the store. */
function batch() {
  const events = [];
  for (let i = 0; i < 100; i++) {
    const k = n++;
    const person = MIXED ? k % PEOPLE : Math.floor(k / 100) % PEOPLE;
    const userId = `u${person}`;
    const first = MIXED ? k < PEOPLE : i === 0 && k < PEOPLE * 100;
    events.push(
      first
        ? {
            type: 'identify',
            messageId: ID_PREFIX + k.toString(16).padStart(12, '0'),
            timestamp: T0,
            userId,
            accountId: `a${person % 20}`,
            traits: { role: 'end_user', accountId: `a${person % 20}` },
          }
        : {
            type: 'track',
            messageId: ID_PREFIX + k.toString(16).padStart(12, '0'),
            timestamp: T0 + k * 1000,
            userId,
            event: k % 3 ? 'deal_stage_changed' : 'interaction_logged',
            properties: { direction: k % 2 ? 'forward' : 'back', deal: `d${k % 97}` },
          },
    );
  }
  return packBatch(events);
}

const dir = mkdtempSync(join(tmpdir(), 'firstwin-store-bench-'));
try {
  const store = openSqliteStore(join(dir, 'store.db'));
  const { projectId } = await store.createProject('bench');
  await store.putChecklists(projectId, JSON.parse(readFileSync(new URL('../examples/crm-demo/checklists.json', import.meta.url), 'utf8')));
  const texts = Array.from({ length: BATCHES }, batch);
  // As the writer thread does when a digest cannot settle a batch: the text parsed there, and kept as the stored run.
  const run = (from, to) => Promise.all(texts.slice(from, to).map((packed) => store.ingest(projectId, unpackBatch(packed), packed, 0)));
  for (let i = 0; i < WARM_UP; i += GROUP) await run(i, i + GROUP);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = WARM_UP; i < BATCHES; i += GROUP) await run(i, i + GROUP);
  const used = process.cpuUsage(cpu);
  const measured = BATCHES - WARM_UP;
  const perBatch = (us) => Math.round(us / measured);
  console.log(
    JSON.stringify({
      shape: MIXED ? 'mixed' : 'person',
      batches: measured,
      cpuUs: perBatch(used.user + used.system),
      userUs: perBatch(used.user),
      systemUs: perBatch(used.system),
      wallUs: perBatch((performance.now() - started) * 1000),
    }),
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
