import { h } from 'preact';
import { fill, type Words } from '../strings.js';
import type { AccountSummary } from './read-account.js';
import { accountWords } from './words.js';

const LABEL_ID = 'fw-acct';

/** The person's account inside the panel: activated seats of seats, the status, time to first value. */
export function AccountView({ summary, strings }: { summary: AccountSummary; strings: Words }) {
  const words = { ...accountWords, ...strings };
  const days = summary.timeToFirstValueDays;
  return (
    <section class="acct" role="group" aria-labelledby={LABEL_ID}>
      <h3 id={LABEL_ID}>{words.account}</h3>
      <p>{fill(words.seats, { n: summary.activatedSeats, m: summary.seats })}</p>
      <p class={`st ${summary.status}`}>{words[summary.status]}</p>
      {days !== null && <p>{fill(words.firstValue, { n: Math.round(days * 10) / 10 })}</p>}
    </section>
  );
}
