// A/B of collector builds under the one-person ingest load of ingest.mjs, for changes too
// small for its runs to show: this VM's speed drifts by 20 % over minutes, more than most
// changes move. Every server runs at once (idle but one) and the load visits them in
// turn, a few seconds each, so each slice of each build has neighbours measured within
// seconds of it; the ratio to the bare server is taken per slice, then the median.
//   AB_BUILDS=before=/tmp/before/packages/collector/dist/cli.js node bench/ab.mjs
// AB_BUILDS: name=cli.js pairs, comma-separated, measured beside this checkout's build
// ("this"). BENCH_BATCH (ingest.mjs) events a batch. AB_SLICES (default 8) turns of AB_SECONDS (default 3) each, AB_CONNECTIONS
// (default 10) connections. AB_GZIP=1 sends every body gzip-compressed (Content-Encoding:
// gzip), the bare server inflating them too. AB_WEBHOOKS: names of builds whose project gets a
// webhook for every event, sent to a receiver of its own (bench/receiver.mjs) that answers 204.
// AB_TOKENS=1 serves this checkout's build once
// more ("this+tokens"), its project enforcing signed identity tokens, with one token minted
// per person and sent with each of their events: tokens on against tokens off, side by side,
// once every person's token has been verified (and kept) by a batch of theirs. Then every
// build's tracks name the person's account, as the SDK sends them, and a second bare server
// ("bare+tokens") takes the token load: what receiving and parsing the larger bodies costs alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH, PEOPLE, batchMaker } from './ingest.mjs';
import { cpuDuring, load, median, startServer, stop } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SLICES = Number(process.env.AB_SLICES ?? 8);
const SECONDS = Number(process.env.AB_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 10);
const GZIP = process.env.AB_GZIP === '1';
const TOKENS = process.env.AB_TOKENS === '1';
const headers = GZIP ? { 'content-encoding': 'gzip' } : {};
const squeezed = (make) => (GZIP ? () => gzipSync(make()) : make);
const builds = {
  this: join(here, '../packages/collector/dist/cli.js'),
  ...(TOKENS && { 'this+tokens': join(here, '../packages/collector/dist/cli.js') }),
  ...Object.fromEntries(
    (process.env.AB_BUILDS ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  ),
};

/** Turns `enforce` on for the server's project, and signs a token for each person of ingest.mjs's load, as their accounts there. */
async function enforcedTokens(url, secretKey) {
  const answer = await fetch(`${url}/v1/identity-verification`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'enforce' }),
  });
  const { secret } = await answer.json();
  const { identityToken } = await import('../packages/collector/dist/index.js');
  return Promise.all(
    Array.from({ length: PEOPLE }, (_, p) =>
      identityToken(secret, { userId: `u${p}`, role: 'end_user', accountId: `a${p % 20}`, expiresInS: 24 * 3600 }),
    ),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'firstwin-ab-'));
const servers = {};
const receivers = [];
try {
  servers.bare = { ...(await startServer([join(here, 'bare-server.mjs')])), key: 'pk' };
  const checklists = (await import('../examples/crm-demo/checklists.json', { with: { type: 'json' } })).default;
  for (const [name, cli] of Object.entries(builds)) {
    const db = join(dir, `${name}.db`);
    const keys = JSON.parse(spawnSync(process.execPath, [cli, 'project', 'create', 'ab', '--db', db], { encoding: 'utf8' }).stdout);
    const server = await startServer([cli, 'serve', '--db', db, '--port', '0', '--rate-limit', '100000000']);
    await fetch(`${server.url}/v1/checklists`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(checklists),
    });
    if ((process.env.AB_WEBHOOKS ?? '').split(',').includes(name)) {
      const receiver = await startServer([join(here, 'receiver.mjs')]);
      receivers.push(receiver);
      const res = await fetch(`${server.url}/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url, events: ['account.status_changed', 'account.first_value', 'user.activated'] }),
      });
      if (res.status !== 201) throw new Error(`${name}: the webhook was refused: ${await res.text()}`);
    }
    servers[name] = { ...server, key: keys.publishableKey };
    if (name.endsWith('+tokens')) servers[name].tokens = await enforcedTokens(server.url, keys.secretKey);
  }
  // The bytes a token adds, received and parsed with nothing else done: the bare server given the token load.
  if (TOKENS)
    servers['bare+tokens'] = { ...(await startServer([join(here, 'bare-server.mjs')])), key: 'pk', tokens: servers['this+tokens'].tokens };
  const names = Object.keys(servers);
  // One body maker per server, each its own run of ids, as ingest.mjs's runs have.
  const bodies = Object.fromEntries(
    // With tokens, every build's tracks name their account as the SDK's do: the token (which
    // puts the account on each event) is then the only difference between the loads.
    names.map((name, i) => [name, squeezed(batchMaker(servers[name].key, `ab${i}`, true, servers[name].tokens, TOKENS))]),
  );
  // Every event of the load is stored: a server that refused them (a token gone wrong) would only look faster.
  for (const name of names.filter((n) => n !== 'bare')) {
    const answer = await (
      await fetch(`${servers[name].url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: bodies[name](),
      })
    ).json();
    if (answer.accepted !== BATCH || answer.rejected.length)
      throw new Error(`${name}: a batch of the load was not stored whole: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  for (const name of names)
    await load(servers[name].url, '/v1/batch', { body: bodies[name], headers, duration: 2, connections: CONNECTIONS });
  // Each person's token is verified once, then kept until it expires: the steady state is
  // measured, every person's first batch sent before (a first verification is timed apart).
  for (const name of names.filter((n) => servers[n].tokens)) {
    for (let p = 0; p < PEOPLE; p += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`${servers[name].url}/v1/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: bodies[name](),
          }),
        ),
      );
    }
  }
  const slices = Object.fromEntries(names.map((name) => [name, []]));
  for (let s = 0; s < SLICES; s++) {
    for (const name of names) {
      const { result, cpu } = await cpuDuring(servers[name].child.pid, () =>
        load(servers[name].url, '/v1/batch', { body: bodies[name], headers, duration: SECONDS, connections: CONNECTIONS }),
      );
      if (result.non2xx || result.errors)
        throw new Error(`${name}: ${result.non2xx} answers were not 2xx and ${result.errors} requests failed`);
      const ok = result['2xx'];
      slices[name].push({
        reqPerSec: ok / result.duration,
        serverUs: (cpu.main + cpu.others) / ok,
        mainUs: cpu.main / ok,
        othersUs: cpu.others / ok,
      });
    }
  }
  const table = names.map((name) => ({
    name,
    reqPerSec: Math.round(median(slices[name].map((x) => x.reqPerSec))),
    serverCpuUs: Math.round(median(slices[name].map((x) => x.serverUs))),
    httpThreadUs: Math.round(median(slices[name].map((x) => x.mainUs))),
    otherThreadsUs: Math.round(median(slices[name].map((x) => x.othersUs))),
    ratioToBare: Number(median(slices[name].map((x, i) => x.reqPerSec / slices.bare[i].reqPerSec)).toFixed(3)),
    // Paired by turn, as ratioToBare: server CPU a request against this checkout's in the same turn.
    cpuToThis: Number(median(slices[name].map((x, i) => x.serverUs / slices.this[i].serverUs)).toFixed(3)),
  }));
  console.table(table);
} finally {
  for (const s of [...Object.values(servers), ...receivers]) await stop(s.child);
  rmSync(dir, { recursive: true, force: true });
}
