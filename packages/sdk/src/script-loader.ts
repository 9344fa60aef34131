import { h, render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AccountModule, GuideModule, Loaders, Strings } from './ui/index.js';
import { LATER } from './ui/strings.js';

/**
 * The window property through which the script tag's other files (dist/firstwin-guide.js,
 * dist/firstwin-<lang>.js) take this bundle's Preact and hand back what they define: one
 * copy of Preact on the page, whose renderer and hooks the guide shares. The names are
 * those the guide imports; rollup.config.mjs refuses to build a guide that imports others.
 */
export const SHARED = '__firstwin';

type Shared = { preact: object; hooks: object } & Record<string, unknown>;

/**
 * The script tag's loaders: same-origin files from `base` (the folder of firstwin.js, so
 * `script-src 'self'` and `style-src 'self'` allow them). A failed load leaves nothing
 * behind: the next call fetches again.
 */
export function scriptLoaders(doc: Document, base: string): Loaders {
  const win = doc.defaultView as unknown as Record<string, Shared | undefined>;
  // `key`: what the file defines on the shared property, and its name (firstwin-<key>.js).
  const load = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const shared = (win[SHARED] ??= { preact: { h, render }, hooks: { useLayoutEffect, useRef } });
      const done = () => shared[key] as T | undefined;
      if (done()) return resolve(done()!);
      const src = new URL(`firstwin-${key}.js`, base).href;
      const script = doc.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = script.onerror = (e) => {
        script.remove();
        const value = done();
        if (value) resolve(value);
        else reject(new Error(`could not load ${src}${typeof e === 'object' && e.type === 'load' ? ' (it defined nothing)' : ''}`));
      };
      doc.head.append(script);
    });
  return {
    // The UI's stylesheet, linked in its shadow root rather than carried in firstwin.js as text.
    styles: ({ root }) =>
      new Promise((resolve, reject) => {
        const link = doc.createElement('link');
        link.rel = 'stylesheet';
        link.href = new URL('firstwin.css', base).href;
        link.onload = () => resolve();
        link.onerror = () => {
          link.remove();
          reject(new Error(`could not load ${link.href}`));
        };
        root.prepend(link);
      }),
    guide: () => load<GuideModule>('guide'),
    account: () => load<AccountModule>('account'),
    words: (lang) =>
      LATER.includes(lang) ? load<{ words: Strings }>(lang).then((m) => m.words) : Promise.reject(new Error(`no words for "${lang}"`)),
  };
}
