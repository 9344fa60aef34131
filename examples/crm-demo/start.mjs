// The whole demo stack in one call, shared by `npm run demo` and the end-to-end tests:
// the collector on a SQLite file, a project with the demo checklists, and the CRM app.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../packages/collector/dist/index.js';
import { startDemoServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const checklists = JSON.parse(readFileSync(join(here, 'checklists.json'), 'utf8'));

/**
 * @param {object} o
 * @param {string} o.db SQLite file of the collector
 * @param {number} [o.collectorPort] 0 picks a free port
 * @param {number} [o.appPort] 0 picks a free port
 * @param {string} [o.keysFile] keeps the project's keys between runs, so progress is kept too
 * @param {number} [o.rateLimit] requests per key per 10 s
 * @param {'off'|'report'|'enforce'} [o.identity] signed identity tokens: the demo project enforces them,
 *   as a vendor's should; 'off' for tests that identify people the demo app does not know
 * @param {(collectorUrl: string) => Promise<{ url: string, close(): Promise<void> }>} [o.front]
 *   something the browser talks to instead of the collector (the tests' faulty proxy)
 */
export async function startDemo({
  db,
  collectorPort = 8787,
  appPort = 5173,
  host = '127.0.0.1',
  keysFile,
  rateLimit,
  front,
  identity = 'enforce',
}) {
  const collector = await createCollector({ db, ...(rateLimit ? { rateLimit } : {}) });
  const started = [collector];
  const close = async () => {
    for (const part of started.reverse()) await part.close();
  };
  try {
    const endpoint = await collector.app.listen({ host, port: collectorPort });
    const keys = await projectKeys(collector.store, keysFile);
    const put = await fetch(`${endpoint}/v1/checklists`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(checklists),
    });
    if (!put.ok) throw new Error(`the collector refused the demo checklists: ${await put.text()}`);
    // The vendor's steps: the mode set with the secret key, whose answer carries the signing secret.
    const verification = await fetch(`${endpoint}/v1/identity-verification`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: identity }),
    });
    if (!verification.ok) throw new Error(`the collector refused the identity mode: ${await verification.text()}`);
    const { secret: tokenSecret } = await verification.json();
    const proxy = front ? await front(endpoint) : undefined;
    if (proxy) started.push(proxy);
    const app = await startDemoServer({ key: keys.publishableKey, endpoint: proxy?.url ?? endpoint, port: appPort, host, tokenSecret });
    started.push(app);
    return { appUrl: app.url, endpoint, keys, tokenSecret, collector, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function projectKeys(store, keysFile) {
  if (keysFile) {
    try {
      const saved = JSON.parse(readFileSync(keysFile, 'utf8'));
      // The file may outlive its database (deleted .db): then mint new keys.
      if (await store.findProject(saved.secretKey)) return saved;
    } catch {
      /* first run */
    }
  }
  const keys = await store.createProject('Pipeline CRM demo');
  if (keysFile) writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
