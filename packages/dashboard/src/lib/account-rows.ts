import type { AccountSummary, Status, Target } from '../types.js';
import { accountName, daysSince } from './format.js';
import { paceOn } from './pace.js';

/** One account as the table shows and sorts it: derived once, not on every sort. */
export interface AccountRow {
  id: string;
  name: string;
  status: Status;
  seats: number;
  seatsKnown: boolean;
  activated: number;
  rate: number;
  pace: number;
  health: number | null;
  ttfv: number | null;
  signedDays: number | null;
  /** Epoch ms: sorted as a number, not as text. */
  lastActivity: number | null;
}

export type SortKey = 'name' | 'status' | 'seats' | 'activated' | 'rate' | 'health' | 'ttfv' | 'signedDays' | 'lastActivity';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export interface Filter {
  text: string;
  status: Status | '';
}

// Worst first when sorting by status ascending: the accounts that need a call.
const STATUS_ORDER: Record<Status, number> = { at_risk: 0, on_track: 1, no_data: 2, activated: 3 };

export function toRows(accounts: AccountSummary[], target: Target, now: number): AccountRow[] {
  return accounts.map((a) => {
    const signedDays = daysSince(a.signedAt, now);
    return {
      id: a.accountId,
      name: accountName(a),
      status: a.status,
      seats: a.seats,
      seatsKnown: a.seatsKnown,
      activated: a.activatedSeats,
      rate: a.seatActivationRate,
      pace: signedDays === null ? 0 : paceOn(signedDays, target),
      health: a.health?.score ?? null,
      ttfv: a.timeToFirstValueDays,
      signedDays,
      lastActivity: a.lastActivityAt ? Date.parse(a.lastActivityAt) : null,
    };
  });
}

const valueOf = (r: AccountRow, key: SortKey): string | number | null => (key === 'status' ? STATUS_ORDER[r.status] : r[key]);

/** Filtered, then sorted; an unknown value sorts last whichever the direction. */
export function query(rows: AccountRow[], filter: Filter, sort: Sort): AccountRow[] {
  const text = filter.text.trim().toLowerCase();
  const kept = rows.filter(
    (r) =>
      (!filter.status || r.status === filter.status) && (!text || r.name.toLowerCase().includes(text) || r.id.toLowerCase().includes(text)),
  );
  const sign = sort.dir === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const x = valueOf(a, sort.key);
    const y = valueOf(b, sort.key);
    if (x === y) return a.name.localeCompare(b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number));
  });
}
