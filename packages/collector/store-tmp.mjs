import { openSqliteStore } from './dist/store/sqlite.js';
import { rmSync } from 'node:fs';
const f = '/tmp/prof/s.db'; for (const s of ['', '-wal', '-shm']) rmSync(f + s, { force: true });
const store = openSqliteStore(f);
const keys = await store.createProject('b');
const checklists = (await import('../../examples/crm-demo/checklists.json', { with: { type: 'json' } })).default;
await store.putChecklists(keys.projectId, checklists);
let n = 0; const t0 = Date.parse('2026-11-01T00:00:00Z');
const batch = () => { const events = []; for (let i = 0; i < 100; i++) { const k = n++; const user = `u${k % 1000}`;
  events.push(k < 1000 ? { type: 'identify', messageId: `m-${k}`, timestamp: t0, userId: user, traits: { role: 'end_user', accountId: `a${k % 20}` } }
  : { type: 'track', messageId: `m-${k}`, timestamp: t0 + k * 1000, userId: user, event: k % 3 ? 'deal_stage_changed' : 'interaction_logged', properties: { direction: k % 2 ? 'forward' : 'back', deal: `d${k % 97}` } }); }
  return events; };
const batches = Array.from({ length: 2000 }, batch);
for (const group of [1, 10]) {
  const t = performance.now(); let c = 0;
  for (let i = 0; i < 500; i += group) { await Promise.all(batches.slice(i + (group === 10 ? 500 : 0), i + group + (group === 10 ? 500 : 0)).map((b) => store.ingest(keys.projectId, b, 0))); c += group; }
  console.log('group', group, 'ms per batch', (performance.now() - t) / c);
}
const T = globalThis.__T; console.log(Object.fromEntries(Object.entries(T).map(([k, v]) => [k, (v / T.n).toFixed(3)])));
