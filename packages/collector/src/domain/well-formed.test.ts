import { describe, expect, it } from 'vitest';
import { wellFormedJson } from './well-formed.js';

const roundTrip = (value: unknown) => JSON.parse(wellFormedJson(JSON.stringify(value)));

describe('wellFormedJson', () => {
  it('makes each half of a character U+FFFD, in values and keys, at any depth', () => {
    expect(roundTrip({ title: 'cut \ud83d', deep: [{ 'k\udc00': '\udfff' }] })).toEqual({
      title: 'cut \ufffd',
      deep: [{ 'k\ufffd': '\ufffd' }],
    });
  });

  it('tells a real escape from backslashes before it, however many there are', () => {
    const run = '\\'.repeat(100_000);
    expect(roundTrip({ even: `${run}\u0000`, odd: `${run}\\u0000`, half: `${run}\ud800` })).toEqual({
      even: `${run}\ufffd`,
      odd: `${run}\\u0000`,
      half: `${run}\ufffd`,
    });
  });

  it('makes U+0000 U+FFFD too', () => {
    expect(roundTrip({ 'a\u0000': ['\u0000b'], c: 'a\\u0000' })).toEqual({ 'a\ufffd': ['\ufffdb'], c: 'a\\u0000' });
  });

  it('leaves whole characters and text that only looks like an escape as they were', () => {
    const value = { emoji: 'ok \u{1F600}', literal: 'a\\ud800 b\\\\ud83d', mixed: '\\\ud800' };
    expect(roundTrip(value)).toEqual({ ...value, mixed: '\\\ufffd' });
    const text = JSON.stringify({ emoji: 'ok \u{1F600}', literal: 'a\\ud800' });
    expect(wellFormedJson(text)).toBe(text);
  });
});
