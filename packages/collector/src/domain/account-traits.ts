import type { StoredEvent } from './event.js';
import { accountTraits } from './state.js';
import type { AccountState } from './storage.js';

type Traits = Pick<AccountState, 'seats' | 'signedAt' | 'name'>;

/**
 * Every page holds the publishable key, and with it anyone can name any account and any
 * person. So with that key an account's seats, signing date and name are set where they
 * are unset, or sent again as they are, and never changed: changing them takes the secret
 * key, from the vendor's backend (no event is dated more than a day ahead, where it would
 * outrank every later one: `timestampProblem`). Decided here, on what is stored so far (and what this
 * batch sets before it), and kept so: a replay applies exactly the groups accepted.
 * `storedAccount` reads an account as stored. Returns why each refused event (by index) is refused.
 */
export async function traitsSetOnce(
  storedAccount: (accountId: string) => Promise<Traits | undefined>,
  valid: Array<{ index: number; event: StoredEvent }>,
) {
  const refused = new Map<number, string>();
  const known = new Map<string, Traits>();
  for (const { index, event } of valid) {
    if (event.type !== 'group') continue;
    // Read as the state machine reads them.
    const traits = accountTraits(event.traits ?? {});
    const names = Object.keys(traits) as Array<keyof Traits>;
    if (names.length === 0) continue;
    const id = event.accountId!;
    let account = known.get(id);
    if (!account) {
      const stored = await storedAccount(id);
      known.set(id, (account = { seats: stored?.seats ?? null, signedAt: stored?.signedAt ?? null, name: stored?.name ?? null }));
    }
    const changed = names.filter((n) => account[n] !== null && account[n] !== traits[n]);
    if (changed.length > 0) {
      refused.set(
        index,
        `traits: this account's ${changed.join(', ')} ${changed.length > 1 || changed[0] === 'seats' ? 'are' : 'is'} set; with the publishable key they are set once, and change only with the secret key, from your backend`,
      );
      continue;
    }
    Object.assign(account, traits);
  }
  return refused;
}
