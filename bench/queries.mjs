// Query cost as stored events grow: 10 000 accounts, 100 000 users, then 1 000 000
// events, sent through POST /v1/batch like any SDK would. At both sizes: p50/p99 of
// one account's activation (autocannon) and of the whole accounts list. Then the time
// to rebuild all state after a checklist change, with the collector's progress lines.
// BENCH_SCALE=0.1 runs a tenth of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collector, load, median, peakRssMb, stop } from './lib.mjs';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ACCOUNTS = Math.round(10_000 * SCALE);
const USERS_PER_ACCOUNT = 10;
const EVENTS = Math.round(1_000_000 * SCALE);
const BATCH = 1000;
const SENDERS = 4;
const LIST_SAMPLES = 15;
const DAY = 86_400_000;

/** Deterministic, so every run and both backends get the same data set. */
function random(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const roleOf = (i) => (i === 0 ? 'admin' : i === 1 ? 'sponsor' : 'end_user');
const EVENTS_BY_ROLE = {
  admin: [['pipeline_created'], ['rep_assigned'], ['dashboard_published'], ['page_viewed']],
  sponsor: [['pipeline_review_viewed'], ['page_viewed'], ['page_viewed']],
  end_user: [
    ['interaction_logged'],
    ['deal_stage_changed', { direction: 'forward' }],
    ['deal_stage_changed', { direction: 'back' }],
    ['page_viewed'],
    ['page_viewed'],
  ],
};

/** Every event of the data set, in order: accounts and people first, then their activity. */
function* dataSet(now) {
  const rnd = random(42);
  const signedAt = (a) => now - (a % 90) * DAY - DAY;
  for (let a = 0; a < ACCOUNTS; a++) {
    const ts = new Date(signedAt(a)).toISOString();
    yield {
      type: 'group',
      messageId: `g-${a}`,
      timestamp: ts,
      userId: `u${a}-0`,
      groupId: `acct-${a}`,
      traits: { seats: 10 + (a % 5), signedAt: ts, name: `Account ${a}` },
    };
    for (let i = 0; i < USERS_PER_ACCOUNT; i++) {
      yield {
        type: 'identify',
        messageId: `i-${a}-${i}`,
        timestamp: ts,
        userId: `u${a}-${i}`,
        traits: { role: roleOf(i), accountId: `acct-${a}` },
      };
    }
  }
  for (let n = ACCOUNTS * (USERS_PER_ACCOUNT + 1); n < EVENTS; n++) {
    const a = Math.floor(rnd() * ACCOUNTS);
    const i = Math.floor(rnd() * USERS_PER_ACCOUNT);
    const choices = EVENTS_BY_ROLE[roleOf(i)];
    const [event, properties = {}] = choices[Math.floor(rnd() * choices.length)];
    const ts = new Date(signedAt(a) + rnd() * (now - signedAt(a))).toISOString();
    yield { type: 'track', messageId: `t-${n}`, timestamp: ts, userId: `u${a}-${i}`, event, properties };
  }
}

/** Sends events from `source` until `upTo` have been sent, `SENDERS` batches in flight. */
async function send(c, source, upTo, sent) {
  const next = () => {
    const batch = [];
    while (sent.n < upTo && batch.length < BATCH) {
      batch.push(source.next().value);
      sent.n++;
    }
    return batch;
  };
  const sender = async () => {
    for (let batch = next(); batch.length; batch = next()) {
      const res = await fetch(`${c.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ writeKey: c.keys.publishableKey, batch }),
      });
      const body = await res.json();
      if (res.status !== 200 || body.accepted !== batch.length)
        throw new Error(`batch refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return performance.now() - started;
}

async function measure(c, events) {
  const auth = { authorization: `Bearer ${c.keys.secretKey}` };
  const rnd = random(7);
  const one = await load(c.url, () => `/v1/accounts/acct-${Math.floor(rnd() * ACCOUNTS)}/activation`, { duration: 5, headers: auth });
  if (one.non2xx) throw new Error(`${one.non2xx} activation answers were not 200`);
  const list = [];
  let count = 0;
  // The first list after new data builds the summaries the later ones keep: timed apart.
  for (let i = -1; i < LIST_SAMPLES; i++) {
    // Timed to the last byte received, as a load generator times latency; parsing the
    // 10 MB answer is the client's own cost, so it is checked after the clock stops.
    const t = performance.now();
    const res = await fetch(`${c.url}/v1/accounts`, { headers: auth });
    const body = await res.arrayBuffer();
    list.push(performance.now() - t);
    count = JSON.parse(Buffer.from(body).toString()).length;
  }
  const first = list.shift();
  if (count !== ACCOUNTS) throw new Error(`the list had ${count} accounts, not ${ACCOUNTS}`);
  const sorted = [...list].sort((a, b) => a - b);
  return {
    events,
    activation: { p50: one.latency.p50, p99: one.latency.p99, reqPerSec: one.requests.average },
    list: { first, p50: median(list), p99: sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)], accounts: count },
  };
}

/** `pg`: a postgres:// URL to measure on PostgreSQL instead of SQLite. */
export async function queries(pg) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-bench-q-'));
  const c = await collector(dir, 'queries', pg);
  const progress = [];
  c.child.stdout.on('data', (d) => {
    for (const line of d.toString().split('\n')) {
      if (!line.startsWith('recompute')) continue;
      progress.push(line);
      console.log(`  ${line}`);
    }
  });
  try {
    const source = dataSet(Date.now());
    const sent = { n: 0 };
    const people = ACCOUNTS * (USERS_PER_ACCOUNT + 1);
    const loadSmallMs = await send(c, source, people, sent);
    const small = await measure(c, sent.n);
    const loadLargeMs = await send(c, source, EVENTS, sent);
    const large = await measure(c, sent.n);
    const stats = await (await fetch(`${c.url}/v1/stats`, { headers: { authorization: `Bearer ${c.keys.secretKey}` } })).json();
    if (stats.events !== EVENTS) throw new Error(`the collector stored ${stats.events} events, not ${EVENTS}`);

    // A checklist change: the first interaction now needs two, so activation moves.
    const changed = structuredClone(c.checklists);
    changed.find((l) => l.role === 'end_user').items.find((i) => i.id === 'log-interaction').completeOn.count = 2;
    const t = performance.now();
    let recomputing = true;
    const put = fetch(`${c.url}/v1/checklists`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${c.keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(changed),
    }).finally(() => (recomputing = false));
    // Meanwhile, one person keeps sending small batches: how long does each wait?
    const waits = [];
    for (let n = 0; recomputing; n++) {
      const s = performance.now();
      const batch = Array.from({ length: 10 }, (_, i) => ({
        type: 'track',
        messageId: `during-${n}-${i}`,
        timestamp: new Date().toISOString(),
        userId: 'u0-2',
        event: 'page_viewed',
      }));
      const r = await fetch(`${c.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ writeKey: c.keys.publishableKey, batch }),
      });
      if (r.status !== 200) throw new Error(`ingest during the recompute failed: ${r.status}`);
      waits.push(performance.now() - s);
    }
    const res = await put;
    if (res.status !== 200) throw new Error(`recompute failed: ${res.status} ${await res.text()}`);
    const recomputeMs = performance.now() - t;
    return {
      accounts: ACCOUNTS,
      users: ACCOUNTS * USERS_PER_ACCOUNT,
      small,
      large,
      loadEventsPerSec: (EVENTS / (loadSmallMs + loadLargeMs)) * 1000,
      recompute: {
        events: EVENTS,
        ms: recomputeMs,
        progressLines: progress.length,
        batchesMeanwhile: waits.length,
        longestWaitMs: Math.max(...waits),
      },
      rssMb: peakRssMb(c.child.pid),
    };
  } finally {
    await stop(c.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await queries(process.env.FIRSTWIN_BENCH_PG), null, 2));
