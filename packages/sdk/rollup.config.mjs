import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const ts = () => esbuild({ target: 'es2020' });
// npm users' bundlers dedupe it with the rest of their app.
const external = (id) => /^idb-keyval(\/|$)/.test(id);

export default [
  // DOM-free evaluator the collector imports, so SDK and collector never disagree.
  { input: 'src/rules/index.ts', output: { file: 'dist/rules.js', format: 'es' }, plugins: [ts()] },
  { input: 'src/index.ts', external, output: { file: 'dist/index.js', format: 'es' }, plugins: [ts()] },
  // Tracking alone (no UI, no rules) for pages without a checklist.
  { input: 'src/track.ts', external, output: { file: 'dist/track.js', format: 'es' }, plugins: [ts()] },
  {
    // The script-tag bundle: everything inlined in one minified IIFE.
    input: 'src/script-tag.ts',
    output: { file: 'dist/firstwin.js', format: 'iife' },
    plugins: [
      nodeResolve({ browser: true }),
      ts(),
      terser({
        ecma: 2020,
        module: true,
        compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
        // ASCII only: a page that names no charset would read a raw × as two Latin-1 characters.
        format: { comments: false, ascii_only: true },
      }),
    ],
  },
];
