import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, expect, it } from 'vitest';
import { toRows, type Filter } from '../lib/account-rows.js';
import { DEFAULT_TARGET } from '../lib/pace.js';
import { NOW, account } from '../test-helpers.js';
import { AccountsTable, PAGE_SIZE } from './accounts-table.js';

afterEach(cleanup);

const many = toRows(
  Array.from({ length: 10_000 }, (_, i) =>
    account(`acct-${String(i).padStart(5, '0')}`, {
      activatedSeats: i % 11,
      seats: 10,
      seatActivationRate: (i % 11) / 10,
    }),
  ),
  DEFAULT_TARGET,
  NOW,
);

function Table() {
  const [filter, setFilter] = useState<Filter>({ text: '', status: '' });
  return <AccountsTable rows={many} filter={filter} onFilter={setFilter} />;
}

const bodyRows = () => within(screen.getByRole('table')).getAllByRole('rowheader');

it('shows ten thousand accounts a page at a time', () => {
  render(<Table />);
  expect(bodyRows()).toHaveLength(PAGE_SIZE);
  expect(screen.getByText(`Page 1 of ${10_000 / PAGE_SIZE} · 10000 accounts`)).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', true);
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  expect(bodyRows()[0]!.textContent).toBe(`ACCT-000${PAGE_SIZE}`);
});

it('sorts by a column header, says so with aria-sort, and goes back to page one', () => {
  render(<Table />);
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  const header = screen.getByRole('button', { name: 'Activated' });
  fireEvent.click(header);
  expect(header.closest('th')!.getAttribute('aria-sort')).toBe('descending');
  expect(bodyRows()[0]!.closest('tr')!.textContent).toContain('100 %');
  expect(screen.getByText(/^Page 1 of/)).toBeTruthy();
  fireEvent.click(header);
  expect(header.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
  expect(bodyRows()[0]!.textContent).toBe('ACCT-00000');
});

it('draws each rate with the pace marker, and names both for screen readers', () => {
  render(<Table />);
  const bar = within(screen.getByRole('table')).getAllByRole('img')[1]!;
  expect(bar.getAttribute('aria-label')).toBe('10 % of seats activated, pace 34 %');
  expect((bar.querySelector('.ratebar-pace') as HTMLElement).style.left).toBe('33.8%');
});

it('says so when nothing matches', () => {
  render(<Table />);
  fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'no such account' } });
  expect(screen.getByText('No account matches.')).toBeTruthy();
  expect(screen.getByText('Page 1 of 1 · 0 accounts')).toBeTruthy();
});
