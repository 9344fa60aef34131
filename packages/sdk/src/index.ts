import { browserPlatform } from './core/browser-platform.js';
import { createInstance } from './core/instance.js';
import type { Firstwin, InitOptions } from './core/types.js';
import { inlineStyles } from './ui/inline-styles.js';
import { loadWords } from './ui/locales/index.js';

/** Starts Firstwin on this page: the ESM twin of `window.Firstwin` with `init(options)` already called. */
export function createFirstwin(options: InitOptions): Firstwin {
  // Dynamic imports: the app's bundler splits the guide code, the account block and the words of other
  // languages off, and they load when first needed. The stylesheet is in the code.
  const fw = createInstance(
    browserPlatform({
      guide: () => import('./ui/guide/index.js'),
      account: () => import('./ui/account/index.js'),
      words: loadWords,
      styles: inlineStyles,
    }),
  );
  fw.init(options);
  return fw;
}

export type {
  Checklist,
  ChecklistItem,
  Firstwin,
  FirstwinEvents,
  FirstwinEventType,
  GroupTraits,
  IdentifyTraits,
  InitOptions,
  Progress,
  ProgressSnapshot,
} from './core/types.js';
export type { Strings } from './ui/index.js';
