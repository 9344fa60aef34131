// Compressed sizes: Firstwin's script-tag bundle and its stylesheet, the guide code it loads when a guide first
// starts, a language's words, the tracking-only entry and the ESM entry, beside the same
// figures for tour and tracking libraries bundled the way a bundler would.
// Usage (after building packages/sdk):
//   node bench/size.mjs                  every row, baselines included
//   node bench/size.mjs --check          Firstwin's rows only; exits 1 when one is over its budget (npm test runs this)
//   node bench/size.mjs --before DIR     Firstwin's rows of the SDK in DIR (an older checkout's packages/sdk, built) beside these
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const SDK = join(here, '../packages/sdk');
/** gzip, bytes: what a page fetches at load, what a guide fetches, tracking alone. */
export const BUDGETS = { script: 16 * 1024, guide: 9 * 1024, track: 4 * 1024 };

const measure = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const options = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
};

async function bundle(contents, resolveDir) {
  const out = await build({ ...options, stdin: { contents, resolveDir, loader: 'js' }, write: false });
  return Buffer.from(out.outputFiles[0].contents);
}

/** The ESM entry as an app's bundler splits it: what loads with the entry (its dynamic imports apart). */
async function atLoad(sdk) {
  const dir = mkdtempSync(join(tmpdir(), 'firstwin-size-'));
  try {
    const out = await build({
      ...options,
      entryPoints: { entry: join(sdk, 'dist/index.js') },
      splitting: true,
      outdir: dir,
      metafile: true,
      write: false,
    });
    const files = new Map(out.outputFiles.map((f) => [f.path, f.contents]));
    const meta = out.metafile.outputs;
    const entry = Object.keys(meta).find((k) => meta[k].entryPoint);
    const take = (file, seen) => {
      if (seen.has(file)) return seen;
      seen.add(file);
      for (const i of meta[file].imports) if (i.kind === 'import-statement') take(i.path, seen);
      return seen;
    };
    const abs = (k) => [...files.keys()].find((p) => p.endsWith(k.replace(/^.*?(\/entry|\/chunk)/, '$1')));
    return Buffer.concat([...take(entry, new Set())].map((k) => Buffer.from(files.get(abs(k)))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Firstwin's own rows, for the SDK in `sdk` (built). */
export async function firstwin(sdk = SDK) {
  const file = (name) => join(sdk, 'dist', name);
  const rows = [
    {
      key: 'script',
      name: 'Firstwin script tag at load (dist/firstwin.js: panel, rules, delivery, Preact)',
      ...measure(readFileSync(file('firstwin.js'))),
      budget: BUDGETS.script,
    },
  ];
  // No budget of its own: a stylesheet, fetched beside firstwin.js at load, that never blocks the page.
  if (existsSync(file('firstwin.css'))) {
    rows.push({
      key: 'css',
      name: 'Firstwin stylesheet at load (dist/firstwin.css: the panel and launcher, linked by firstwin.js)',
      ...measure(readFileSync(file('firstwin.css'))),
    });
  }
  if (existsSync(file('firstwin-guide.js'))) {
    rows.push({
      key: 'guide',
      name: 'Firstwin guide code, when a guide first starts (dist/firstwin-guide.js: tooltip, Floating UI, waiting for the target)',
      ...measure(readFileSync(file('firstwin-guide.js'))),
      budget: BUDGETS.guide,
    });
    const words = readdirSync(join(sdk, 'dist'))
      .filter((f) => /^firstwin-[a-z]{2}\.js$/.test(f))
      .map((f) => ({ f, ...measure(readFileSync(file(f))) }));
    const largest = words.reduce((a, b) => (a.gzip > b.gzip ? a : b));
    rows.push({
      key: 'words',
      name: `Firstwin words of one language besides English, before its checklist shows (largest: dist/${largest.f})`,
      ...largest,
    });
  }
  rows.push(
    {
      key: 'track',
      name: 'Firstwin tracking only (@firstwin/sdk/track, bundled)',
      ...measure(await bundle("export * from './dist/track.js'", sdk)),
      budget: BUDGETS.track,
    },
    {
      key: 'esm',
      name: 'Firstwin ESM entry at load (@firstwin/sdk, bundled with its dependencies; its lazy chunks apart)',
      ...measure(await atLoad(sdk)),
    },
  );
  return rows;
}

const css = (pkg, f) => readFileSync(join(here, 'node_modules', pkg, f));

export async function sizes() {
  const rows = await firstwin();
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

export const kb = (n) => `${(n / 1024).toFixed(2)} kB`;
const verdict = (r) => (r.budget ? ` (budget ${kb(r.budget)}: ${r.gzip <= r.budget ? 'within' : `OVER by ${r.gzip - r.budget} B`})` : '');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--check') {
    const rows = await firstwin();
    for (const r of rows) console.log(`${r.name}: ${r.gzip} B gzip${verdict(r)}`);
    const over = rows.filter((r) => r.budget && r.gzip > r.budget);
    if (over.length) {
      console.error(`size: over budget: ${over.map((r) => r.key).join(', ')}`);
      process.exit(1);
    }
  } else if (args[0] === '--before') {
    const [before, after] = [await firstwin(args[1]), await firstwin()];
    console.log('| what | before: gzip | after: gzip | after: brotli | after: raw | budget |\n| --- | ---: | ---: | ---: | ---: | --- |');
    for (const r of after) {
      const old = before.find((b) => b.key === r.key);
      console.log(
        `| ${r.name} | ${old ? kb(old.gzip) : '—'} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${kb(r.raw)} | ${r.budget ? `${kb(r.budget)}: ${r.gzip <= r.budget ? 'within' : `**over by ${kb(r.gzip - r.budget)}**`}` : ''} |`,
      );
    }
  } else {
    for (const r of await sizes()) console.log(`${r.name}: ${kb(r.gzip)} gzip, ${kb(r.brotli)} brotli, ${kb(r.raw)} raw${verdict(r)}`);
  }
}
