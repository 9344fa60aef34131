import { useMemo, useState } from 'preact/hooks';
import type { Api } from '../api.js';
import { AccountsTable } from '../components/accounts-table.js';
import { FirstValueChart } from '../components/first-value-chart.js';
import { LoadState } from '../components/load-state.js';
import { PageTitle } from '../components/page-title.js';
import { StatusCounts, countByStatus } from '../components/status-counts.js';
import { toRows, type Filter } from '../lib/account-rows.js';
import { DEFAULT_TARGET } from '../lib/pace.js';
import { optional, useLoad } from '../lib/use-load.js';

export function AccountsPage({ api, now }: { api: Api; now: () => number }) {
  const [loaded, retry] = useLoad(() => Promise.all([api.accounts(), optional(api.target())]), [api]);
  const [filter, setFilter] = useState<Filter>({ text: '', status: '' });
  const accounts = loaded.state === 'done' ? loaded.value[0] : null;
  const target = (loaded.state === 'done' && loaded.value[1]) || DEFAULT_TARGET;
  const rows = useMemo(() => (accounts ? toRows(accounts, target, now()) : []), [accounts, target]);
  const counts = useMemo(() => countByStatus(accounts ?? []), [accounts]);
  return (
    <main id="main">
      <div class="page-head">
        <PageTitle title="Accounts" />
        {accounts && (
          <a class="button" href={api.csvUrl(filter.status || undefined)} download="accounts.csv">
            Download CSV{filter.status ? ' (this status)' : ''}
          </a>
        )}
      </div>
      <LoadState loaded={loaded} retry={retry} />
      {accounts && (
        <>
          <StatusCounts counts={counts} selected={filter.status} onSelect={(status) => setFilter({ ...filter, status })} />
          <p class="muted target">
            Pace: {Math.round(target.rate * 100)} % of seats by day {target.days} after signing.
          </p>
          <div class="grid">
            <AccountsTable rows={rows} filter={filter} onFilter={setFilter} />
            <FirstValueChart accounts={accounts} />
          </div>
        </>
      )}
    </main>
  );
}
