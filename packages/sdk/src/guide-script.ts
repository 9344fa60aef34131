import { h, render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { GuideModule } from './ui/index.js';

/**
 * The window property the guide script (dist/firstwin-guide.js) reads this bundle's Preact
 * from and writes its code to: one copy of Preact on the page, whose hooks and renderer
 * the guide shares. The names are those the guide imports; rollup.config.mjs refuses to
 * build a guide that imports any other.
 */
export const SHARED = '__firstwinGuide';

interface Shared {
  preact: object;
  hooks: object;
  guide?: GuideModule;
}

/**
 * Loads the guide script from `src` (beside firstwin.js, so `script-src 'self'` allows
 * it). A failed load leaves nothing behind, so the next call fetches again.
 */
export const guideScript = (doc: Document, src: string) => (): Promise<GuideModule> =>
  new Promise((resolve, reject) => {
    const win = doc.defaultView as unknown as Record<string, Shared | undefined>;
    const shared = (win[SHARED] ??= { preact: { h, render }, hooks: { useLayoutEffect, useRef } });
    if (shared.guide) return resolve(shared.guide);
    const script = doc.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => {
      script.remove();
      if (shared.guide) resolve(shared.guide);
      else reject(new Error(`${src} did not define the guide`));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`could not load ${src}`));
    };
    doc.head.append(script);
  });
