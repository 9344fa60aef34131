// Starts the demo: the collector on its embedded SQLite (in .demo/), the demo project
// with its checklists, and the demo CRM app. Prints where everything is.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../packages/collector/dist/index.js';
import { startDemoServer } from '../examples/crm-demo/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = join(root, '.demo');
mkdirSync(state, { recursive: true });
const collectorPort = Number(process.env.COLLECTOR_PORT ?? 8787);
const appPort = Number(process.env.APP_PORT ?? 5173);

const collector = await createCollector({ db: join(state, 'firstwin.db') });
const endpoint = await collector.app.listen({ host: '127.0.0.1', port: collectorPort });

// Reuse the demo project between runs, so progress made in the demo is kept.
const keysFile = join(state, 'project.json');
let keys;
try {
  keys = JSON.parse(readFileSync(keysFile, 'utf8'));
  if (!(await collector.store.findProject(keys.secretKey))) keys = undefined;
} catch {
  keys = undefined;
}
if (!keys) {
  keys = await collector.store.createProject('Pipeline CRM demo');
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
}

const checklists = readFileSync(join(root, 'examples/crm-demo/checklists.json'), 'utf8');
const put = await fetch(`${endpoint}/v1/checklists`, {
  method: 'PUT', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: checklists,
});
if (!put.ok) throw new Error(`pushing the demo checklists failed: ${await put.text()}`);

const app = await startDemoServer({ key: keys.publishableKey, endpoint, port: appPort });

console.log(`
Firstwin demo is running.

  Demo app:    ${app.url}        (pick a persona top right)
  Collector:   ${endpoint}       (SQLite: .demo/firstwin.db)
  Secret key:  ${keys.secretKey}

Seat activation of the demo account:
  curl -s -H "Authorization: Bearer ${keys.secretKey}" ${endpoint}/v1/accounts/acme/activation

Ctrl-C stops both.
`);

const stop = async () => {
  await app.close();
  await collector.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
