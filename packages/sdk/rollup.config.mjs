import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { existsSync } from 'node:fs';

const ts = () => esbuild({ target: 'es2019', jsx: 'automatic', jsxImportSource: 'preact' });
const external = (id) => /^(preact|@floating-ui|idb-keyval)(\/|$)/.test(id);
const mangle = () =>
  terser({ ecma: 2019, compress: { passes: 2 }, mangle: { properties: { regex: /^_/ } }, format: { comments: false } });

const builds = [
  // DOM-free evaluator the collector imports, so SDK and collector never disagree.
  { input: 'src/rules/index.ts', output: { file: 'dist/rules.js', format: 'es' }, plugins: [ts()] },
];
if (existsSync('src/index.ts')) {
  builds.push({ input: 'src/index.ts', external, output: { file: 'dist/index.js', format: 'es' }, plugins: [ts()] });
}
if (existsSync('src/script-tag.ts')) {
  // The script-tag bundle: everything inlined, one minified IIFE.
  builds.push({
    input: 'src/script-tag.ts',
    output: { file: 'dist/firstwin.js', format: 'iife' },
    plugins: [nodeResolve({ browser: true }), ts(), mangle()],
  });
}
export default builds;
