import type { Checklist } from '@firstwin/sdk/rules';
import type { Tally } from '../store/tally.js';
import type { AccountState } from '../store/types.js';
import { statusOf, type Status } from './status.js';
import { DAY_MS, summarize } from './summary.js';

interface Kept {
  revision: string;
  /** The summary's JSON up to its status, which comes last. */
  head: string;
  rate: number;
  users: number;
  start: number;
}

const STATUS = ',"status":';

/**
 * The accounts list as JSON, each account's summary kept between calls while its row
 * and the checklists are unchanged. A summary is pure in those but for `status`, which
 * moves with the clock: what is kept is its JSON up to the status and the numbers the
 * status is computed from. Ten thousand accounts cost one read and a join instead of
 * ten thousand summaries and 10 MB of `JSON.stringify`.
 */
export function keptSummaries() {
  const projects = new Map<string, { checklists: string; accounts: Map<string, Kept> }>();
  return (projectId: string, accounts: AccountState[], tallyOf: (a: AccountState) => Tally, checklists: Checklist[], now: number, only?: Status): string => {
    const definitions = JSON.stringify(checklists);
    const before = projects.get(projectId);
    const previous = before?.checklists === definitions ? before.accounts : undefined;
    const kept = new Map<string, Kept>();
    const parts: string[] = [];
    for (const a of accounts) {
      let k = previous?.get(a.accountId);
      if (k?.revision !== a.revision) {
        const s = summarize(a, tallyOf(a), checklists, now);
        const json = JSON.stringify(s);
        // With neither a signature nor an event, the clock starts now: nothing to keep.
        const start = a.signedAt ?? a.firstEventAt;
        const users = Object.values(s.byRole).reduce((n, r) => n + r.users, 0);
        k = { revision: a.revision, head: json.slice(0, json.lastIndexOf(STATUS)), rate: s.seatActivationRate, users, start: start ?? now };
        if (start === null) k.revision = '';
      }
      if (k.revision) kept.set(a.accountId, k);
      const status = statusOf(k.rate, k.users, (now - k.start) / DAY_MS);
      if (!only || status === only) parts.push(`${k.head}${STATUS}"${status}"}`);
    }
    projects.set(projectId, { checklists: definitions, accounts: kept });
    return `[${parts.join(',')}]`;
  };
}
