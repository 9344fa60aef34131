import { afterEach, describe, expect, it } from 'vitest';
import { DAY, T0, activate, at, group, identify, testCollector, track } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const C = T0 + 30 * DAY;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
let clock = C;
const collector = () => testCollector({ now: () => clock });
/** An event dated to the millisecond. */
const stamped = <E extends { timestamp: string }>(ev: E, ms: number): E => ({ ...ev, timestamp: iso(ms) });

const seen = async (userId: string, accountId = 'acme') =>
  ((await t.get(`/v1/accounts/${accountId}/users`)).json() as Array<{ userId: string; lastSeenAt: string | null }>).find(
    (u) => u.userId === userId,
  )?.lastSeenAt;
const activity = async (accountId = 'acme') => (await t.get(`/v1/accounts/${accountId}/activation`)).json().lastActivityAt;

describe('last seen and last activity', () => {
  it("are the latest timestamp of a person's events, so history sent late is dated as it happened; an account's is the latest of its people's", async () => {
    clock = C;
    t = await collector();
    // A backfill received on day 30: every person dated by their own events, days ago.
    await t.send([
      identify('e1', 'end_user'),
      identify('s1', 'sponsor'),
      identify('g1', 'end_user', 'globex'),
      track('s1', 'pipeline_review_viewed', 20),
      track('e1', 'interaction_logged', 3),
    ]);
    expect([await seen('e1'), await seen('s1'), await seen('g1', 'globex')]).toEqual([at(3), at(20), at(0)]);
    expect([await activity(), await activity('globex')]).toEqual([at(20), at(0)]);
    // A person seen later than before, still earlier than another of the account: the account keeps the latest.
    await t.send([track('e1', 'interaction_logged', 10)]);
    expect([await seen('e1'), await activity()]).toEqual([at(10), at(20)]);

    // The list (kept between calls) says the same as each account, and moves with it.
    const list = async () => (await t.get('/v1/accounts')).json() as Array<{ accountId: string; lastActivityAt: string | null }>;
    expect((await list()).map((a) => [a.accountId, a.lastActivityAt])).toEqual([
      ['acme', at(20)],
      ['globex', at(0)],
    ]);
    await t.send([track('g1', 'page_viewed', 25)]);
    expect((await list()).map((a) => a.lastActivityAt)).toEqual([at(20), at(25)]);
    for (const a of await list()) expect(a).toEqual((await t.get(`/v1/accounts/${a.accountId}/activation`)).json());
    expect(
      (await t.get('/v1/accounts?format=csv')).body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((r) => r.split(',').at(-1)),
    ).toEqual([at(20), at(25)]);
  });

  it("are never later than the collector's clock as it received the event: a client cannot date anyone in the future", async () => {
    clock = C;
    t = await collector();
    // 23 hours ahead: within what the timestamp rules accept, on a batch that changes state and on one that does not.
    await t.send([stamped(identify('e1', 'end_user'), C + 23 * HOUR)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C), iso(C)]);
    clock = C + 5 * 60_000;
    await t.send([stamped(track('e1', 'interaction_logged', 0), C + 23 * HOUR)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 5 * 60_000), iso(C + 5 * 60_000)]);
    // The item is done: this one changes no state (on SQLite, stored without being parsed).
    clock = C + 10 * 60_000;
    await t.send([stamped(track('e1', 'interaction_logged', 0), C + 23 * HOUR)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 10 * 60_000), iso(C + 10 * 60_000)]);
  });

  it('move only forward, and by a minute or more (precision: one minute), on batches that change state and on those that do not', async () => {
    clock = C + DAY;
    t = await collector();
    await t.send([stamped(identify('e1', 'end_user'), C), stamped(track('e1', 'interaction_logged', 0), C)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C), iso(C)]);
    // Later interactions change no state: on SQLite they are stored without being parsed.
    await t.send([stamped(track('e1', 'interaction_logged', 0), C + 30_000)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C), iso(C)]);
    await t.send([stamped(track('e1', 'interaction_logged', 0), C + 61_000)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 61_000), iso(C + 61_000)]);
    // A batch that changes the person's row writes it whole: with the time it had, under a minute later.
    await t.send(activate('e1', 0).map((ev) => stamped(ev, C + 90_000)));
    const e1 = (await t.get('/v1/accounts/acme/users')).json()[0];
    expect(e1).toMatchObject({ activatedAt: iso(C + 90_000), lastSeenAt: iso(C + 61_000) });
    await t.send([stamped(identify('e1', 'admin'), C + 125_000)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 125_000), iso(C + 125_000)]);
    // Never back: an older batch arriving later (a queue delivered late) leaves them, stored parsed or not.
    await t.send([stamped(track('e1', 'pipeline_created', 0), C)]);
    await t.send([stamped(track('e1', 'interaction_logged', 0), C + 100_000)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 125_000), iso(C + 125_000)]);
  });

  it('are null for an account nobody has been seen in, and survive a recompute, which no event can tell them to', async () => {
    clock = C;
    t = await collector();
    // Seats provisioned from the vendor's server before anyone signs in.
    const { userId: _, ...seats } = group('', 'initech', { seats: 5 });
    await t.send([seats], t.keys.secretKey);
    await t.send([identify('e1', 'end_user'), ...activate('e1', 2)]);
    await t.send([identify('a1', 'admin', 'acme', 4)]);
    expect(await activity('initech')).toBeNull();
    const before = (await t.get('/v1/accounts')).json();
    const people = (await t.get('/v1/accounts/acme/users')).json();
    expect(people.map((u: { lastSeenAt: string }) => u.lastSeenAt)).toEqual([at(4), at(2)]);
    clock = C + DAY;
    expect((await t.put('/v1/checklists', (await t.get('/v1/checklists')).json())).statusCode).toBe(200);
    expect((await t.get('/v1/accounts')).json()).toEqual(before);
    expect((await t.get('/v1/accounts/acme/users')).json()).toEqual(people);
  });
});
