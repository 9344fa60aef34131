import { afterEach, describe, expect, it } from 'vitest';
import { DAY, T0, acmeHistory, activate, at, group, identify, testCollector } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

interface Summary {
  accountId: string;
  status: string;
  health: { score: number; seatPace: number; milestones: number; sponsor: number };
  checkpoints: { d30: number | null; d60: number | null; d90: number | null };
}

/** Acme of activation.test.ts (4 of 10 seats by day 12, 11 of 15 items), and two weaker accounts. */
const accounts = () => [
  ...acmeHistory(),
  // Globex: 1 of 10 seats, on day 20; a sponsor who has done nothing.
  group('g1', 'globex', { seats: 10, signedAt: at(0) }),
  identify('g1', 'end_user', 'globex'),
  identify('g2', 'sponsor', 'globex'),
  ...activate('g1', 20),
  // Initech: nobody activated, no sponsor.
  group('i1', 'initech', { seats: 5, signedAt: at(0) }),
  identify('i1', 'end_user', 'initech'),
];

describe('health and checkpoints', () => {
  it("come with one account's summary", async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    await t.send(accounts());
    const acme = (await t.get('/v1/accounts/acme/activation')).json();
    // 0.4 of the seats beats the pace of day 30 (0.35); 11 of 15 items; an activated sponsor.
    expect(acme.health).toEqual({ score: 92, seatPace: 1, milestones: 11 / 15, sponsor: 1 });
    expect(acme.checkpoints).toEqual({ d30: 0.4, d60: null, d90: null });
    const globex = (await t.get('/v1/accounts/globex/activation')).json();
    // 0.1 against a pace of 0.35; 2 of the end-user's 4 items and none of the sponsor's 1; a sponsor, not activated.
    expect(globex.health).toEqual({ score: 36, seatPace: 0.1 / 0.35, milestones: 0.4, sponsor: 0.5 });
    expect(globex.checkpoints).toEqual({ d30: 0.1, d60: null, d90: null });
  });

  it('move with the clock: the pace rises, checkpoints arrive on their day', async () => {
    let clock = T0 + 29 * DAY;
    t = await testCollector({ now: () => clock });
    await t.send(accounts());
    const acme = async () => (await t.get('/v1/accounts/acme/activation')).json() as Summary;
    expect((await acme()).checkpoints).toEqual({ d30: null, d60: null, d90: null });
    clock = T0 + 30 * DAY;
    expect((await acme()).checkpoints).toEqual({ d30: 0.4, d60: null, d90: null });
    clock = T0 + 90 * DAY;
    // Day 90: the pace asks for 0.7, 0.4 gives 4/7 of it; the checkpoints stay what they were.
    expect(await acme()).toMatchObject({
      health: { score: Math.round(100 * (0.5 * (0.4 / 0.7) + (0.3 * 11) / 15 + 0.2)), seatPace: 0.4 / 0.7 },
      checkpoints: { d30: 0.4, d60: 0.4, d90: 0.4 },
    });
  });

  it('move the same way in the list, which keeps them between calls only while they stay', async () => {
    let clock = T0;
    t = await testCollector({ now: () => clock });
    await t.send(accounts());
    for (const day of [0.5, 6.9, 7, 8, 8, 20, 29.99, 30, 30, 45, 60, 61, 90, 90, 400, 400]) {
      clock = T0 + day * DAY;
      const list = (await t.get('/v1/accounts')).json() as Summary[];
      for (const a of list)
        expect(a, `${a.accountId} on day ${day}`).toEqual((await t.get(`/v1/accounts/${a.accountId}/activation`)).json());
    }
  });

  it('count with ?within only the activations it counts: d60 is the rate within=60d gives', async () => {
    t = await testCollector({ now: T0 + 100 * DAY });
    await t.send([
      group('e1', 'acme', { seats: 4, signedAt: at(0) }),
      identify('e1', 'end_user'),
      identify('e2', 'end_user'),
      ...activate('e1', 10),
      ...activate('e2', 70),
    ]);
    const all = (await t.get('/v1/accounts/acme/activation')).json();
    const within60 = (await t.get('/v1/accounts/acme/activation?within=60d')).json();
    expect(all.checkpoints).toEqual({ d30: 0.25, d60: 0.25, d90: 0.5 });
    expect(within60.seatActivationRate).toBe(all.checkpoints.d60);
    expect(within60.checkpoints).toEqual({ d30: 0.25, d60: 0.25, d90: 0.25 });
    expect((await t.get('/v1/accounts?within=60d')).json()).toEqual([within60]);
  });

  it('are in the list, sorted worst first with ?sort=health, in JSON and CSV, with and without within', async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    await t.send(accounts());
    const ids = (list: Summary[]) => list.map((a) => a.accountId);
    expect(ids((await t.get('/v1/accounts')).json())).toEqual(['acme', 'globex', 'initech']);
    for (const query of ['?sort=health', '?sort=health&within=60d']) {
      const list = (await t.get(`/v1/accounts${query}`)).json() as Summary[];
      expect(list.map((a) => [a.accountId, a.health.score])).toEqual([
        ['initech', 0],
        ['globex', 36],
        ['acme', 92],
      ]);
    }
    expect(ids((await t.get('/v1/accounts?sort=health&status=at_risk')).json())).toEqual(['initech', 'globex']);
    const csv = (await t.get('/v1/accounts?sort=health&format=csv')).body.trim().split('\r\n');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['initech', 'globex', 'acme']);
    const head = csv[0]!.split(',');
    const acme = Object.fromEntries(csv[3]!.split(',').map((v, i) => [head[i], v]));
    expect(acme).toMatchObject({
      'health.score': '92',
      'health.seatPace': '1',
      'health.sponsor': '1',
      'checkpoints.d30': '0.4',
      'checkpoints.d60': '',
    });
    const bad = await t.get('/v1/accounts?sort=score');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid request: querystring/sort must be one of: health');
  });
});

describe('an account timeline', () => {
  it('gives each day since signing: activated seats, rate and pace', async () => {
    t = await testCollector({ now: T0 + 10.5 * DAY });
    await t.send([
      group('e1', 'acme', { seats: 4, signedAt: at(0) }),
      identify('e1', 'end_user'),
      identify('e2', 'end_user'),
      ...activate('e1', 2.5),
      ...activate('e2', 10.2),
    ]);
    const res = await t.get('/v1/accounts/acme/timeline');
    expect(res.statusCode).toBe(200);
    const timeline = res.json();
    expect(timeline).toMatchObject({ accountId: 'acme', signedAt: at(0), seats: 4 });
    expect(timeline.days).toHaveLength(11);
    expect(timeline.days[0]).toEqual({ day: 0, date: '2026-10-01', activatedSeats: 0, rate: 0, pace: 0 });
    expect(timeline.days[2]).toEqual({ day: 2, date: '2026-10-03', activatedSeats: 1, rate: 0.25, pace: (0.7 * 2) / 60 });
    expect(timeline.days[9].activatedSeats).toBe(1);
    // Today counts everyone activated so far, as the summary does.
    expect(timeline.days[10]).toMatchObject({ day: 10, date: '2026-10-11', activatedSeats: 2, rate: 0.5 });
  });

  it('starts from the first event without a signature, uses the project target, and stops at 365 days', async () => {
    t = await testCollector({ now: T0 + 800 * DAY });
    await t.send([identify('e1', 'end_user', 'acme', 3), ...activate('e1', 5)]);
    expect((await t.put('/v1/activation-target', { rate: 0.5, days: 10 })).statusCode).toBe(200);
    const timeline = (await t.get('/v1/accounts/acme/timeline')).json();
    expect(timeline).toMatchObject({ accountId: 'acme', signedAt: null, seats: 1 });
    expect(timeline.days).toHaveLength(365);
    expect(timeline.days[0]).toMatchObject({ day: 0, date: '2026-10-04', activatedSeats: 0 });
    expect(timeline.days[2]).toMatchObject({ activatedSeats: 1, rate: 1, pace: 0.1 });
    expect(timeline.days[364]).toMatchObject({ day: 364, pace: 0.5 });
  });

  it('is described in /openapi.json, as are health, checkpoints and ?sort', async () => {
    t = await testCollector();
    const spec = (await t.app.inject('/openapi.json')).json();
    const timeline = spec.paths['/v1/accounts/{accountId}/timeline'].get;
    expect(Object.keys(timeline.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(Object.keys(timeline.responses['200'].content['application/json'].schema.properties.days.items.properties)).toEqual([
      'day',
      'date',
      'activatedSeats',
      'rate',
      'pace',
    ]);
    const summary = spec.paths['/v1/accounts/{accountId}/activation'].get.responses['200'].content['application/json'].schema.properties;
    expect(Object.keys(summary.health.properties)).toEqual(['score', 'seatPace', 'milestones', 'sponsor']);
    expect(Object.keys(summary.checkpoints.properties)).toEqual(['d30', 'd60', 'd90']);
    const sort = spec.paths['/v1/accounts'].get.parameters.find((p: { name: string }) => p.name === 'sort');
    expect(sort.schema.enum).toEqual(['health']);
    expect(sort.description ?? sort.schema.description).toMatch(/worst first/);
  });
});
