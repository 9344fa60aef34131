import type { Api } from '../api.js';
import { AccountWebhooks } from '../components/account-webhooks.js';
import { Funnel } from '../components/funnel.js';
import { HealthMeter } from '../components/health-meter.js';
import { LoadState } from '../components/load-state.js';
import { PageTitle } from '../components/page-title.js';
import { PeopleTable } from '../components/people-table.js';
import { RolesTable } from '../components/roles-table.js';
import { StatusBadge } from '../components/status-badge.js';
import { TimelineChart } from '../components/timeline-chart.js';
import { accountName, date, days, daysSince, percent } from '../lib/format.js';
import { optional, useLoad } from '../lib/use-load.js';

/** One account's story: the timeline against pace, its roles, its funnels, its people, its webhooks. */
export function AccountPage({ api, accountId, now }: { api: Api; accountId: string; now: () => number }) {
  const [loaded, retry] = useLoad(
    () => Promise.all([api.account(accountId), api.users(accountId), optional(api.timeline(accountId)), optional(api.checklists())]),
    [api, accountId],
  );
  if (loaded.state !== 'done') {
    return (
      <main id="main">
        <p>
          <a href="#/accounts">← All accounts</a>
        </p>
        <PageTitle title={loaded.state === 'failed' && loaded.error.status === 404 ? 'Account not found' : accountId} />
        <LoadState loaded={loaded} retry={retry} />
      </main>
    );
  }
  const [a, users, timeline, checklists] = loaded.value;
  const cp = a.checkpoints;
  return (
    <main id="main">
      <p>
        <a href="#/accounts">← All accounts</a>
      </p>
      <div class="page-head">
        <PageTitle title={accountName(a)} />
        <StatusBadge status={a.status} />
      </div>
      <dl class="facts">
        <div>
          <dt>Activated seats</dt>
          <dd>
            {a.activatedSeats} of {a.seats}
            {a.seatsKnown ? '' : ' known users'} ({percent(a.seatActivationRate)})
          </dd>
        </div>
        <div>
          <dt>Health</dt>
          <dd>
            <HealthMeter score={a.health?.score ?? null} health={a.health} />
          </dd>
        </div>
        <div>
          <dt>Signed</dt>
          <dd>
            {date(a.signedAt)}
            {a.signedAt ? ` (${days(daysSince(a.signedAt, now()))} ago)` : ''}
          </dd>
        </div>
        <div>
          <dt>Time to first value</dt>
          <dd>{days(a.timeToFirstValueDays)}</dd>
        </div>
        {cp && (
          <div>
            <dt>By day 30 / 60 / 90</dt>
            <dd>
              {percent(cp.d30)} / {percent(cp.d60)} / {percent(cp.d90)}
            </dd>
          </div>
        )}
      </dl>
      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Activated seats against pace</h2>
        {timeline ? <TimelineChart timeline={timeline} /> : <p class="muted">This collector has no timeline yet.</p>}
      </section>
      <div class="grid two">
        <section class="card" aria-labelledby="roles-title">
          <h2 id="roles-title">Roles</h2>
          <RolesTable byRole={a.byRole} />
        </section>
        <section class="card" aria-labelledby="funnel-title">
          <h2 id="funnel-title">Checklist funnel</h2>
          <Funnel account={a} checklists={checklists} />
        </section>
      </div>
      <section class="card" aria-labelledby="people-title">
        <h2 id="people-title">People</h2>
        <PeopleTable users={users} />
      </section>
      <section class="card" aria-labelledby="fired-title">
        <h2 id="fired-title">Webhooks it fired</h2>
        <AccountWebhooks api={api} accountId={a.accountId} />
      </section>
    </main>
  );
}
