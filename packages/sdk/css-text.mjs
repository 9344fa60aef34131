// The UI's stylesheet as the builds ship it, one minifier for rollup.config.mjs and vitest.config.ts.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A stylesheet without its comments and line breaks (src/ui/styles.css keeps one rule per line). */
export const minifiedCss = (file) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.trim())
    .join('');

/** `import css from './x.css?raw'`: the minified text as a string (src/ui/inline-styles.ts). */
export const cssText = {
  name: 'firstwin-css-text',
  enforce: 'pre',
  resolveId: (source, importer) => (source.endsWith('.css?raw') && importer ? resolve(dirname(importer), source) : null),
  load: (id) => (id.endsWith('.css?raw') ? `export default ${JSON.stringify(minifiedCss(id.slice(0, -'?raw'.length)))};` : null),
};
