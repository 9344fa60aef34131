import type { Checklist } from '@firstwin/sdk/rules';
import { clocked, type Clocked, type Standing } from './signals/clocked.js';
import { worstFirst } from './signals/health.js';
import { steadyUntil } from './signals/steady.js';
import type { AccountState } from './storage.js';
import type { PaceTarget, Status } from './status.js';
import { standingOf } from './summary.js';

interface Kept {
  /** What the summary was made from. */
  account: AccountState;
  /** The summary's JSON but for its clock-driven parts and closing brace, as UTF-8. */
  head: Buffer;
  /** What the clock-driven parts are computed from. */
  standing: Standing;
  /** `recentOf` as JSON, for the last activity it was written for (it moves apart from the row's other fields). */
  recent?: { at: number | null; json: Buffer };
  /** Those parts, and their JSON, as they stay from `from` until (exclusive) `until` under `target`. */
  tail?: { target: PaceTarget | null; from: number; until: number; clocked: Clocked; json: Buffer };
}

export interface ListOptions {
  status?: Status | undefined;
  /** `health`: ascending health score, worst first; otherwise the store's order. */
  sort?: 'health' | undefined;
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
// Not its last activity: that moves every minute someone of the account is active, and is written out apart.
const sameRow = (a: AccountState, b: AccountState) =>
  a.tallyJson === b.tallyJson && a.seats === b.seats && a.signedAt === b.signedAt && a.firstEventAt === b.firstEventAt && a.name === b.name;
const sameTarget = (a: PaceTarget | null, b: PaceTarget | null) =>
  a === b || (a !== null && b !== null && a.rate === b.rate && a.days === b.days);

/**
 * The clock-driven parts as the end of a summary's JSON, written out: between accounts
 * only numbers and a status change, and this is 3× faster than `JSON.stringify` and
 * UTF-8 encoding, for the accounts whose seat pace moves every moment.
 */
const encoded = ({ status, health: h, checkpoints: c }: Clocked) =>
  Buffer.from(
    `,"status":"${status}","health":{"score":${h.score},"seatPace":${h.seatPace},"milestones":${h.milestones},"sponsor":${h.sponsor}},` +
      `"checkpoints":{"d30":${c.d30},"d60":${c.d60},"d90":${c.d90}}}`,
    'latin1',
  );

/** `recentOf` as JSON between the head and the tail (an ISO date needs no escaping), written again only once it moved. */
function recentJson(k: Kept, at: number | null): Buffer {
  if (k.recent?.at !== at) {
    k.recent = { at, json: Buffer.from(`,"lastActivityAt":${at === null ? 'null' : `"${new Date(at).toISOString()}"`}`, 'latin1') };
  }
  return k.recent.json;
}

/** The clock-driven parts at `now`, computed again only once they may have moved. */
function tailOf(k: Kept, now: number, target: PaceTarget | null): NonNullable<Kept['tail']> {
  const t = k.tail;
  if (t && sameTarget(t.target, target) && t.from <= now && now < t.until) return t;
  const c = clocked(k.standing, now, target);
  return (k.tail = { target, from: now, until: steadyUntil(k.standing, now, target), clocked: c, json: encoded(c) });
}

/**
 * The accounts list as JSON, each account's summary kept between calls while its row
 * and the checklists are unchanged. A summary is pure in those but for its status, health
 * and checkpoints, which move with the clock: what is kept is the rest, already encoded,
 * the few numbers those are computed from, and those parts themselves until the clock can
 * change them (`steadyUntil`; most accounts, past their target day and day 90, never). Ten
 * thousand unchanged accounts cost one read and a copy instead of ten thousand summaries
 * and 10 MB of `JSON.stringify`.
 */
export function keptSummaries() {
  const projects = new Map<string, { checklists: string; accounts: Map<string, Kept> }>();
  return (
    projectId: string,
    accounts: AccountState[],
    checklists: Checklist[],
    now: number,
    target: PaceTarget | null,
    options: ListOptions = {},
  ): Buffer => {
    const definitions = JSON.stringify(checklists);
    const before = projects.get(projectId);
    const previous = before?.checklists === definitions ? before.accounts : undefined;
    const kept = new Map<string, Kept>();
    const rows: Array<{ health: Clocked['health']; head: Buffer; recent: Buffer; json: Buffer }> = [];
    for (const a of accounts) {
      let k = previous?.get(a.accountId);
      if (!k || !sameRow(k.account, a)) {
        const { fixed, standing } = standingOf(a, a.tally, checklists, now);
        k = { account: a, head: Buffer.from(JSON.stringify(fixed).slice(0, -1)), standing };
      }
      // With neither a signature nor an event, the clock starts now: nothing to keep.
      if (a.signedAt !== null || a.firstEventAt !== null) kept.set(a.accountId, k);
      const { clocked: c, json } = tailOf(k, now, target);
      if (!options.status || c.status === options.status) {
        rows.push({ health: c.health, head: k.head, recent: recentJson(k, a.lastActivityAt), json });
      }
    }
    projects.set(projectId, { checklists: definitions, accounts: kept });
    if (options.sort === 'health') rows.sort(worstFirst);
    const parts: Buffer[] = [OPEN];
    for (const { head, recent, json } of rows) {
      if (parts.length > 1) parts.push(COMMA);
      parts.push(head, recent, json);
    }
    parts.push(CLOSE);
    return Buffer.concat(parts);
  };
}
