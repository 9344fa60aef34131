// Several weeks of history for several customer accounts, sent through the collector's
// public ingest API with the secret key (as a vendor's backend would), so the CS
// dashboard has something to show on first open. Deterministic: the same day gives
// the same message ids, so a second run adds nothing.
const DAY = 86_400_000;

/** Each account: how long ago it signed, its seats, and how its people take to the product. */
export const ACCOUNTS = [
  { id: 'northwind', name: 'Northwind Traders', seats: 40, signedDaysAgo: 75, pace: 'fast' },
  { id: 'globex', name: 'Globex Corporation', seats: 60, signedDaysAgo: 52, pace: 'steady' },
  { id: 'initech', name: 'Initech', seats: 25, signedDaysAgo: 40, pace: 'slow' },
  { id: 'umbrella', name: 'Umbrella Health', seats: 30, signedDaysAgo: 33, pace: 'stalled' },
  { id: 'hooli', name: 'Hooli', seats: 80, signedDaysAgo: 21, pace: 'steady' },
  { id: 'stark', name: 'Stark Industries', seats: 15, signedDaysAgo: 12, pace: 'fast' },
  { id: 'wayne', name: 'Wayne Enterprises', seats: 50, signedDaysAgo: 9, pace: 'slow' },
  { id: 'soylent', name: 'Soylent', seats: 20, signedDaysAgo: 4, pace: 'steady' },
];

// Share of end users who ever activate, the days before the first of them gets going,
// and the spread of the day they do.
const PACES = {
  fast: { share: 0.9, start: 1, within: 18 },
  steady: { share: 0.75, start: 6, within: 40 },
  slow: { share: 0.45, start: 12, within: 45 },
  stalled: { share: 0.1, start: 20, within: 10 },
};

/** A small seeded generator: the same history every run. */
function random(seed) {
  let s = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The messages of one account: its traits, its people, the events that complete their items. */
export function accountHistory(account, now) {
  const rnd = random(account.id);
  const signed = Math.floor(now / DAY) * DAY - account.signedDaysAgo * DAY;
  const anchor = new Date(signed).toISOString().slice(0, 10);
  const at = (day) => new Date(Math.min(now - 60_000, signed + day * DAY + Math.floor(rnd() * 8 + 9) * 3_600_000)).toISOString();
  const messages = [];
  let n = 0;
  const msg = (m, day) => messages.push({ messageId: `demo-${account.id}-${anchor}-${n++}`, timestamp: at(day), ...m });
  const person = (userId, role, day) => {
    msg({ type: 'identify', userId, traits: { role, accountId: account.id } }, day);
    msg(
      {
        type: 'group',
        userId,
        groupId: account.id,
        traits: { seats: account.seats, signedAt: new Date(signed).toISOString(), name: account.name },
      },
      day,
    );
  };
  const track = (userId, event, day, properties = {}) => msg({ type: 'track', userId, accountId: account.id, event, properties }, day);
  const { share, start, within } = PACES[account.pace];
  const days = account.signedDaysAgo;

  const admin = `${account.id}-admin`;
  person(admin, 'admin', 0);
  track(admin, 'pipeline_created', 1);
  // The admin's setup is the account's first value unless an end user gets there first.
  if (account.pace !== 'stalled') {
    track(admin, 'rep_assigned', 2);
    track(admin, 'rep_assigned', 3);
    if (days > start + 3) track(admin, 'dashboard_published', start + 3);
  }
  const sponsor = `${account.id}-sponsor`;
  person(sponsor, 'sponsor', 1);
  if (account.pace === 'fast' || (account.pace === 'steady' && days > 20)) track(sponsor, 'pipeline_review_viewed', Math.min(days, 14));

  // End users fill the seats left after the admin and the sponsor, arriving over the first weeks.
  for (let i = 0; i < account.seats - 2; i++) {
    const userId = `${account.id}-user-${String(i + 1).padStart(2, '0')}`;
    const joined = Math.floor(rnd() * Math.min(days, 21));
    person(userId, 'end_user', joined);
    if (rnd() > share + 0.1) continue;
    const first = start + joined + Math.floor(rnd() * 7);
    if (first > days) continue;
    track(userId, 'interaction_logged', first);
    if (rnd() > share) continue;
    const activated = first + Math.floor(rnd() * within);
    if (activated <= days) track(userId, 'deal_stage_changed', activated, { direction: 'forward' });
  }
  return messages;
}

/** Sends every account's history; resolves to the number of events the collector accepted. */
export async function fillHistory({ endpoint, secretKey, now = Date.now(), accounts = ACCOUNTS }) {
  let accepted = 0;
  for (const account of accounts) {
    const batch = accountHistory(account, now);
    for (let i = 0; i < batch.length; i += 200) {
      const res = await fetch(`${endpoint}/v1/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ batch: batch.slice(i, i + 200) }),
      });
      const answer = await res.json();
      if (!res.ok || answer.rejected?.length)
        throw new Error(`the collector refused the demo history of ${account.id}: ${JSON.stringify(answer).slice(0, 300)}`);
      accepted += answer.accepted;
    }
  }
  return accepted;
}
