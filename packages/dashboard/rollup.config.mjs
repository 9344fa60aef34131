import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const require = createRequire(import.meta.url);

/**
 * The page and its one stylesheet (ours after uPlot's, so ours wins), emitted beside
 * the script: no inline script or style, so `default-src 'self'` is enough.
 */
const staticFiles = () => ({
  name: 'dashboard-static-files',
  generateBundle() {
    const css = [require.resolve('uplot/dist/uPlot.min.css'), new URL('./src/styles.css', import.meta.url)]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    this.emitFile({ type: 'asset', fileName: 'dashboard.css', source: css });
    this.emitFile({ type: 'asset', fileName: 'index.html', source: readFileSync(new URL('./src/index.html', import.meta.url), 'utf8') });
  },
});

export default {
  input: 'src/main.tsx',
  output: { dir: 'dist', entryFileNames: 'dashboard.js', format: 'es' },
  plugins: [
    nodeResolve({ browser: true }),
    esbuild({ target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact', define: { 'process.env.NODE_ENV': '"production"' } }),
    terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false, ascii_only: true } }),
    staticFiles(),
  ],
};
