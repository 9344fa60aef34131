import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTime, timestampProblem } from './date-time.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const _leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Whether Date.UTC keeps the fields as given (it rolls 30 February into March). */
const real = (t: { year: number; month: number; day: number; hour: number; minute: number; second: number }) => {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
  d.setUTCFullYear(t.year, t.month - 1, t.day); // years 0-99 as written
  return d.getUTCMonth() === t.month - 1 && d.getUTCDate() === t.day && t.hour <= 23 && t.minute <= 59 && t.second <= 59 && t.month >= 1;
};
/** Timestamps in the usual form, with fields past their bounds too (month 13, day 31 in February, hour 24, second 60). */
const fields = fc.record({
  year: fc.integer({ min: 0, max: 9999 }),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 25 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 61 }),
  ms: fc.option(fc.integer({ min: 0, max: 999 })),
});
type Fields = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number | null };
const text = (t: Fields) =>
  `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.ms === null ? '' : `.${pad(t.ms, 3)}`}Z`;
const NOW = Date.parse('2026-12-06T08:00:00Z');

describe('dateTime', () => {
  it('reads the usual form as Date.parse does where every field is within the calendar, and refuses the rest', () => {
    fc.assert(
      fc.property(fields, (t) => {
        const s = text(t);
        return real(t) ? dateTime(s) === Date.parse(s) : Number.isNaN(dateTime(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads offsets, fractions and lower case as RFC 3339 says', () => {
    for (const s of [
      '2026-11-01T00:00:00+02:00',
      '2026-11-01T00:00:00.5Z',
      '2026-11-01t00:00:00.000z',
      '2026-11-01T10:00:00.123456-05:30',
    ]) {
      expect(dateTime(s)).toBe(Date.parse(s.toUpperCase().replace('123456', '123')));
    }
    expect(dateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses forms without a zone, without a time, or past the calendar', () => {
    for (const s of [
      '2026-11-01',
      '2026-11-01T00:00:00',
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-11-01T24:00:00.000Z',
      '2026-11-01T00:00:00+24:00',
      'Nov 1 2026',
      '1793491200000',
      '',
      '2026-1-01T00:00:00.000Z',
      '2026-11-01 00:00:00Z',
    ]) {
      expect(dateTime(s), s).toBeNaN();
    }
  });

  it('answers a string read again as it did the first time, whatever was read between', () => {
    const any = fc.oneof(fields.map(text), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(fc.tuple(any, any), ([a, b]) => {
        const first = [dateTime(a), dateTime(b)];
        return [a, a, b, b, a].every((s) => Object.is(dateTime(s), first[s === a ? 0 : 1]));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('timestampProblem', () => {
  it('names why a timestamp is refused: no zone, not a day, before 2000, more than 24 h ahead', () => {
    expect(timestampProblem('2026-11-01T00:00:00', NOW)).toMatch(/no time zone/);
    expect(timestampProblem('2026-02-30T00:00:00Z', NOW)).toMatch(/2026-02-30 is not a day of the calendar/);
    expect(timestampProblem('0001-01-01T00:00:00Z', NOW)).toMatch(/before 2000/);
    expect(timestampProblem('9999-12-31T23:59:59Z', NOW)).toMatch(/more than 24 hours ahead/);
    expect(timestampProblem('2026-11-01T25:00:00Z', NOW)).toMatch(/out of range/);
    expect(timestampProblem('yesterday', NOW)).toMatch(/not an RFC 3339 date-time/);
  });

  it('takes any real instant from 2000 to a day ahead, in any zone', () => {
    const instants = fc.integer({ min: Date.UTC(2000, 0, 1) + 14 * 3_600_000, max: NOW + 86_400_000 - 14 * 3_600_000 });
    const offsets = fc.integer({ min: -14 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(instants, offsets, (t, off) => {
        const local = new Date(t + off * 60_000).toISOString().slice(0, 19);
        const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60), 2)}:${pad(Math.abs(off) % 60, 2)}`;
        const s = local + zone;
        return timestampProblem(s, NOW) === undefined && dateTime(s) === Math.floor(t / 1000) * 1000;
      }),
      { numRuns: 10_000 },
    );
  });
});
