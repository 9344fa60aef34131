import type { Sort, SortKey } from '../lib/account-rows.js';

interface Props {
  label: string;
  column: SortKey;
  sort: Sort;
  onSort: (s: Sort) => void;
  numeric?: boolean;
}

/** A column header that sorts on click or Enter; `aria-sort` says how it is sorted now. */
export function SortHeader({ label, column, sort, onSort, numeric }: Props) {
  const active = sort.key === column;
  const next = active && sort.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" class={numeric ? 'num' : undefined} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" class="sort" onClick={() => onSort({ key: column, dir: active ? next : numeric ? 'desc' : 'asc' })}>
        {label}
        <span aria-hidden="true" class="sort-arrow">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
