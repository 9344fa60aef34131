import type { Status } from '../status.js';
import type { SignalEvent, StatusChanged } from './events.js';

/**
 * Slack reads `&`, `<` and `>` as the start of entities, links and mentions: a name sent
 * as it is could ping `<!channel>` or show a link that says one thing and goes elsewhere.
 */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const who = (name: string | null, id: string | null) => escape(name ?? id ?? 'an account');
const person = (userId: string, role: string | null) => escape(role ? `${userId} (${role})` : userId);
/** Seats a rate asks for: the pace is a share, a person reads whole seats. */
const seatsFor = (rate: number, seats: number) => Math.ceil(rate * seats - 1e-9);
const days = (n: number) => `${Number(n.toFixed(1))} day${n === 1 ? '' : 's'}`;

const STATUS_WORDS: Record<Status, string> = {
  at_risk: 'is at risk',
  on_track: 'is on track',
  activated: 'reached its activation target',
  no_data: 'has no known people',
};

function statusSentence(d: StatusChanged): string {
  const s = d.summary;
  const name = who(d.name, d.accountId);
  const counted = s.seatsKnown ? 'seats' : 'known people';
  const where = `${s.activatedSeats} of ${s.seats} ${counted} active on day ${d.day}`;
  if (d.to === 'no_data') return `${name} ${STATUS_WORDS.no_data} any more.`;
  if (d.to === 'activated') return `${name} ${STATUS_WORDS.activated}: ${where}.`;
  const words = d.to === 'on_track' && d.from === 'at_risk' ? 'is back on track' : STATUS_WORDS[d.to];
  return `${name} ${words}: ${where}; the pace asks for ${seatsFor(d.pace, s.seats)}.`;
}

/** The sentence a person reads in a channel. */
export function slackText(e: SignalEvent): string {
  switch (e.type) {
    case 'account.status_changed':
      return statusSentence(e.data);
    case 'account.first_value': {
      const d = e.data;
      const by = d.userId ? `: ${person(d.userId, d.role)} activated` : '';
      const after =
        d.timeToFirstValueDays === null ? '' : `, ${days(d.timeToFirstValueDays)} after ${d.signedAt ? 'signing' : 'its first event'}`;
      return `${who(d.name, d.accountId)} reached first value${by}${after}.`;
    }
    case 'user.activated': {
      const d = e.data;
      const at = d.accountId ? ` at ${who(d.name, d.accountId)}` : '';
      const count = d.activatedSeats === null ? '' : `: ${d.activatedSeats} of ${d.seats} seats active now`;
      return `${person(d.userId, d.role)} activated${at}${count}.`;
    }
    case 'webhook.test':
      return escape(e.data.message);
  }
}
