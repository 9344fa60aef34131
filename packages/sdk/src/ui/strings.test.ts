import { describe, expect, it } from 'vitest';
import { loadWords } from './locales/index.js';
import { LATER, en, fill, language, pickStrings } from './strings.js';

describe("the SDK's words", () => {
  it('exist in every language for every key, with the same placeholders', async () => {
    for (const lang of LATER) {
      const words = await loadWords(lang);
      expect(Object.keys(words).sort(), lang).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        expect(words[key].match(/\{\w+\}/g)?.sort(), `${lang}.${key}`).toEqual(en[key].match(/\{\w+\}/g)?.sort());
      }
    }
    await expect(loadWords('it')).rejects.toThrow();
  });

  it("take the language of a tag, and the vendor's own words over any language", async () => {
    expect([language('pt-BR'), language('de_AT'), language('JA'), language(undefined)]).toEqual(['pt', 'de', 'ja', '']);
    const de = pickStrings(await loadWords('de'), { gotIt: 'Alles klar', nope: 'x', close: 3 } as never);
    expect(de.gotIt).toBe('Alles klar');
    expect(de.close).toBe('Schließen');
    expect(de).not.toHaveProperty('nope');
    expect(pickStrings(undefined).showMe).toBe('Show me');
    expect(fill(en.progress, { n: 2, m: 4 })).toBe('2 of 4');
    expect(fill('{title}: {missing}', { title: 'A' })).toBe('A: {missing}');
  });
});
