/** A stylesheet's text, imported by src/ui/inline-styles.ts (rollup.config.mjs and vitest resolve it). */
declare module '*.css?raw' {
  const text: string;
  export default text;
}
