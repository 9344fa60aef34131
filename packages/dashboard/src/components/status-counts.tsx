import { STATUS_LABEL, STATUSES } from '../lib/format.js';
import type { Status } from '../types.js';

interface Props {
  counts: Record<Status, number>;
  selected: Status | '';
  onSelect: (s: Status | '') => void;
}

/** How many accounts are in each status; each is also the table's status filter. */
export function StatusCounts({ counts, selected, onSelect }: Props) {
  const total = STATUSES.reduce((n, s) => n + counts[s], 0);
  const card = (status: Status | '', label: string, n: number) => (
    <li key={status || 'all'}>
      <button type="button" class={`count count-${status || 'all'}`} aria-pressed={selected === status} onClick={() => onSelect(status)}>
        <span class="count-n">{n}</span> <span class="count-label">{label}</span>
      </button>
    </li>
  );
  return (
    <ul class="counts" aria-label="Accounts by status (select one to filter the table)">
      {card('', 'All accounts', total)}
      {STATUSES.map((s) => card(s, STATUS_LABEL[s]!, counts[s]))}
    </ul>
  );
}

export function countByStatus(accounts: Array<{ status: Status }>): Record<Status, number> {
  const counts: Record<Status, number> = { at_risk: 0, on_track: 0, activated: 0, no_data: 0 };
  for (const a of accounts) if (a.status in counts) counts[a.status]++;
  return counts;
}
