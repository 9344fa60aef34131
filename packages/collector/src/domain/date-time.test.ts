import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTime } from './date-time.js';

/** What the route accepted before: whatever Date.parse reads, starting with a calendar date. */
const reference = (s: string) => (/^\d{4}-\d\d-\d\d/.test(s) ? Date.parse(s) : NaN);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Timestamps in the usual form, with fields past their bounds too (month 13, day 31 in February, hour 24, second 60). */
const usualForm = fc.record({
  year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 25 }), minute: fc.integer({ min: 0, max: 60 }), second: fc.integer({ min: 0, max: 61 }),
  ms: fc.option(fc.integer({ min: 0, max: 999 })),
}).map((t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.ms === null ? '' : `.${pad(t.ms, 3)}`}Z`);

describe('dateTime', () => {
  it('reads the usual forms as Date.parse does, at and past every bound', () => {
    fc.assert(fc.property(usualForm, (s) => Object.is(dateTime(s), reference(s))), { numRuns: 20_000 });
  });

  it('reads every other form as before, and refuses what does not start with a date', () => {
    const near = usualForm.chain((s) => fc.tuple(fc.nat(s.length - 1), fc.string({ maxLength: 2 })).map(([at, put]) => s.slice(0, at) + put + s.slice(at + 1)));
    fc.assert(fc.property(fc.oneof(near, fc.string({ maxLength: 30 })), (s) => Object.is(dateTime(s), reference(s))), { numRuns: 20_000 });
    for (const s of ['2026-11-01T00:00:00+02:00', '2026-11-01', '2026-11-01T00:00:00.5Z', '2026-11-01t00:00:00.000z', '2026-11-01T24:00:00.000Z', '0050-01-01T00:00:00.000Z']) {
      expect(dateTime(s)).toBe(Date.parse(s));
    }
    for (const s of ['Nov 1 2026', '1793491200000', '', '2026-1-01T00:00:00.000Z']) expect(dateTime(s)).toBeNaN();
  });

  it('answers a string read again as it did the first time, whatever was read between', () => {
    const pairs = fc.tuple(fc.oneof(usualForm, fc.string({ maxLength: 30 })), fc.oneof(usualForm, fc.string({ maxLength: 30 })));
    fc.assert(fc.property(pairs, ([a, b]) => [a, a, b, b, a].every((s) => Object.is(dateTime(s), reference(s)))), { numRuns: 5_000 });
  });
});
