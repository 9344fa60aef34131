import type { AccountStrings } from '../strings.js';

/** English for the account block: here, with its code, so firstwin.js carries none of it. */
export const accountWords: AccountStrings = {
  account: 'Your account',
  seats: '{n} of {m} seats active',
  on_track: 'On track',
  at_risk: 'At risk',
  activated: 'Activated',
  no_data: 'No data yet',
  firstValue: 'First value in {n} days',
};
