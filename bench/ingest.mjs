// Ingest throughput of POST /v1/batch (100-event batches, every event validated,
// deduplicated, applied to state and committed) beside a bare node:http server that
// only parses the same bodies, both loaded by autocannon from this process.
// Two shapes of batch: one person's events (what a browser's SDK queue sends) and
// 100 different people's (what a server-side integration sends).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collector, cpuDuring, load, median, peakRssMb, startServer, stop } from './lib.mjs';
import { availableParallelism } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// Knobs for a quick A/B with BENCH_ONLY; \`pnpm bench\` refuses them, so its page always
// stands for the defaults: 10 connections, message ids in time order like the SDK's UUIDv7.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/**
 * Heavier loads for the bare server and the collector's one-person batches: with more
 * requests in flight, a server whose answers wait on a commit finds work while it waits.
 * Each server's capacity is its best requests/s over 10 connections and these. Their
 * columns are named for the load (\`BENCH_ONLY=bare50,sqlitePerson50\`).
 */
export const SWEEP_CONNECTIONS = [25, 50, 100];
/**
 * BENCH_IDS: \`v7\` (the default) as the SDK makes them, 36 characters in time order;
 * \`v4\` random, as an integration that makes its own may send; \`short\` the 8–10-character
 * ordered ids earlier runs of this bench sent.
 */
const IDS = process.env.BENCH_IDS ?? 'v7';
if (!['v7', 'v4', 'short'].includes(IDS)) throw new Error(`BENCH_IDS must be v7, v4 or short, not ${IDS}`);
const WARM_UP_SECONDS = 2;
/** BENCH_BATCH: events a batch (default 100). A browser's SDK posts what a second brought: a few. */
export const BATCH = Number(process.env.BENCH_BATCH ?? 100);
export const PEOPLE = 1000;

const hex = (n, width) => n.toString(16).padStart(width, '0');
/**
 * UUIDv7s of the SDK's shape and order, made as cheaply as the short ids: one time prefix
 * per round, then the event's number. Making each from its own clock and random bytes
 * cost the load generator 0.8 µs an id, 80 µs a body, which slowed the bare server (it
 * shares the cores with the load generator) more than the collector.
 */
const v7 = (round) => {
  const t = hex(Date.parse('2026-11-01T00:00:00Z') + round, 12);
  const prefix = `${t.slice(0, 8)}-${t.slice(8)}-7000-8000-`;
  return (k) => prefix + hex(k, 12);
};

/** `perPerson`: each batch is one person's events; otherwise each event is another person's. */
/** `tokens`: each person's signed identity token (by the person's number), sent as each event's `token`. */
/** `accounts`: each track names the person's account, as the SDK sends it (ingest.mjs's runs leave it out, as a server would). */
export function batchMaker(key, prefix, perPerson, tokens, accounts = false) {
  let n = 0;
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  const ordered = v7(Number(prefix.replace(/\D/g, '')) || 0);
  const id = (k) => (IDS === 'v4' ? crypto.randomUUID() : IDS === 'short' ? `${prefix}-${k}` : ordered(k));
  return () => {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const k = n++;
      const person = perPerson ? Math.floor(k / BATCH) % PEOPLE : k % PEOPLE;
      const user = `u${person}`;
      const first = perPerson ? i === 0 && k < PEOPLE * BATCH : k < PEOPLE;
      events.push(
        first
          ? {
              type: 'identify',
              messageId: id(k),
              timestamp: new Date(t0).toISOString(),
              userId: user,
              traits: { role: 'end_user', accountId: `a${person % 20}` },
            }
          : {
              type: 'track',
              messageId: id(k),
              timestamp: new Date(t0 + k * 1000).toISOString(),
              userId: user,
              ...(accounts && { accountId: `a${person % 20}` }),
              event: k % 3 ? 'deal_stage_changed' : 'interaction_logged',
              properties: { direction: k % 2 ? 'forward' : 'back', deal: `d${k % 97}` },
            },
      );
      if (tokens) events[i].token = tokens[person];
    }
    return JSON.stringify({ writeKey: key, batch: events });
  };
}

const bare = { server: () => startServer([join(here, 'bare-server.mjs')]), perPerson: false };
const sqlitePerson = { server: (dir, r, _pg, c = '') => collector(dir, `person${r}x${c}`), perPerson: true };
// Each load's bare and collector runs go one after the other, a few seconds apart.
const SCENARIOS = {
  bare,
  sqlitePerson,
  ...Object.fromEntries(
    SWEEP_CONNECTIONS.flatMap((c) => [
      [`bare${c}`, { ...bare, connections: c }],
      [`sqlitePerson${c}`, { ...sqlitePerson, connections: c }],
    ]),
  ),
  unstored: { server: () => unstored(), perPerson: true },
  sqliteMixed: { server: (dir, r) => collector(dir, `mixed${r}`), perPerson: false },
  postgresPerson: { server: (dir, r, pg) => collector(dir, `person${r}`, pg), perPerson: true, pg: true },
  postgresMixed: { server: (dir, r, pg) => collector(dir, `mixed${r}`, pg), perPerson: false, pg: true },
};

/** The collector's app with storing skipped (`unstored-server.mjs`), and its project's keys. */
async function unstored() {
  const server = await startServer([join(here, 'unstored-server.mjs')]);
  return { ...server, keys: JSON.parse(server.before) };
}

/**
 * The floor under SQLite ingest: only the storing of `batches` 100-event batches into
 * the collector's own schema (a `seen` key per event, one run per batch), in one process,
 * without HTTP, validation, state or fsync (one transaction), in µs per batch.
 * Whatever else a request does comes on top.
 */
async function insertFloor(dir, batches = 1000) {
  const Database = createRequire(join(here, '../packages/collector/package.json'))('better-sqlite3');
  const { migrate } = await import('../packages/collector/dist/store/sqlite/migrations.js');
  const { packBatch } = await import('../packages/collector/dist/domain/packed.js');
  const db = new Database(join(dir, `floor-${performance.now()}.db`));
  db.pragma('journal_mode = WAL');
  migrate(db);
  db.prepare(
    "INSERT INTO projects (id, name, publishable_key, secret_hash, created_at, num) VALUES ('p', 'floor', 'pk', 'sk', 0, 1)",
  ).run();
  // As the store inserts a batch whose keys are all new.
  const see = db.prepare('INSERT INTO seen (project, message_id) SELECT 1, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING');
  const run = db.prepare('INSERT INTO runs (project, user_id, tracks, ids, body, received_at) VALUES (1, ?, 1, ?, ?, 0)');
  // The load's own batches: their message ids fall into the key order as the load's do.
  const make = batchMaker('pk', 'floor', true);
  const made = Array.from({ length: batches }, () => JSON.parse(make()).batch);
  const packed = made.map((events) => packBatch(events.map((ev) => ({ ...ev, timestamp: Date.parse(ev.timestamp) }))));
  const started = performance.now();
  db.transaction(() => {
    for (let b = 0; b < batches; b++) {
      see.run(packed[b].ids);
      run.run(made[b][0].userId, packed[b].ids, packed[b].body);
    }
  })();
  const us = ((performance.now() - started) * 1000) / batches;
  db.close();
  return us;
}

/** `pg`: a postgres:// URL to measure the PostgreSQL backend too. */
export async function ingest(pg) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-bench-'));
  // BENCH_ONLY=bare,sqlitePerson: a quick A/B of some columns (FIRSTWIN_BENCH_CLI in lib.mjs: another build's collector).
  const only = process.env.BENCH_ONLY?.split(',');
  const names = Object.keys(SCENARIOS).filter((k) => (pg || !SCENARIOS[k].pg) && (!only || only.includes(k)));
  const runs = Object.fromEntries(names.map((k) => [k, []]));
  try {
    // PostgreSQL's rounds come after all the others: its checkpoints and autovacuum after a
    // round of inserts would otherwise take CPU and disk from the next round's servers.
    const rounds = [names.filter((k) => !SCENARIOS[k].pg), names.filter((k) => SCENARIOS[k].pg)];
    for (const round of rounds) {
      for (let r = 0; r < RUNS; r++) {
        for (const name of round) {
          const { server: start, perPerson, connections = CONNECTIONS } = SCENARIOS[name];
          const server = await start(dir, r, pg, connections);
          const body = batchMaker(server.keys?.publishableKey ?? 'pk', `r${r}`, perPerson);
          // Measured as a server that has been running: its hot code compiled, its files grown past their first pages.
          await load(server.url, '/v1/batch', { body, duration: WARM_UP_SECONDS, connections });
          const { result, cpu } = await cpuDuring(server.child.pid, () =>
            load(server.url, '/v1/batch', { body, duration: SECONDS, connections }),
          );
          const rssMb = peakRssMb(server.child.pid);
          await stop(server.child);
          if (result.non2xx || result.errors)
            throw new Error(`${name}: ${result.non2xx} answers were not 2xx and ${result.errors} requests failed`);
          const ok = result['2xx'];
          runs[name].push({
            reqPerSec: ok / result.duration,
            eventsPerSec: (ok * BATCH) / result.duration,
            p50: result.latency.p50,
            p99: result.latency.p99,
            rssMb,
            // CPU per answered request, and how busy the machine's cores were (PostgreSQL's own processes not counted).
            mainUs: cpu.main / ok,
            othersUs: cpu.others / ok,
            loadGeneratorUs: cpu.loadGenerator / ok,
            busy: (cpu.main + cpu.others + cpu.loadGenerator) / (result.duration * 1e6 * availableParallelism()),
          });
        }
      }
    }
    const floorUs = only ? undefined : median([await insertFloor(dir), await insertFloor(dir), await insertFloor(dir)]);
    const summary = (name) =>
      Object.fromEntries(
        ['reqPerSec', 'eventsPerSec', 'p50', 'p99', 'rssMb', 'mainUs', 'othersUs', 'loadGeneratorUs', 'busy'].map((k) => [
          k,
          median(runs[name].map((x) => x[k])),
        ]),
      );
    return { runs, floorUs, ...Object.fromEntries(names.map((k) => [k, summary(k)])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await ingest(process.env.FIRSTWIN_BENCH_PG), null, 2));
