// @vitest-environment node
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

/** Our own UI code, without Preact (shared with the host app on npm). */
const BUDGET = 6 * 1024;

it(`stays under ${BUDGET} bytes gzip`, async () => {
  const out = await build({
    entryPoints: [new URL('./index.ts', import.meta.url).pathname],
    bundle: true, minify: true, format: 'esm', write: false,
    jsx: 'automatic', jsxImportSource: 'preact',
    external: ['preact', 'preact/*'],
  });
  const size = gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
  console.log(`ui: ${size} B gzip (budget ${BUDGET})`);
  expect(size).toBeLessThanOrEqual(BUDGET);
});
