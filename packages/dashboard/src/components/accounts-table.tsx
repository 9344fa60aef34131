import { useMemo, useState } from 'preact/hooks';
import { query, type AccountRow, type Filter, type Sort } from '../lib/account-rows.js';
import { DASH, days, dateTime } from '../lib/format.js';
import { accountHref } from '../lib/route.js';
import { HealthMeter } from './health-meter.js';
import { Pager } from './pager.js';
import { RateBar } from './rate-bar.js';
import { SortHeader } from './sort-header.js';
import { StatusBadge } from './status-badge.js';

export const PAGE_SIZE = 50;

interface Props {
  rows: AccountRow[];
  filter: Filter;
  onFilter: (f: Filter) => void;
}

/** Ten thousand accounts stay fast: sorted and filtered in memory, fifty rows in the DOM. */
export function AccountsTable({ rows, filter, onFilter }: Props) {
  const [sort, setSort] = useState<Sort>({ key: 'status', dir: 'asc' });
  const [page, setPage] = useState(0);
  const shown = useMemo(() => query(rows, filter, sort), [rows, filter, sort]);
  const pages = Math.ceil(shown.length / PAGE_SIZE);
  const at = Math.min(page, Math.max(0, pages - 1));
  const slice = shown.slice(at * PAGE_SIZE, (at + 1) * PAGE_SIZE);
  const head = (label: string, column: Sort['key'], numeric?: boolean) => (
    <SortHeader
      label={label}
      column={column}
      sort={sort}
      onSort={(s) => {
        setSort(s);
        setPage(0);
      }}
      numeric={numeric}
    />
  );
  return (
    <section aria-labelledby="accounts-table-title">
      <div class="toolbar">
        <h2 id="accounts-table-title">Account list</h2>
        <label class="search">
          <span>Find</span>
          <input
            type="search"
            value={filter.text}
            placeholder="Name or id"
            onInput={(e) => {
              onFilter({ ...filter, text: (e.target as HTMLInputElement).value });
              setPage(0);
            }}
          />
        </label>
      </div>
      <div class="scroll" role="region" aria-label="Accounts table" tabIndex={0}>
        <table class="accounts">
          <thead>
            <tr>
              {head('Account', 'name')}
              {head('Status', 'status')}
              {head('Seats', 'seats', true)}
              {head('Activated', 'activated', true)}
              {head('Rate vs pace', 'rate')}
              {head('Health', 'health', true)}
              {head('First value', 'ttfv', true)}
              {head('Since signing', 'signedDays', true)}
              {head('Last activity', 'lastActivity')}
            </tr>
          </thead>
          <tbody>
            {slice.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <a href={accountHref(r.id)}>{r.name}</a>
                </th>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td class="num">
                  {r.seats}
                  {r.seatsKnown ? '' : <span class="muted"> *</span>}
                </td>
                <td class="num">{r.activated}</td>
                <td>
                  <RateBar rate={r.rate} pace={r.signedDays === null ? null : r.pace} />
                </td>
                <td class="num">
                  <HealthMeter score={r.health} />
                </td>
                <td class="num">{days(r.ttfv)}</td>
                <td class="num">{days(r.signedDays)}</td>
                <td>{r.lastActivity === null ? DASH : dateTime(new Date(r.lastActivity).toISOString())}</td>
              </tr>
            ))}
            {slice.length === 0 && (
              <tr>
                <td colSpan={9} class="empty">
                  No account matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p class="note">* seats not provisioned: the rate counts the account's known users.</p>
      <Pager page={at} pages={pages} total={shown.length} onPage={setPage} />
    </section>
  );
}
