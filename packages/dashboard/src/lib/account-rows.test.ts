import { expect, it } from 'vitest';
import { NOW, account } from '../test-helpers.js';
import { query, toRows } from './account-rows.js';
import { DEFAULT_TARGET } from './pace.js';

const rows = toRows(
  [
    account('a', {
      name: 'Zeta',
      health: { score: 40, seatPace: 0.5, milestones: 0.5, sponsor: 0 },
      status: 'activated',
      lastActivityAt: '2026-11-30T09:00:00Z',
    }),
    account('b', { name: 'alpha', status: 'at_risk', signedAt: null }),
    account('c', {
      name: 'Mid',
      health: { score: 90, seatPace: 1, milestones: 1, sponsor: 1 },
      status: 'on_track',
      lastActivityAt: '2026-11-29T00:00:00Z',
    }),
  ],
  DEFAULT_TARGET,
  NOW,
);

const names = (r: typeof rows) => r.map((x) => x.name);

it('derives days since signing and the pace the status reads', () => {
  // Signed 1 Nov, now 30 Nov noon: 29 whole days; 70 % by day 60, linear.
  expect(rows[0]).toMatchObject({ signedDays: 29, pace: (0.7 * 29) / 60, health: 40, lastActivity: Date.parse('2026-11-30T09:00:00Z') });
  expect(rows[1]).toMatchObject({ signedDays: null, pace: 0, health: null, lastActivity: null });
});

it('sorts by status worst first, and by a column with unknown values last in both directions', () => {
  expect(names(query(rows, { text: '', status: '' }, { key: 'status', dir: 'asc' }))).toEqual(['alpha', 'Mid', 'Zeta']);
  expect(names(query(rows, { text: '', status: '' }, { key: 'health', dir: 'desc' }))).toEqual(['Mid', 'Zeta', 'alpha']);
  expect(names(query(rows, { text: '', status: '' }, { key: 'health', dir: 'asc' }))).toEqual(['Zeta', 'Mid', 'alpha']);
  expect(names(query(rows, { text: '', status: '' }, { key: 'name', dir: 'asc' }))).toEqual(['alpha', 'Mid', 'Zeta']);
  // Last activity as a time, the account never seen last either way.
  expect(names(query(rows, { text: '', status: '' }, { key: 'lastActivity', dir: 'desc' }))).toEqual(['Zeta', 'Mid', 'alpha']);
  expect(names(query(rows, { text: '', status: '' }, { key: 'lastActivity', dir: 'asc' }))).toEqual(['Mid', 'Zeta', 'alpha']);
});

it('filters by status and by a piece of the name or id, case aside', () => {
  expect(names(query(rows, { text: '', status: 'at_risk' }, { key: 'name', dir: 'asc' }))).toEqual(['alpha']);
  expect(names(query(rows, { text: 'ZET', status: '' }, { key: 'name', dir: 'asc' }))).toEqual(['Zeta']);
  expect(names(query(rows, { text: 'c', status: '' }, { key: 'name', dir: 'asc' }))).toEqual(['Mid']);
  expect(query(rows, { text: 'nothing', status: '' }, { key: 'name', dir: 'asc' })).toEqual([]);
});

it('leaves the rows it was given in their order', () => {
  query(rows, { text: '', status: '' }, { key: 'name', dir: 'desc' });
  expect(names(rows)).toEqual(['Zeta', 'alpha', 'Mid']);
});
