import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deeperThan } from './depth.js';

/** The depth of a parsed value, counted the plain way. */
const depthOf = (v: unknown): number =>
  typeof v !== 'object' || v === null ? 0 : 1 + Math.max(0, ...Object.values(v).map(depthOf));

describe('deeperThan', () => {
  it('finds the depth JSON.parse would build, strings with brackets, quotes and backslashes included', () => {
    const text = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(fc.property(value, fc.integer({ min: 0, max: 8 }), (v, max) => {
      const depth = depthOf(v);
      return (deeperThan(JSON.stringify(v), max) === -1) === (depth <= max);
    }), { numRuns: 20_000 });
  });

  it('stops at the first character past the limit', () => {
    expect(deeperThan('['.repeat(10_000) + ']'.repeat(10_000), 64)).toBe(64);
    expect(deeperThan(`{"a":"${'['.repeat(100)}"}`, 2)).toBe(-1);
  });
});
