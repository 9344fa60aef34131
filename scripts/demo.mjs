// `npm run demo`: the collector on its embedded SQLite (in .demo/), the demo project with
// its checklists, and the demo CRM app. Prints where everything is; Ctrl-C stops it all.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillHistory } from '../examples/crm-demo/history.mjs';
import { startDemo } from '../examples/crm-demo/start.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = join(root, '.demo');
mkdirSync(state, { recursive: true });

const port = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number, not "${process.env[name]}"`);
    process.exit(2);
  }
  return value;
};
const collectorPort = port('COLLECTOR_PORT', 8787);
const appPort = port('APP_PORT', 5173);

let demo;
try {
  demo = await startDemo({ db: join(state, 'firstwin.db'), keysFile: join(state, 'project.json'), collectorPort, appPort });
} catch (err) {
  if (err.code === 'EADDRINUSE') {
    console.error(
      `A port is already in use (${err.message}). Stop what uses it, or pick others: COLLECTOR_PORT=8788 APP_PORT=5174 npm run demo`,
    );
    process.exit(1);
  }
  throw err;
}
const { appUrl, endpoint, keys } = demo;

// A webhook to the demo app, which answers 204, made before the history so that an account's
// page lists the webhooks it fired (once: the project and its webhooks outlive a run).
const secret = { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' };
const hookUrl = `${appUrl}/webhooks`;
const hooks = await (await fetch(`${endpoint}/v1/webhooks`, { headers: secret })).json();
if (!hooks.some((h) => h.url === hookUrl)) {
  const events = ['account.status_changed', 'account.first_value', 'user.activated'];
  const made = await fetch(`${endpoint}/v1/webhooks`, { method: 'POST', headers: secret, body: JSON.stringify({ url: hookUrl, events }) });
  if (!made.ok) console.error(`could not add the demo webhook: ${await made.text()}`);
}

// Weeks of history for eight customer accounts, sent through the ingest API as a vendor's
// backend would (the same ids each day: a second run adds nothing), and a dashboard user
// made with the collector's own command.
const accepted = await fillHistory({ endpoint, secretKey: keys.secretKey });
const login = { email: 'cs@example.com', password: 'firstwin-demo' };
const made = spawnSync(
  process.execPath,
  [
    join(root, 'packages/collector/dist/cli.js'),
    'user',
    'create',
    login.email,
    '--project',
    keys.projectId,
    '--db',
    join(state, 'firstwin.db'),
  ],
  { input: `${login.password}\n`, encoding: 'utf8' },
);
if (made.status !== 0 && !/exists already/.test(made.stderr)) {
  console.error(`could not create the dashboard user: ${made.stderr}`);
  await demo.close();
  process.exit(1);
}

console.log(`
Firstwin demo is running.

  Demo app:    ${appUrl}    (pick a persona top right)
  Collector:   ${endpoint}    (SQLite: .demo/firstwin.db, keys: .demo/project.json)
  Secret key:  ${keys.secretKey}

  Dashboard:   ${endpoint}/dashboard/    sign in as ${login.email} / ${login.password}
               (${accepted ? `${accepted} events of history just sent` : 'history already there'} for eight accounts: northwind, globex, initech…)
  Webhook:     ${hookUrl}    (the demo app takes the project's webhooks: an account's page lists what it fired)
Identity verification is enforced: the demo app's server signs each persona's identity
token (examples/crm-demo/server.mjs, /identity-token) and the page passes it to identify().
Events sent with the publishable key alone are refused. What came with which token:
  curl -s -H "Authorization: Bearer ${keys.secretKey}" ${endpoint}/v1/identity-verification

Seat activation of the demo account "acme" (it exists once a persona has signed in to the app):
  curl -s -H "Authorization: Bearer ${keys.secretKey}" ${endpoint}/v1/accounts/acme/activation

Ctrl-C stops both.
`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) process.exit(130); // a second Ctrl-C does not wait
  stopping = true;
  console.log(`\n${signal}: stopping the demo app and the collector…`);
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
