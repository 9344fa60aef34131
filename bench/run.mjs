// `pnpm bench`: every measurement, each beside a baseline measured in the same run,
// written to BENCHMARKS.md. Expects the packages to be built.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from './ingest.mjs';
import { mainThread } from './main-thread.mjs';
import { BUDGETS, sizes } from './size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const f = (n, d = 1) => (n === null || n === undefined ? '—' : Number(n).toFixed(d));
const x = (a, b) => (b ? `${(a / b).toFixed(2)}×` : '—');
const version = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

console.log('bench: sizes…');
const size = await sizes();
console.log('bench: main thread in Chromium…');
const mt = await mainThread();
console.log('bench: ingest and query (SQLite, and PostgreSQL on a throwaway cluster)…');
let pg;
try {
  pg = execFileSync('bash', [join(root, 'scripts/postgres.sh'), 'start'], { encoding: 'utf8' }).trim();
} catch (err) {
  console.log(`bench: no PostgreSQL (${err.message.split('\n')[0]}); measuring SQLite only`);
}
let ing;
try {
  ing = await ingest(pg);
} finally {
  if (pg) execFileSync('bash', [join(root, 'scripts/postgres.sh'), 'stop']);
}

const script = size[0];
const tour = size.filter((r) => r.baseline && /tours/.test(r.name));
const smallestTour = tour.reduce((a, b) => (a.gzip < b.gzip ? a : b));
const faults = join(root, 'test-results/delivery-faults.md');

const md = `# Benchmarks

Measured by \`pnpm bench\` (\`node bench/run.mjs\`, after \`npx -y pnpm@10 -r run build\`) on ${new Date().toISOString().slice(0, 10)}.
Every figure stands beside a baseline measured in the same run; times are medians.

Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB,
${os.type()} ${os.release()}, Node ${process.version}, ${version('/usr/bin/chromium', ['--version'])}.

## Size (\`bench/size.mjs\`)

Baselines are bundled the way an app's bundler would take them (esbuild, minified, ESM), with the CSS the tour libraries need.

| what | gzip | brotli | raw | budget |
| --- | ---: | ---: | ---: | --- |
${size.map((r) => `| ${r.name} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${kb(r.raw)} | ${r.budget ? `${kb(r.budget)}: ${r.gzip <= r.budget ? 'within' : `**over by ${kb(r.gzip - r.budget)}**`}` : ''} |`).join('\n')}

The script-tag bundle, with checklists, guides, rules and exactly-once delivery, is
${x(script.gzip, smallestTour.gzip)} the smallest tour library here (${smallestTour.name}, tours only) and
${x(script.gzip, size.find((r) => /segment/.test(r.name)).gzip)} @segment/analytics-next (tracking only).
Its dependencies alone (Preact, Floating UI, idb-keyval) are 11.5 kB of it.

## Main thread in Chromium (\`bench/main-thread.mjs\`, ${mt.runs} runs)

Baseline: the same page without the SDK (its \`track\` column: a \`dataLayer.push\` of the same event).

| | without SDK | with SDK | ratio |
| --- | ---: | ---: | ---: |
| script evaluation (ms) | ${f(mt.baseline.evaluationMs, 2)} | ${f(mt.sdk.evaluationMs, 2)} | ${x(mt.sdk.evaluationMs, mt.baseline.evaluationMs)} |
| \`identify()\` to checklist visible (ms, includes the collector round trips) | — | ${f(mt.sdk.visibleMs)} | |
| one \`track()\` call (µs, mean of 10 000 calls; median over runs) | ${f(mt.baseline.trackUs, 2)} | ${f(mt.sdk.trackUs, 2)} | ${x(mt.sdk.trackUs, mt.baseline.trackUs)} |
| long tasks > 50 ms during start-up (most in any run) | ${mt.baseline.longTasks} | ${mt.sdk.longTasks} | |
| JS heap after start-up (MB, after GC) | ${f(mt.baseline.heapMb, 2)} | ${f(mt.sdk.heapMb, 2)} | +${f(mt.sdk.heapMb - mt.baseline.heapMb, 2)} MB |

## Ingest (\`bench/ingest.mjs\`, ${ing.runs.firstwin.length} runs of autocannon, 10 connections, 100-event batches)

Baseline: a bare \`node:http\` server that reads and \`JSON.parse\`s the same bodies and answers 200.
Firstwin validates every event, deduplicates it on the (project, messageId) index,
updates per-user and per-account state, and commits (SQLite WAL, \`synchronous=FULL\`) before answering.

| | bare node:http | Firstwin on SQLite | ratio | Firstwin on PostgreSQL (same machine) | ratio |
| --- | ---: | ---: | ---: | ---: | ---: |
| requests/s | ${f(ing.bare.reqPerSec, 0)} | ${f(ing.firstwin.reqPerSec, 0)} | ${x(ing.firstwin.reqPerSec, ing.bare.reqPerSec)} | ${f(ing.postgres?.reqPerSec, 0)} | ${ing.postgres ? x(ing.postgres.reqPerSec, ing.bare.reqPerSec) : '—'} |
| events/s | ${f(ing.bare.eventsPerSec, 0)} | ${f(ing.firstwin.eventsPerSec, 0)} | | ${f(ing.postgres?.eventsPerSec, 0)} | |
| latency p50 / p99 (ms) | ${ing.bare.p50} / ${ing.bare.p99} | ${ing.firstwin.p50} / ${ing.firstwin.p99} | | ${ing.postgres ? `${ing.postgres.p50} / ${ing.postgres.p99}` : '—'} | |
| peak RSS of the collector (MB) | ${f(ing.bare.rssMb, 0)} | ${f(ing.firstwin.rssMb, 0)} | | ${f(ing.postgres?.rssMb, 0)} | |

Query cost of \`GET /v1/accounts/:id/activation\` (autocannon, 4 s) as stored events grow 10×:

| backend | stored events | req/s | p50 (ms) | p99 (ms) |
| --- | ---: | ---: | ---: | ---: |
${[['SQLite', ing.query], ['PostgreSQL', ing.queryPg]].filter(([, q]) => q).flatMap(([name, q]) => [q.small, q.large].map((r) => `| ${name} | ${r.events} | ${f(r.reqPerSec, 0)} | ${r.p50} | ${r.p99} |`)).join('\n')}

## Delivery under faults (\`test/e2e/delivery.test.ts\`, written by \`npm test\`)

Each case runs in real Chromium against a real collector; "duplicates" are events the
SDK sent more than once (answers lost, keepalive on page hide) that the collector
recognised by messageId and counted once.

${existsSync(faults) ? readFileSync(faults, 'utf8') : '_Run `npm test` to produce this table._\n'}`;

writeFileSync(join(root, 'BENCHMARKS.md'), md);
console.log(md);
if (script.gzip > BUDGETS.script) console.log(`note: the script-tag bundle is over its ${kb(BUDGETS.script)} gzip budget`);
