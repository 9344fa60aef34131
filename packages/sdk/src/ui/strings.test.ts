import { describe, expect, it } from 'vitest';
import { loadWords } from './locales/index.js';
import { accountWords } from './account/words.js';
import { LATER, en, fill, language, pickStrings } from './strings.js';

// English: the panel's words in firstwin.js, the account block's with its code.
const english = { ...en, ...accountWords };

describe("the SDK's words", () => {
  it('exist in every language for every key, with the same placeholders', async () => {
    for (const lang of LATER) {
      const words = await loadWords(lang);
      expect(Object.keys(words).sort(), lang).toEqual(Object.keys(english).sort());
      for (const key of Object.keys(english) as Array<keyof typeof english>) {
        expect((words as typeof english)[key].match(/\{\w+\}/g)?.sort(), `${lang}.${key}`).toEqual(english[key].match(/\{\w+\}/g)?.sort());
      }
    }
    await expect(loadWords('it')).rejects.toThrow();
  });

  it("take the language of a tag, and the vendor's own words over any language", async () => {
    expect([language('pt-BR'), language('de_AT'), language('JA'), language(undefined)]).toEqual(['pt', 'de', 'ja', '']);
    const de = pickStrings(await loadWords('de'), { gotIt: 'Alles klar', seats: '{n}/{m} Lizenzen', close: 3 } as never);
    expect(de.gotIt).toBe('Alles klar');
    expect(de.close).toBe('Schließen');
    // The account block's words are overridable too, though English for them is not in firstwin.js.
    expect(de.seats).toBe('{n}/{m} Lizenzen');
    expect(de.at_risk).toBe('Gefährdet');
    expect(pickStrings(undefined).showMe).toBe('Show me');
    expect(fill(en.progress, { n: 2, m: 4 })).toBe('2 of 4');
    expect(fill('{title}: {missing}', { title: 'A' })).toBe('A: {missing}');
  });
});
