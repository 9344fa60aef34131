import { browserPlatform } from './core/browser-platform.js';
import { createInstance } from './core/instance.js';
import type { Firstwin, InitOptions } from './core/types.js';

/** Starts Firstwin on this page: the ESM twin of `window.Firstwin` with `init(options)` already called. */
export function createFirstwin(options: InitOptions): Firstwin {
  // A dynamic import: the app's bundler splits the guide code off and loads it when a guide starts.
  const fw = createInstance(browserPlatform(() => import('./ui/guide/index.js')));
  fw.init(options);
  return fw;
}

export type {
  Checklist, ChecklistItem, Firstwin, FirstwinEvents, FirstwinEventType, GroupTraits, IdentifyTraits, InitOptions, Progress,
  ProgressSnapshot,
} from './core/types.js';
export type { Strings } from './ui/index.js';
