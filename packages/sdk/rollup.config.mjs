import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { cssText, minifiedCss } from './css-text.mjs';

/** `minify`: esbuild's, for the npm entries (bundled again by apps, where terser's output came out larger). */
const ts = (minify = false) => esbuild({ target: 'es2020', jsx: 'transform', jsxFactory: 'h', jsxFragment: 'Fragment', minify });
// npm users' bundlers dedupe these with the rest of their app.
const external = (id) => /^(idb-keyval|preact|@floating-ui\/dom)(\/|$)/.test(id);
/*
 * Property names only firstwin.js's own modules use on objects of their own (the instance's
 * shared state, its sessions, the delivery's and the UI's internals), which terser cannot
 * shorten by itself. Never one that crosses a boundary: no API or option name (open,
 * progress, flush, checklists, debug…), no wire or stored field (userId, userHash, token,
 * hits, remote, dismissed, closed, kind…), no DOM, Preact or idb-keyval name (state,
 * current, render, remove, hidden, language…), and none the other files of the script
 * tag read (the guide host's doc, root, strings, announce, addStyles; showGuide; a guide's
 * onMissing, onClose; the shared preact, hooks, guide). A name added here must pass that
 * test; the end-to-end suite runs this build. (Terser also leaves every name it knows from
 * the DOM alone, whatever the list says.)
 */
const INTERNAL = new RegExp(
  `^(${[
    'platform',
    'emitter',
    'config',
    'delivery',
    'session',
    'record',
    'pending',
    'justCompleted',
    'reopened',
    'quiet',
    'checklist',
    'createDelivery',
    'createUserStore',
    'mountUI',
    'uuid',
    'guideElsewhere',
    'takePendingGuide',
    'persist',
    'change',
    'applyPending',
    'syncFromStore',
    'mergeRemote',
    'setOpen',
    'closeBy',
    'hideGuide',
    'whenKnown',
    'withPerson',
    'identified',
    'forget',
    'loadChecklists',
    'saveChecklists',
    'enqueue',
    'emit',
    'mine',
    'settle',
    'shared',
    'visible',
    'alone',
    'sent',
    'changed',
    'later',
    'actions',
    'counts',
    'onComplete',
    'onGuide',
    'celebrate',
    'celebrated',
    'account',
    'refreshAccount',
  ].join('|')})$`,
);
/*
 * `main`: firstwin.js also takes terser's `unsafe` rewrites (String(x) and templates to
 * concatenation, Boolean(x) to !!x, `new Error` to `Error`; 38 B gzip): checked line by line
 * on its output, they leave Preact as it was and only touch our strings, numbers and errors,
 * for which they mean the same. Not on the guide, where they would reorder Floating UI's arithmetic.
 */
const minify = (main = false) =>
  terser({
    ecma: 2020,
    module: true,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe: main },
    ...(main && { mangle: { properties: { regex: INTERNAL } } }),
    // ASCII only: a page that names no charset would read a raw × as two Latin-1 characters.
    format: { comments: false, ascii_only: true },
  });

/*
 * The script tag's code split. dist/firstwin.js is a classic script (an IIFE: the tag has
 * no type="module"), and an IIFE cannot share modules with a chunk, so the guide is a second
 * IIFE that takes Preact from the first instead of carrying its own copy: its imports of
 * preact and preact/hooks are external, read from the window property firstwin.js fills in
 * before it adds the guide's <script> (src/script-loader.ts), and it writes its exports
 * there (`output.name`). Rollup does exactly this for IIFEs with `globals`; an ESM build
 * with chunks would need a module script, which the documented tag is not. This check
 * refuses a guide that needs a name the main bundle does not hand over (it would fail only
 * in the browser).
 */
const SHARED = '__firstwin';
const LANGUAGES = ['de', 'fr', 'es', 'pt', 'ja'];
const HANDED_OVER = { preact: ['h', 'render'], 'preact/hooks': ['useLayoutEffect', 'useRef'] };
const handedOver = {
  name: 'firstwin-shared-names',
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) {
      for (const [from, names] of Object.entries(chunk.importedBindings ?? {})) {
        const missing = names.filter((n) => !HANDED_OVER[from]?.includes(n));
        if (missing.length)
          this.error(`${chunk.fileName} imports ${missing.join(', ')} from ${from}: hand it over in src/script-loader.ts and HANDED_OVER`);
      }
    }
  },
};

/*
 * The UI's stylesheet, src/ui/styles.css, minified (css-text.mjs): written as
 * dist/firstwin.css beside the script tag (which links it), and the text of
 * `import css from './styles.css?raw'` for the ESM entry (src/ui/inline-styles.ts).
 */
const STYLES = 'src/ui/styles.css';
const cssFile = {
  name: 'firstwin-css-file',
  buildStart() {
    this.addWatchFile(STYLES);
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'firstwin.css', source: minifiedCss(STYLES) });
  },
};

export default [
  // DOM-free evaluator the collector imports, so SDK and collector never disagree.
  { input: 'src/rules/index.ts', output: { file: 'dist/rules.js', format: 'es' }, plugins: [ts()] },
  // The ESM entry; its dynamic imports (the guide, each language) become chunks of their
  // own, which an app's bundler splits off the same way. It and the tracking entry ship
  // minified, as Preact's ESM does, with source maps: an app that does not minify its
  // dependencies again still sends its users the budgeted bytes, and a stack trace still
  // reads as the source. esbuild minifies them: an app's bundler minifying terser's output
  // again made the tracking entry 14 B larger than from esbuild's (4 097 against 4 084 B gzip).
  {
    input: 'src/index.ts',
    external,
    output: { dir: 'dist', format: 'es', entryFileNames: 'index.js', chunkFileNames: 'index-[name].js', sourcemap: true },
    plugins: [cssText, ts(true)],
  },
  // Tracking alone (no UI, no rules) for pages without a checklist.
  { input: 'src/track.ts', external, output: { file: 'dist/track.js', format: 'es', sourcemap: true }, plugins: [ts(true)] },
  {
    // The script-tag bundle: what a page needs at load, Preact included, in one minified IIFE,
    // and beside it the stylesheet it links.
    input: 'src/script-tag.ts',
    output: { file: 'dist/firstwin.js', format: 'iife' },
    plugins: [nodeResolve({ browser: true }), ts(), minify(true), cssFile],
  },
  {
    // The guide, fetched from beside firstwin.js the first time a guide starts.
    input: 'src/ui/guide/index.ts',
    external: Object.keys(HANDED_OVER),
    output: {
      file: 'dist/firstwin-guide.js',
      format: 'iife',
      name: `${SHARED}.guide`,
      extend: true,
      globals: { preact: `${SHARED}.preact`, 'preact/hooks': `${SHARED}.hooks` },
    },
    plugins: [nodeResolve({ browser: true }), ts(), minify(), handedOver],
  },
  {
    // The account block (a checklist with showAccountProgress), fetched from beside firstwin.js
    // the first time such a checklist shows; Preact's h comes from firstwin.js as for the guide.
    input: 'src/ui/account/index.ts',
    external: Object.keys(HANDED_OVER),
    output: {
      file: 'dist/firstwin-account.js',
      format: 'iife',
      name: `${SHARED}.account`,
      extend: true,
      globals: { preact: `${SHARED}.preact`, 'preact/hooks': `${SHARED}.hooks` },
    },
    plugins: [ts(), minify(), handedOver],
  },
  // The SDK's words in each language besides English, fetched by pages in that language.
  ...LANGUAGES.map((lang) => ({
    input: `src/ui/locales/${lang}.ts`,
    output: { file: `dist/firstwin-${lang}.js`, format: 'iife', name: `${SHARED}.${lang}`, extend: true },
    plugins: [ts(), minify()],
  })),
];
