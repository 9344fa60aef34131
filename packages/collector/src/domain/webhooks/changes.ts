import type { Checklist } from '@firstwin/sdk/rules';
import type { PaceTarget } from '../status.js';
import type { Tally } from '../tally.js';
import type { AccountFacts } from '../summary.js';
import { announce, loneActivation, sameSignals, type Activated, type Signals } from './announce.js';
import type { SignalEvent } from './events.js';

export type ChangedAccount = AccountFacts & { tally: Tally };

export interface Change {
  /** Accounts the change touched (or the clock made due), as they are now. */
  accounts: Iterable<ChangedAccount>;
  /** People it activated. */
  activated: readonly Activated[];
  /** Each account's signals as stored before it; undefined for an account it created. */
  stored: (accountId: string) => Signals | undefined;
  checklists: Checklist[];
  now: number;
  target: PaceTarget | null;
}

/**
 * What a change (a transaction's events, new definitions, the clock) tells: the signals to
 * store for each account whose signals moved, and the events, in order.
 */
export function changesOf({ accounts, activated, stored, checklists, now, target }: Change): {
  signals: Map<string, Signals>;
  events: SignalEvent[];
} {
  const byAccount = new Map<string, Activated[]>();
  for (const u of activated) {
    if (u.accountId === null) continue;
    if (byAccount.has(u.accountId)) byAccount.get(u.accountId)!.push(u);
    else byAccount.set(u.accountId, [u]);
  }
  const signals = new Map<string, Signals>();
  const events: SignalEvent[] = [];
  const seen = new Set<string>();
  for (const account of accounts) {
    seen.add(account.accountId);
    const before = stored(account.accountId);
    const told = announce({
      account,
      tally: account.tally,
      checklists,
      now,
      target,
      stored: before,
      activated: byAccount.get(account.accountId) ?? [],
    });
    if (!sameSignals(before, told.signals)) signals.set(account.accountId, told.signals);
    events.push(...told.events);
  }
  for (const u of activated) if (u.accountId === null || !seen.has(u.accountId)) events.push(loneActivation(u, now));
  return { signals, events };
}
