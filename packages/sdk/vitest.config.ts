import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Classic JSX, as rollup.config.mjs builds it: every .tsx imports `h` from preact.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
  },
});
