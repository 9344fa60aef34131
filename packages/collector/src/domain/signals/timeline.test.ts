import { describe, expect, it } from 'vitest';
import { DAY, T0 } from '../../test-helpers.js';
import { MAX_DAYS, timelineOf } from './timeline.js';

const acme = { accountId: 'acme', signedAt: new Date(T0).toISOString(), seats: 4 };

describe('an account timeline', () => {
  it('has one entry per day from day 0 to today, each counting people activated by its end', () => {
    const t = timelineOf(acme, [T0 - DAY, T0 + 1.5 * DAY, T0 + 2 * DAY - 1, T0 + 2 * DAY], T0, T0 + 2.2 * DAY);
    expect(t).toEqual({
      accountId: 'acme',
      signedAt: acme.signedAt,
      seats: 4,
      days: [
        { day: 0, date: '2026-10-01', activatedSeats: 1, rate: 0.25, pace: 0 },
        { day: 1, date: '2026-10-02', activatedSeats: 3, rate: 0.75, pace: 0.7 / 60 },
        { day: 2, date: '2026-10-03', activatedSeats: 4, rate: 1, pace: (0.7 * 2) / 60 },
      ],
    });
  });

  it('dates each day by the UTC date it starts on, and paces against the project target', () => {
    const start = T0 + 15 * 3_600_000;
    const t = timelineOf(acme, [], start, start + 10 * DAY, { rate: 0.5, days: 5 });
    expect(t.days).toHaveLength(11);
    expect(t.days[3]).toEqual({ day: 3, date: '2026-10-04', activatedSeats: 0, rate: 0, pace: 0.3 });
    expect(t.days[10]!.pace).toBe(0.5);
  });

  it('stops at a year, and is empty while the start is ahead', () => {
    const long = timelineOf(acme, [], T0, T0 + 1000 * DAY);
    expect(long.days).toHaveLength(MAX_DAYS);
    expect(long.days.at(-1)!.day).toBe(MAX_DAYS - 1);
    expect(timelineOf(acme, [], T0 + DAY, T0).days).toEqual([]);
  });

  it('gives a rate of 0 without seats', () => {
    expect(timelineOf({ ...acme, seats: 0 }, [], T0, T0).days).toEqual([
      { day: 0, date: '2026-10-01', activatedSeats: 0, rate: 0, pace: 0 },
    ]);
  });
});
