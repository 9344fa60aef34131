import { afterEach, describe, expect, it } from 'vitest';
import { DAY, T0, activate, at, group, identify, testCollector, track } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const C = T0 + 30 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
let clock = C;
const collector = () => testCollector({ now: () => clock });

const seen = async (userId: string, accountId = 'acme') =>
  ((await t.get(`/v1/accounts/${accountId}/users`)).json() as Array<{ userId: string; lastSeenAt: string | null }>).find(
    (u) => u.userId === userId,
  )?.lastSeenAt;
const activity = async (accountId = 'acme') => (await t.get(`/v1/accounts/${accountId}/activation`)).json().lastActivityAt;

describe('last seen and last activity', () => {
  it("are the collector's clock as it received a batch, not the events' timestamps; an account's is the latest of its people's", async () => {
    clock = C;
    t = await collector();
    await t.send([identify('e1', 'end_user'), identify('s1', 'sponsor'), identify('g1', 'end_user', 'globex')]);
    clock = C + 5 * 60_000;
    // Timestamped day 1, received on day 30 five minutes later: anyone can write a timestamp.
    await t.send([track('s1', 'pipeline_review_viewed', 1)]);
    expect(await seen('e1')).toBe(iso(C));
    expect(await seen('s1')).toBe(iso(C + 5 * 60_000));
    expect(await seen('g1', 'globex')).toBe(iso(C));
    expect(await activity()).toBe(iso(C + 5 * 60_000));
    expect(await activity('globex')).toBe(iso(C));

    // The list (kept between calls) says the same as each account, and moves with it.
    const list = async () => (await t.get('/v1/accounts')).json() as Array<{ accountId: string; lastActivityAt: string | null }>;
    expect((await list()).map((a) => [a.accountId, a.lastActivityAt])).toEqual([
      ['acme', iso(C + 5 * 60_000)],
      ['globex', iso(C)],
    ]);
    clock = C + 10 * 60_000;
    await t.send([track('g1', 'page_viewed', 2)]);
    expect((await list()).map((a) => a.lastActivityAt)).toEqual([iso(C + 5 * 60_000), iso(C + 10 * 60_000)]);
    for (const a of await list()) expect(a).toEqual((await t.get(`/v1/accounts/${a.accountId}/activation`)).json());
    expect(
      (await t.get('/v1/accounts?format=csv')).body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((r) => r.split(',').at(-1)),
    ).toEqual([iso(C + 5 * 60_000), iso(C + 10 * 60_000)]);
  });

  it('move only by a minute or more (precision: one minute), on batches that change state and on those that do not', async () => {
    clock = C;
    t = await collector();
    await t.send([identify('e1', 'end_user'), track('e1', 'interaction_logged', 1)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C), iso(C)]);
    // Later interactions change no state: on SQLite they are stored without being parsed.
    clock = C + 30_000;
    await t.send([track('e1', 'interaction_logged', 2)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C), iso(C)]);
    clock = C + 61_000;
    await t.send([track('e1', 'interaction_logged', 3)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 61_000), iso(C + 61_000)]);
    // A batch that changes the person's row writes it whole: with the time it had, under a minute later.
    clock = C + 90_000;
    await t.send(activate('e1', 4));
    const e1 = (await t.get('/v1/accounts/acme/users')).json()[0];
    expect(e1).toMatchObject({ activatedAt: at(4), lastSeenAt: iso(C + 61_000) });
    clock = C + 125_000;
    await t.send([identify('e1', 'admin')]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 125_000), iso(C + 125_000)]);
    // Never back: a batch stamped by an earlier clock (another collector's) leaves them.
    clock = C;
    await t.send([track('e1', 'pipeline_created', 5)]);
    expect([await seen('e1'), await activity()]).toEqual([iso(C + 125_000), iso(C + 125_000)]);
  });

  it('are null for an account nobody has been seen in, and survive a recompute, which no event can tell them to', async () => {
    clock = C;
    t = await collector();
    // Seats provisioned from the vendor's server before anyone signs in.
    const { userId: _, ...seats } = group('', 'initech', { seats: 5 });
    await t.send([seats], t.keys.secretKey);
    await t.send([identify('e1', 'end_user'), ...activate('e1', 2)]);
    clock = C + 2 * 60_000;
    await t.send([identify('a1', 'admin')]);
    expect(await activity('initech')).toBeNull();
    const before = (await t.get('/v1/accounts')).json();
    const people = (await t.get('/v1/accounts/acme/users')).json();
    expect(people.map((u: { lastSeenAt: string }) => u.lastSeenAt)).toEqual([iso(C + 2 * 60_000), iso(C)]);
    clock = C + DAY;
    expect((await t.put('/v1/checklists', (await t.get('/v1/checklists')).json())).statusCode).toBe(200);
    expect((await t.get('/v1/accounts')).json()).toEqual(before);
    expect((await t.get('/v1/accounts/acme/users')).json()).toEqual(people);
  });
});
