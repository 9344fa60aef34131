import { afterEach, describe, expect, it } from 'vitest';
import { DAY, T0, activate, at, group, identify, testCollector, track } from '../test-helpers.js';

type T = Awaited<ReturnType<typeof testCollector>>;
let t: T;
afterEach(async () => t?.cleanup());

const statusOn = async (day: number, events: unknown[]) => {
  t = await testCollector({ now: T0 + day * DAY });
  await t.send(events);
  const a = (await t.get('/v1/accounts/acme/activation')).json();
  await t.cleanup();
  return a.status as string;
};

describe('status over time, through the API', () => {
  const tenSeats = [group('e1', 'acme', { seats: 10, signedAt: at(0) }), identify('e1', 'end_user'), identify('e2', 'end_user')];

  it('is never at_risk before day 7, and at_risk from day 7 with nobody activated', async () => {
    expect(await statusOn(6.99, tenSeats)).toBe('on_track');
    expect(await statusOn(7, tenSeats)).toBe('at_risk');
  });

  it('compares with half the pace of the day: 1 of 10 seats is on track on day 17, at risk on day 18', async () => {
    // pace(17) = 0.7 · 17/60 = 0.198, half = 0.099 < 0.1; pace(18) = 0.21, half = 0.105 > 0.1
    expect(await statusOn(17, [...tenSeats, ...activate('e1', 1)])).toBe('on_track');
    expect(await statusOn(18, [...tenSeats, ...activate('e1', 1)])).toBe('at_risk');
  });

  it('is activated at 7 of 10 seats whatever the day', async () => {
    const seven = [...tenSeats, ...Array.from({ length: 7 }, (_, i) => [identify(`u${i}`, 'end_user'), ...activate(`u${i}`, 2)]).flat()];
    expect(await statusOn(3, seven)).toBe('activated');
    expect(await statusOn(300, seven)).toBe('activated');
  });

  it('counts days from the first event when signedAt is unknown', async () => {
    const noSignature = [identify('e1', 'end_user', 'acme', 10), identify('e2', 'end_user', 'acme', 12)];
    expect(await statusOn(16.9, noSignature)).toBe('on_track');
    expect(await statusOn(17, noSignature)).toBe('at_risk');
  });
});

describe('time to first value', () => {
  it('is the exact fraction of days between signature and the first activation', async () => {
    t = await testCollector({ now: T0 + 30 * DAY });
    await t.send([
      group('e1', 'acme', { seats: 3, signedAt: at(0) }),
      identify('e1', 'end_user'),
      identify('e2', 'end_user'),
      ...activate('e2', 5),
      ...activate('e1', 2 + 1 / 24),
    ]);
    const a = (await t.get('/v1/accounts/acme/activation')).json();
    expect(a.firstValueAt).toBe(at(2 + 1 / 24));
    expect(a.timeToFirstValueDays).toBeCloseTo(49 / 24, 9);
  });
});

describe('account-scoped items', () => {
  it("shows an item an admin completed on every end-user's progress, with the admin's time", async () => {
    t = await testCollector();
    await t.send([identify('a1', 'admin'), identify('e1', 'end_user'), identify('x1', 'end_user', 'other')]);
    await t.send([track('a1', 'pipeline_created', 3)]);
    const team = async (userId: string) =>
      (await t.get(`/v1/users/${userId}/progress`, t.keys.publishableKey)).json().items.find((i: { id: string }) => i.id === 'team');
    expect(await team('e1')).toEqual({ id: 'team', done: true, completedAt: at(3) });
    // An end-user identified later in the same account has it done too; another account does not.
    await t.send([identify('e2', 'end_user', 'acme', 4)]);
    expect(await team('e2')).toEqual({ id: 'team', done: true, completedAt: at(3) });
    expect(await team('x1')).toEqual({ id: 'team', done: false, completedAt: null });
  });
});
