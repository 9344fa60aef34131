import { describe, expect, it } from 'vitest';
import { DAY, T0 } from '../../test-helpers.js';
import { checkpointsOf } from './checkpoints.js';

const days = (...d: number[]) => d.map((x) => T0 + x * DAY);

describe('30/60/90-day checkpoints', () => {
  it('count people activated by each day, and null for a day not reached yet', () => {
    const activations = days(-2, 3, 30, 45, 61);
    expect(checkpointsOf(activations, 10, T0, T0 + 29.9 * DAY)).toEqual({ d30: null, d60: null, d90: null });
    // Day 30 itself counts: the cut `within=30d` makes.
    expect(checkpointsOf(activations, 10, T0, T0 + 30 * DAY)).toEqual({ d30: 0.3, d60: null, d90: null });
    expect(checkpointsOf(activations, 10, T0, T0 + 200 * DAY)).toEqual({ d30: 0.3, d60: 0.4, d90: 0.5 });
  });

  it("start from the account's own start", () => {
    expect(checkpointsOf(days(31), 4, T0 + 2 * DAY, T0 + 95 * DAY)).toEqual({ d30: 0.25, d60: 0.25, d90: 0.25 });
  });

  it('give 0 without seats or people', () => {
    expect(checkpointsOf([], 0, T0, T0 + 95 * DAY)).toEqual({ d30: 0, d60: 0, d90: 0 });
  });
});
