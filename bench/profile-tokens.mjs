// Where signed identity tokens cost the HTTP thread: two in-process collectors (tokens off,
// and a project enforcing them), the same SDK-shaped load through `app.inject` (no socket),
// each profiled by the inspector, then the functions whose self time per request moved most.
//   BENCH_BATCH=10 PROFILE_REQUESTS=10000 node bench/profile-tokens.mjs
// Expects the collector built. The load generator's own body making is left out of the profiles.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH, PEOPLE, batchMaker } from './ingest.mjs';

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 2000);
const { createCollector, identityToken } = await import('../packages/collector/dist/index.js');
const checklists = JSON.parse(readFileSync(new URL('../examples/crm-demo/checklists.json', import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'firstwin-profile-'));

/** A collector on its own file, its load of one person a batch, tracks naming their account as the SDK's do. */
async function server(name, tokens) {
  const collector = await createCollector({ db: join(dir, `${name}.db`), rateLimit: 1e9 });
  const keys = await collector.store.createProject(name);
  const headers = { authorization: `Bearer ${keys.secretKey}` };
  await collector.app.inject({ method: 'PUT', url: '/v1/checklists', payload: checklists, headers });
  let signed;
  if (tokens) {
    const answer = await collector.app.inject({ method: 'PUT', url: '/v1/identity-verification', payload: { mode: 'enforce' }, headers });
    const { secret } = answer.json();
    signed = await Promise.all(
      Array.from({ length: PEOPLE }, (_, p) =>
        identityToken(secret, { userId: `u${p}`, role: 'end_user', accountId: `a${p % 20}`, expiresInS: 86_400 }),
      ),
    );
  }
  const body = batchMaker(keys.publishableKey, name, true, signed, true);
  const send = async (bodies) => {
    for (const payload of bodies) {
      const res = await collector.app.inject({
        method: 'POST',
        url: '/v1/batch',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      if (res.statusCode !== 200 || res.json().accepted !== BATCH) throw new Error(`${name}: ${res.body.slice(0, 300)}`);
    }
  };
  return { collector, body, send };
}

/** Self time (µs) per request of each function of a profile, by name and place. */
function selfTimes(profile, requests) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const times = new Map();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id);
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / requests);
  });
  return times;
}

const session = new Session();
session.connect();
try {
  const off = await server('off', false);
  const on = await server('on', true);
  // Every person's token verified, and both warmed up, before anything is profiled.
  for (const s of [off, on]) await s.send(Array.from({ length: PEOPLE }, s.body));
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const profiles = {};
  for (const [name, s] of [
    ['off', off],
    ['on', on],
  ]) {
    const bodies = Array.from({ length: REQUESTS }, s.body);
    await session.post('Profiler.start');
    await s.send(bodies);
    profiles[name] = selfTimes((await session.post('Profiler.stop')).profile, REQUESTS);
  }
  const busy = (t) => [...t].filter(([k]) => !k.startsWith('(idle)')).reduce((n, [, us]) => n + us, 0);
  console.log(
    `${BATCH}-event batches, ${REQUESTS} requests each; main thread, µs a request: off ${busy(profiles.off).toFixed(1)}, on ${busy(profiles.on).toFixed(1)}`,
  );
  const keys = new Set([...profiles.off.keys(), ...profiles.on.keys()]);
  const rows = [...keys]
    .filter((k) => !k.startsWith('(idle)'))
    .map((k) => ({ function: k, off: profiles.off.get(k) ?? 0, on: profiles.on.get(k) ?? 0 }))
    .map((r) => ({ ...r, moved: r.on - r.off }))
    .sort((a, b) => Math.abs(b.moved) - Math.abs(a.moved))
    .slice(0, 15)
    .map((r) => ({ function: r.function, off: r.off.toFixed(1), on: r.on.toFixed(1), moved: r.moved.toFixed(1) }));
  console.table(rows);
  await off.collector.close();
  await on.collector.close();
} finally {
  session.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
