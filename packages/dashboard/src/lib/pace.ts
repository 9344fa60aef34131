import type { Target } from '../types.js';

/** The collector's default until a project sets its own (SPEC: 70 % of seats by day 60). */
export const DEFAULT_TARGET: Target = { rate: 0.7, days: 60 };

/** The rate a linear pace toward the target expects on `day`, as the collector's status reads it. */
export const paceOn = (day: number, target: Target = DEFAULT_TARGET): number =>
  (target.rate * Math.min(Math.max(day, 0), target.days)) / target.days;
