import css from './styles.css?raw';
import type { Loaders } from './types.js';

/**
 * The ESM entry's stylesheet: its text is in the code (rollup.config.mjs inlines styles.css),
 * adopted at once. An app's bundler then needs no loader for CSS and no vendor copies a file
 * to serve beside its bundle; only the script tag, which is served as a folder anyway, links
 * dist/firstwin.css (src/script-loader.ts) to keep that text out of firstwin.js.
 */
export const inlineStyles: Loaders['styles'] = ({ addStyles }) => addStyles(css);
