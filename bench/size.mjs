// Prints the compressed size of the script-tag bundle against its budget.
// Usage: node bench/size.mjs  (after building packages/sdk)
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET_GZIP = 15 * 1024;
const files = {
  'dist/firstwin.js (script tag, everything)': 'packages/sdk/dist/firstwin.js',
  'dist/rules.js (evaluator, unminified)': 'packages/sdk/dist/rules.js',
};

export function sizes(path) {
  const raw = readFileSync(path);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = (n) => `${(n / 1024).toFixed(2)} kB`;
  for (const [label, path] of Object.entries(files)) {
    const s = sizes(path);
    console.log(`${label}: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip, ${kb(s.brotli)} brotli`);
  }
  const main = sizes(files['dist/firstwin.js (script tag, everything)']).gzip;
  const ratio = main / BUDGET_GZIP;
  console.log(`budget: ${kb(main)} of ${kb(BUDGET_GZIP)} gzip (${(ratio * 100).toFixed(0)} %) ${ratio <= 1 ? 'OK' : 'OVER BUDGET'}`);
  process.exitCode = ratio <= 1 ? 0 : 1;
}
