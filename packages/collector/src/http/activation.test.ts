import { afterEach, describe, expect, it } from 'vitest';
import { DAY, T0, acmeHistory, activate, at, checklists, group, id, identify, testCollector, track } from '../test-helpers.js';
import { cell, toCsv } from './csv.js';
import { paceOn, statusOf } from '../domain/status.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const activation = async (query = '') => (await t.get(`/v1/accounts/acme/activation${query}`)).json();

describe('the pace rule', () => {
  it('is linear toward 70 % by day 60', () => {
    expect(paceOn(0)).toBe(0);
    expect(paceOn(30)).toBeCloseTo(0.35);
    expect(paceOn(60)).toBeCloseTo(0.7);
    expect(paceOn(600)).toBeCloseTo(0.7);
  });

  it('gives every status', () => {
    expect(statusOf(0, 0, 30)).toBe('no_data');
    expect(statusOf(0.7, 10, 3)).toBe('activated');
    expect(statusOf(0, 10, 6.9)).toBe('on_track'); // never at risk in the first week
    expect(statusOf(0, 10, 7)).toBe('at_risk');
    expect(statusOf(0.17, 10, 30)).toBe('at_risk'); // half the pace of day 30 is 0.175
    expect(statusOf(0.18, 10, 30)).toBe('on_track');
    expect(statusOf(0.34, 10, 200)).toBe('at_risk');
  });
});

describe('account activation', () => {
  it('computes seat activation, per-role rates, time to first value and status with known seats', async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    await t.send(acmeHistory());
    const a = await activation();
    expect(a).toMatchObject({
      accountId: 'acme',
      name: 'Acme',
      seats: 10,
      seatsKnown: true,
      activatedSeats: 4,
      seatActivationRate: 0.4,
      byRole: {
        admin: { users: 1, activated: 1, rate: 1 },
        end_user: { users: 3, activated: 2, rate: 2 / 3 },
        sponsor: { users: 1, activated: 1, rate: 1 },
      },
      signedAt: at(0),
      firstValueAt: at(3.5),
      timeToFirstValueDays: 3.5,
      status: 'on_track',
    });
    const items = Object.fromEntries(a.items.map((i: { itemId: string; completedUsers: number }) => [i.itemId, i.completedUsers]));
    // The admin's pipeline completes the account-scoped item for every end-user.
    expect(items).toEqual({ pipelines: 1, reps: 1, log: 3, move: 2, watch: 0, team: 3, review: 1 });
  });

  it('uses known users as the denominator without seats, and the first event without signedAt', async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    await t.send([identify('e1', 'end_user', 'acme', 2), identify('e2', 'end_user', 'acme', 2), ...activate('e1', 6)]);
    const a = await activation();
    expect(a).toMatchObject({
      seats: 2,
      seatsKnown: false,
      activatedSeats: 1,
      seatActivationRate: 0.5,
      signedAt: null,
      timeToFirstValueDays: 4,
    });
  });

  it('counts only activations within N days of signature with ?within', async () => {
    t = await testCollector({ now: T0 + 100 * DAY });
    await t.send([
      group('e1', 'acme', { seats: 4, signedAt: at(0) }),
      identify('e1', 'end_user'),
      identify('e2', 'end_user'),
      identify('e3', 'end_user'),
      ...activate('e1', 10),
      ...activate('e2', 59.9),
      ...activate('e3', 61),
    ]);
    expect((await activation()).activatedSeats).toBe(3);
    expect((await activation('?within=60d')).activatedSeats).toBe(2);
    expect((await activation('?within=60d')).seatActivationRate).toBe(0.5);
    expect((await t.get('/v1/accounts/acme/activation?within=soon')).statusCode).toBe(400);
  });

  it("takes a group for the account alone from the vendor's backend: seats and signature known, nobody counted, no_data", async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    const provision = {
      type: 'group',
      messageId: id(),
      timestamp: at(0),
      groupId: 'newco',
      traits: { seats: 40, signedAt: at(0), name: 'NewCo' },
    };
    const byBrowser = await t.send([provision]);
    expect(byBrowser.json()).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [
        { index: 0, error: 'userId: required with a publishable key; a group for the account alone, with no person, needs the secret key' },
      ],
    });
    expect((await t.send([provision], t.keys.secretKey)).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const newco = async () => (await t.get('/v1/accounts/newco/activation')).json();
    expect(await newco()).toMatchObject({
      accountId: 'newco',
      seats: 40,
      seatsKnown: true,
      activatedSeats: 0,
      byRole: {},
      status: 'no_data',
    });
    expect((await t.get('/v1/accounts/newco/users')).json()).toEqual([]);
    // Its people arrive later; a checklist change replays every event and keeps the account as it was set up.
    await t.send([identify('n1', 'end_user', 'newco', 1), ...activate('n1', 2)]);
    expect(await newco()).toMatchObject({ seats: 40, activatedSeats: 1, byRole: { end_user: { users: 1, activated: 1 } } });
    expect((await t.put('/v1/checklists', checklists)).statusCode).toBe(200);
    expect(await newco()).toMatchObject({ seats: 40, activatedSeats: 1, byRole: { end_user: { users: 1, activated: 1 } } });
    expect((await t.get('/v1/accounts/newco/users')).json()).toHaveLength(1);
  });

  it('reports at_risk, activated and no_data', async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    await t.send([group('e1', 'acme', { seats: 20, signedAt: at(0) }), identify('e1', 'end_user'), ...activate('e1', 2)]);
    expect((await activation()).status).toBe('at_risk'); // 5 % at day 30, pace 35 %
    await t.send([group('e1', 'empty', { seats: 5, signedAt: at(0) })]); // e1 stays in acme: no users here
    expect((await t.get('/v1/accounts/empty/activation')).json().status).toBe('no_data');
    await t.send([
      group('b1', 'big', { seats: 2, signedAt: at(0) }),
      identify('b1', 'end_user', 'big'),
      identify('b2', 'end_user', 'big'),
      ...activate('b1', 1),
      ...activate('b2', 1),
    ]);
    expect((await t.get('/v1/accounts/big/activation')).json().status).toBe('activated');
    const atRisk = (await t.get('/v1/accounts?status=at_risk')).json();
    expect(atRisk.map((a: { accountId: string }) => a.accountId)).toEqual(['acme']);
    const wrong = await t.get('/v1/accounts?status=late');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toBe('invalid request: querystring/status must be one of: activated, on_track, at_risk, no_data');
    expect((await t.get('/v1/accounts?format=xml')).json().error).toMatch(/format must be one of: json, csv$/);
  });

  it("paces status against the project's own activation target, in every answer, until it is reset", async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    await t.send([group('e1', 'acme', { seats: 20, signedAt: at(0) }), identify('e1', 'end_user'), ...activate('e1', 2)]);
    const statuses = async () => [
      (await activation()).status,
      (await t.get('/v1/accounts')).json()[0].status,
      (await t.get('/v1/accounts?within=60d')).json()[0].status,
      (await t.get('/v1/accounts?format=csv')).body.split('\r\n')[1]!.split(',')[2],
    ];
    expect((await t.get('/v1/activation-target')).json()).toEqual({ rate: 0.7, days: 60, isDefault: true });
    expect(await statuses()).toEqual(Array(4).fill('at_risk')); // 5 % at day 30, pace 35 %

    // 10 % of seats in a year: at day 30 the pace is under 1 %.
    const set = await t.put('/v1/activation-target', { rate: 0.1, days: 365 });
    expect(set.json()).toEqual({ rate: 0.1, days: 365, isDefault: false });
    expect(await statuses()).toEqual(Array(4).fill('on_track'));
    await t.put('/v1/activation-target', { rate: 0.05, days: 60 });
    expect(await statuses()).toEqual(Array(4).fill('activated'));
    expect((await t.get('/v1/accounts?status=activated')).json()).toHaveLength(1);
    // Another project keeps its own.
    expect((await t.get('/v1/activation-target', t.other.secretKey)).json().isDefault).toBe(true);

    for (const bad of [
      { rate: 0, days: 60 },
      { rate: 0.005, days: 60 },
      { rate: 1.5, days: 60 },
      { rate: 0.7, days: 0 },
      { rate: 0.7, days: 1.5 },
      { rate: 0.7 },
      { rate: '0.7', days: 60 },
    ]) {
      const res = await t.put('/v1/activation-target', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error).toMatch(/invalid request/);
    }
    expect((await t.put('/v1/activation-target', { rate: 0.5, days: 30 }, t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.get('/v1/activation-target', t.keys.publishableKey)).statusCode).toBe(401);
    expect((await t.get('/v1/activation-target')).json()).toEqual({ rate: 0.05, days: 60, isDefault: false });

    const reset = await t.app.inject({
      method: 'DELETE',
      url: '/v1/activation-target',
      headers: { authorization: `Bearer ${t.keys.secretKey}` },
    });
    expect(reset.json()).toEqual({ rate: 0.7, days: 60, isDefault: true });
    expect(await statuses()).toEqual(Array(4).fill('at_risk'));
  });

  it('takes activatedAt from event timestamps, not arrival order, and counts tracks that came before identify', async () => {
    t = await testCollector();
    await t.send([track('e1', 'deal_stage_changed', 8, { direction: 'forward' })]);
    await t.send([{ ...track('e1', 'interaction_logged', 5), accountId: 'acme' }]);
    await t.send([identify('e1', 'end_user', 'acme', 9)]);
    const users = (await t.get('/v1/accounts/acme/users')).json();
    expect(users).toEqual([
      {
        userId: 'e1',
        role: 'end_user',
        itemsDone: ['log', 'move'],
        activated: true,
        activatedAt: at(8),
        items: [
          { id: 'log', done: true, completedAt: at(5) },
          { id: 'move', done: true, completedAt: at(8) },
          { id: 'watch', done: false, completedAt: null },
          { id: 'team', done: false, completedAt: null },
        ],
        // The latest of the events' timestamps, whatever order they arrived in.
        lastSeenAt: at(9),
      },
    ]);
  });

  it('counts tracks that came before identify in the same batch', async () => {
    t = await testCollector();
    await t.send([...activate('e1', 3), identify('e1', 'end_user', 'acme', 4), track('e1', 'interaction_logged', 5)]);
    const [e1] = (await t.get('/v1/accounts/acme/users')).json();
    expect(e1).toMatchObject({ itemsDone: ['log', 'move'], activatedAt: at(3) });
  });

  it('completes manual items through firstwin:item_completed', async () => {
    t = await testCollector();
    await t.send([
      identify('e1', 'end_user'),
      { ...track('e1', 'firstwin:item_completed', 1, { checklistId: 'end-user-first-win', itemId: 'watch' }) },
    ]);
    const p = (await t.get('/v1/users/e1/progress', t.keys.publishableKey)).json();
    expect(p).toMatchObject({ userId: 'e1', role: 'end_user', accountId: 'acme', checklistId: 'end-user-first-win', activated: false });
    expect(p.items.filter((i: { done: boolean }) => i.done).map((i: { id: string }) => i.id)).toEqual(['watch']);
  });

  it('recomputes everything from raw events when checklists change', async () => {
    t = await testCollector();
    await t.send([
      group('e1', 'acme', { seats: 2, signedAt: at(0) }),
      identify('e1', 'end_user'),
      track('e1', 'interaction_logged', 2),
      track('e1', 'interaction_logged', 4),
    ]);
    expect((await activation()).activatedSeats).toBe(0);
    const changed = structuredClone(checklists);
    changed[1]!.activation = ['log'];
    changed[1]!.items[0]!.completeOn = { event: 'interaction_logged', count: 2 };
    expect((await t.put('/v1/checklists', changed)).statusCode).toBe(200);
    const a = await activation();
    expect(a.activatedSeats).toBe(1);
    expect(a.firstValueAt).toBe(at(4));
  });

  it('reports how far a recompute has come, ending with every stored event replayed', async () => {
    t = await testCollector();
    await t.send([identify('e1', 'end_user'), track('e1', 'interaction_logged', 2), track('e1', 'interaction_logged', 4)]);
    const heard: Array<[number, number]> = [];
    await t.collector.store.putChecklists(t.keys.projectId, checklists, (replayed, total) => heard.push([replayed, total]));
    expect(heard.at(-1)).toEqual([3, 3]);
  });

  it('ends a recompute with events that arrived during it as if they had always been there', async () => {
    t = await testCollector();
    const people = Array.from({ length: 800 }, (_, i) => `p${i}`);
    for (let i = 0; i < people.length; i += 50) {
      await t.send(
        people
          .slice(i, i + 50)
          .flatMap((p, j) => [identify(p, j % 5 ? 'end_user' : 'admin', `acct${j % 7}`), track(p, 'interaction_logged', 1 + (j % 9))]),
      );
    }
    const changed = structuredClone(checklists);
    changed[1]!.activation = ['log'];
    const recompute = t.put('/v1/checklists', changed);
    // Meanwhile: newcomers, and new events of known people, some of them changing role.
    for (let i = 0; i < 10; i++) {
      const res = await t.send([
        identify(`late${i}`, 'end_user', `acct${i % 7}`, 2),
        track(`late${i}`, 'interaction_logged', 3),
        track(`p${i}`, 'pipeline_created', 4),
        identify(`p${i + 10}`, 'sponsor', `acct${i % 7}`, 5),
      ]);
      expect(res.json().accepted).toBe(4);
    }
    expect((await recompute).statusCode).toBe(200);
    const snapshot = async () => [
      (await t.get('/v1/accounts')).json(),
      await Promise.all(Array.from({ length: 7 }, async (_, i) => (await t.get(`/v1/accounts/acct${i}/users`)).json())),
    ];
    const during = await snapshot();
    expect((await t.put('/v1/checklists', changed)).statusCode).toBe(200);
    expect(during).toEqual(await snapshot());
  });

  it('lists every account with the same numbers as its own activation answer', async () => {
    t = await testCollector();
    await t.send([
      group('e1', 'acme', { seats: 4, signedAt: at(0) }),
      identify('e1', 'end_user'),
      identify('s1', 'sponsor'),
      ...activate('e1', 3),
      identify('x1', 'end_user', 'globex'),
      identify('x2', 'admin', 'globex'),
      track('x2', 'pipeline_created', 1),
      identify('lone', 'end_user', ''),
      { type: 'identify', messageId: id(), timestamp: at(0), userId: 'nobody-yet', traits: { accountId: 'acme' } },
      identify('e2', 'end_user'),
      ...activate('e2', 40),
      identify('x3', 'end_user', 'globex'),
      ...activate('x3', 9),
    ]);
    for (const query of ['', '?within=30d', '?within=5d']) {
      const list = (await t.get(`/v1/accounts${query}`)).json();
      expect(list.map((a: { accountId: string }) => a.accountId)).toEqual(['acme', 'globex']);
      for (const a of list) expect(a).toEqual((await t.get(`/v1/accounts/${a.accountId}/activation${query}`)).json());
    }
    const acme = (await t.get('/v1/accounts/acme/activation')).json();
    expect(acme.byRole).toEqual({
      end_user: { users: 2, activated: 2, rate: 1 },
      sponsor: { users: 1, activated: 0, rate: 0 },
      unknown: { users: 1, activated: 0, rate: 0 },
    });
    expect(acme.items.find((i: { itemId: string }) => i.itemId === 'log').completedUsers).toBe(2);
  });

  it('keeps each listed summary only while its account, the checklists and the clock leave it unchanged', async () => {
    let clock = T0 + 30 * DAY;
    t = await testCollector({ now: () => clock });
    await t.send([
      group('e1', 'acme', { seats: 4, signedAt: at(0) }),
      identify('e1', 'end_user'),
      ...activate('e1', 3),
      group('x1', 'globex', { seats: 10, signedAt: at(0) }),
      identify('x1', 'end_user', 'globex'),
    ]);
    // Each list, whatever it kept from the last, must equal the answers computed afresh.
    const same = async (query = '') => {
      const list = (await t.get(`/v1/accounts${query}`)).json();
      for (const a of list) expect(a).toEqual((await t.get(`/v1/accounts/${a.accountId}/activation`)).json());
      return list as Array<{ accountId: string; status: string; activatedSeats: number; items: unknown[] }>;
    };
    expect((await same()).map((a) => a.status)).toEqual(['on_track', 'at_risk']);
    expect(await same()).toEqual(await same());
    clock = T0 + 60 * DAY; // a quarter of acme's seats is under half the pace of day 60
    expect((await same()).map((a) => a.status)).toEqual(['at_risk', 'at_risk']);
    expect((await same('?status=at_risk')).map((a) => a.accountId)).toEqual(['acme', 'globex']);
    await t.send([identify('e2', 'end_user'), ...activate('e2', 50)]);
    expect((await same()).map((a) => [a.activatedSeats, a.status])).toEqual([
      [2, 'on_track'],
      [0, 'at_risk'],
    ]);
    await t.send([group('x1', 'globex', { seats: 1 }, 1), ...activate('x1', 10)], t.keys.secretKey);
    expect((await same()).map((a) => a.status)).toEqual(['on_track', 'activated']);
    const fewer = checklists.map((c) => (c.role === 'end_user' ? { ...c, items: c.items.slice(0, 2) } : c));
    expect((await t.put('/v1/checklists', fewer)).statusCode).toBe(200);
    expect((await same())[0]!.items).toHaveLength(2 + 2 + 1);
  });

  it('lists accounts as CSV, safely', async () => {
    const HEAD =
      'accountId,name,status,seats,seatsKnown,activatedSeats,seatActivationRate,signedAt,firstValueAt,timeToFirstValueDays,' +
      'health.score,health.seatPace,health.milestones,health.sponsor,checkpoints.d30,checkpoints.d60,checkpoints.d90,lastActivityAt';
    t = await testCollector();
    await t.send([group('e1', 'acme', { seats: 2, signedAt: at(0), name: '=HYPERLINK("http://evil")' }), identify('e1', 'end_user')]);
    const res = await t.get('/v1/accounts?format=csv');
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const [head, row] = res.body.trim().split('\r\n');
    expect(head).toBe(HEAD);
    // Day 30: the 30-day checkpoint is reached, the others not yet (empty cells).
    // Last activity: its latest event's timestamp (day 0, received on day 30).
    expect(row).toBe(`acme,"'=HYPERLINK(""http://evil"")",at_risk,2,true,0,0,${at(0)},,,0,0,0,0,0,,,${at(0)}`);
    expect(cell(-1.5)).toBe('-1.5');
    expect(cell('a,b\nc')).toBe('"a,b\nc"');
    expect(toCsv([])).toBe(`${HEAD}\r\n`);
  });

  it('never counts a re-sent event twice in the numbers', async () => {
    t = await testCollector();
    const rep = { ...track('a1', 'rep_assigned', 1), messageId: id() };
    await t.send([identify('a1', 'admin'), rep, rep]);
    await t.send([rep]);
    const users = (await t.get('/v1/accounts/acme/users')).json();
    expect(users[0].itemsDone).toEqual([]); // reps needs two distinct events
  });
});
