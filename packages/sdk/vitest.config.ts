import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain .mjs module shared with rollup.config.mjs, without types of its own
import { cssText } from './css-text.mjs';

export default defineConfig({
  // `import css from './styles.css?raw'` gives the same minified text as the build.
  plugins: [cssText],
  // Classic JSX, as rollup.config.mjs builds it: every .tsx imports `h` from preact.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  test: {
    environment: 'happy-dom',
    // Otherwise vitest empties every stylesheet it imports, `?raw` text included.
    css: { include: [/\.css\?raw$/] },
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
  },
});
