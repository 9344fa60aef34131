import type { Checklist } from '@firstwin/sdk/rules';
import type { AccountState } from './storage.js';
import { statusOf, type PaceTarget, type Status } from './status.js';
import { DAY_MS, summarize } from './summary.js';

interface Kept {
  /** What the summary was made from. */
  account: AccountState;
  /** The summary's JSON up to its status, which comes last, as UTF-8. */
  head: Buffer;
  rate: number;
  users: number;
  start: number;
}

const STATUS = ',"status":';
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const tails = new Map<Status, Buffer>();
const sameRow = (a: AccountState, b: AccountState) => a.tallyJson === b.tallyJson && a.seats === b.seats
  && a.signedAt === b.signedAt && a.firstEventAt === b.firstEventAt && a.name === b.name;
const tail = (s: Status) => tails.get(s) ?? tails.set(s, Buffer.from(`${STATUS}"${s}"}`)).get(s)!;

/**
 * The accounts list as JSON, each account's summary kept between calls while its row
 * and the checklists are unchanged. A summary is pure in those but for `status`, which
 * moves with the clock: what is kept is its JSON up to the status, already encoded, and
 * the numbers the status is computed from. Ten thousand unchanged accounts cost one read
 * and a copy instead of ten thousand summaries and 10 MB of `JSON.stringify`.
 */
export function keptSummaries() {
  const projects = new Map<string, { checklists: string; accounts: Map<string, Kept> }>();
  return (projectId: string, accounts: AccountState[], checklists: Checklist[], now: number, target: PaceTarget | null, only?: Status): Buffer => {
    const definitions = JSON.stringify(checklists);
    const before = projects.get(projectId);
    const previous = before?.checklists === definitions ? before.accounts : undefined;
    const kept = new Map<string, Kept>();
    const parts: Buffer[] = [OPEN];
    for (const a of accounts) {
      let k = previous?.get(a.accountId);
      if (!k || !sameRow(k.account, a)) {
        const s = summarize(a, a.tally, checklists, now);
        const json = JSON.stringify(s);
        const users = Object.values(s.byRole).reduce((n, r) => n + r.users, 0);
        const head = Buffer.from(json.slice(0, json.lastIndexOf(STATUS)));
        k = { account: a, head, rate: s.seatActivationRate, users, start: a.signedAt ?? a.firstEventAt ?? now };
      }
      // With neither a signature nor an event, the clock starts now: nothing to keep.
      if (a.signedAt !== null || a.firstEventAt !== null) kept.set(a.accountId, k);
      const status = statusOf(k.rate, k.users, (now - k.start) / DAY_MS, target);
      if (only && status !== only) continue;
      if (parts.length > 1) parts.push(COMMA);
      parts.push(k.head, tail(status));
    }
    projects.set(projectId, { checklists: definitions, accounts: kept });
    parts.push(CLOSE);
    return Buffer.concat(parts);
  };
}
