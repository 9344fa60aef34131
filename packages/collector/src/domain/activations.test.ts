import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activatedBy, insertActivation, removeActivation } from './activations.js';

describe('activation moments kept sorted', () => {
  it('count who activated at or before a moment', () => {
    const sorted = [1, 5, 5, 9];
    expect([0, 1, 4, 5, 8, 9, 10].map((m) => activatedBy(sorted, m))).toEqual([0, 1, 1, 3, 3, 4, 4]);
    expect(activatedBy([], 7)).toBe(0);
  });

  it('added and taken away in any order, equal the sorted list of who is left', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }), (moments, picks) => {
        const kept: number[] = [];
        for (const m of moments) insertActivation(kept, m);
        const left = [...moments];
        for (const p of picks) {
          if (left.length === 0) break;
          const [m] = left.splice(p % left.length, 1);
          expect(removeActivation(kept, m!)).toBe(true);
        }
        expect(kept).toEqual(left.sort((a, b) => a - b));
      }),
    );
  });

  it('say so when there is no such activation to take away', () => {
    const sorted = [3, 8];
    expect(removeActivation(sorted, 5)).toBe(false);
    expect(removeActivation([], 5)).toBe(false);
    expect(sorted).toEqual([3, 8]);
  });
});
