// Compressed sizes: Firstwin's script-tag bundle and tracking-only entry, beside the
// same figures for tour and tracking libraries bundled the way a bundler would.
// Usage: node bench/size.mjs  (after building packages/sdk)
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const sdk = join(here, '../packages/sdk');
export const BUDGETS = { script: 15 * 1024, track: 4 * 1024 };

const measure = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

async function bundle(contents, resolveDir) {
  const out = await build({
    stdin: { contents, resolveDir, loader: 'js' }, bundle: true, minify: true, format: 'esm', write: false,
    platform: 'browser', target: 'es2020', logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' },
  });
  return Buffer.from(out.outputFiles[0].contents);
}

const css = (pkg, file) => readFileSync(join(here, 'node_modules', pkg, file));

export async function sizes() {
  const rows = [
    { name: 'Firstwin script tag (dist/firstwin.js: UI + guides + rules + delivery, all inlined)', ...measure(readFileSync(join(sdk, 'dist/firstwin.js'))), budget: BUDGETS.script },
    { name: 'Firstwin tracking only (@firstwin/sdk/track, bundled)', ...measure(await bundle("export * from './dist/track.js'", sdk)), budget: BUDGETS.track },
    { name: 'Firstwin ESM entry (@firstwin/sdk, bundled with its dependencies)', ...measure(await bundle("export * from './dist/index.js'", sdk)) },
  ];
  const baselines = [
    ['driver.js (tours) + its CSS', "export * from 'driver.js'", ['driver.js', 'dist/driver.css']],
    ['shepherd.js (tours) + its CSS', "export { default } from 'shepherd.js'", ['shepherd.js', 'dist/css/shepherd.css']],
    ['intro.js (tours) + its CSS', "export { default } from 'intro.js'", ['intro.js', 'minified/introjs.min.css']],
    ['@segment/analytics-next (tracking)', "export { AnalyticsBrowser } from '@segment/analytics-next'"],
    ['posthog-js (tracking)', "export { default } from 'posthog-js'"],
  ];
  for (const [name, code, style] of baselines) {
    const js = await bundle(code, here);
    rows.push({ name, ...measure(style ? Buffer.concat([js, css(...style)]) : js), baseline: true });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  const rows = await sizes();
  for (const r of rows) {
    const budget = r.budget ? ` (budget ${kb(r.budget)}: ${r.gzip <= r.budget ? 'within' : 'OVER'})` : '';
    console.log(`${r.name}: ${kb(r.gzip)} gzip, ${kb(r.brotli)} brotli, ${kb(r.raw)} raw${budget}`);
  }
}
