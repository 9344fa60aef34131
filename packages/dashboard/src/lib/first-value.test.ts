import { expect, it } from 'vitest';
import { account } from '../test-helpers.js';
import { firstValueBy } from './first-value.js';

it('counts the accounts that reached first value by day 7, 14 and 30, never those without', () => {
  const accounts = [3, 7, 7.5, 14, 29, 31, null].map((d, i) => account(`a${i}`, { timeToFirstValueDays: d }));
  expect(firstValueBy(accounts)).toEqual([2, 4, 5]);
});
