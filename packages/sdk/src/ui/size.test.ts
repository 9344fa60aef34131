// @vitest-environment node
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

/** The whole UI: it has no dependencies. */
const BUDGET = 6 * 1024;

it(`stays under ${BUDGET} bytes gzip`, async () => {
  const out = await build({
    entryPoints: [new URL('./index.ts', import.meta.url).pathname],
    bundle: true, minify: true, format: 'esm', write: false,
  });
  const size = gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
  console.log(`ui: ${size} B gzip (budget ${BUDGET})`);
  expect(size).toBeLessThanOrEqual(BUDGET);
});
