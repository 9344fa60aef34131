import type { Strings } from '../strings.js';

/** For bundlers: each language a chunk of its own, fetched only by pages in it. */
export const loadWords = (lang: string): Promise<Strings> => {
  const table = {
    de: () => import('./de.js'),
    fr: () => import('./fr.js'),
    es: () => import('./es.js'),
    pt: () => import('./pt.js'),
    ja: () => import('./ja.js'),
  }[lang];
  return table ? table().then((m) => m.words) : Promise.reject(new Error(`no words for "${lang}"`));
};
