import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deeperThan } from './depth.js';

/** The depth of a parsed value, counted the plain way. */
const depthOf = (v: unknown): number => (typeof v !== 'object' || v === null ? 0 : 1 + Math.max(0, ...Object.values(v).map(depthOf)));

describe('deeperThan', () => {
  it('finds the depth a value nests to, as counted the plain way', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), (v, max) => deeperThan(v, max) === depthOf(v) > max),
      { numRuns: 20_000 },
    );
  });

  it('walks a value nested far past any stack without recursion', () => {
    expect(deeperThan(JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)), 64)).toBe(true);
    expect(deeperThan(JSON.parse('['.repeat(64) + ']'.repeat(64)), 64)).toBe(false);
    expect(deeperThan(JSON.parse('['.repeat(65) + ']'.repeat(65)), 64)).toBe(true);
  });
});
