// Serves the demo CRM: each page is a fragment in pages/ wrapped in layout.html,
// with the SDK's script tag pointing at the collector. Every answer carries a strict
// Content-Security-Policy, to show the SDK needs no inline script or style.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityToken } from '../../packages/collector/dist/index.js';
import { account, personas } from './public/personas.js';

const here = dirname(fileURLToPath(import.meta.url));
const sdkDist = join(here, '../../packages/sdk/dist');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};
const TITLES = {
  index: 'Home',
  deals: 'Deals',
  interactions: 'Interactions',
  review: 'Monday review',
  settings: 'Settings',
  intro: 'The 2-minute intro',
};

const escapeAttr = (s) => String(s).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The signed-in person's identity token, as a vendor's server makes it: here the demo's
 * persona picker stands in for the app's sign-in, so the persona comes in the query; a real
 * app takes the person from its own session, never from what the page asks for.
 */
async function tokenFor(personaId, secret) {
  const persona = personas.find((p) => p.id === personaId);
  if (!persona || !secret) return undefined;
  return identityToken(secret, {
    userId: persona.id,
    role: persona.role,
    accountId: account.id,
    account: { seats: account.seats, signedAt: account.signedAt, name: account.name },
  });
}

export async function startDemoServer({ key, endpoint, port = 5173, host = '127.0.0.1', tokenSecret }) {
  const layout = await readFile(join(here, 'layout.html'), 'utf8');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${new URL(endpoint).origin}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  async function page(name) {
    const body = await readFile(join(here, 'pages', `${name}.html`), 'utf8');
    const values = { title: TITLES[name], key: escapeAttr(key), endpoint: escapeAttr(endpoint), body };
    return layout.replace(/\{\{(\w+)\}\}/g, (_, k) => values[k]);
  }

  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const send = (status, type, body) => {
      res.writeHead(status, {
        'content-type': type,
        'content-security-policy': csp,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
    };
    try {
      const name = path === '/' ? 'index' : /^\/(\w+)\.html$/.exec(path)?.[1];
      if (name && TITLES[name]) return send(200, TYPES['.html'], await page(name));
      if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
      // Where `npm run demo` points the project's webhook: the vendor's side, which takes them and says so.
      if (path === '/webhooks' && req.method === 'POST') return req.resume().on('end', () => send(204, 'text/plain', ''));
      if (path === '/identity-token') {
        const token = await tokenFor(new URL(req.url, 'http://x').searchParams.get('persona'), tokenSecret);
        return token ? send(200, TYPES['.json'], JSON.stringify({ token })) : send(404, TYPES['.json'], '{"error":"no such persona"}');
      }
      // The script tag's bundle and the files it fetches from beside itself (its stylesheet, the guide, other languages).
      const sdkFile = /^\/(firstwin(?:-[a-z]+)?\.js|firstwin\.css)$/.exec(path)?.[1];
      if (sdkFile) return send(200, TYPES[extname(sdkFile)], await readFile(join(sdkDist, sdkFile)));
      const file = normalize(join(here, 'public', path));
      if (!file.startsWith(join(here, 'public'))) return send(404, 'text/plain', 'not found');
      return send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(404, 'text/plain; charset=utf-8', 'not found');
    }
  });
  // A taken port rejects (EADDRINUSE, which `npm run demo` explains in one line) instead of
  // crashing the process from an unhandled 'error' event.
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const url = `http://${host}:${server.address().port}`;
  return { url, close: () => new Promise((ok) => server.close(ok)) };
}
