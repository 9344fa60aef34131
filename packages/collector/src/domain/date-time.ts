const ZERO = 48;
const [DASH, COLON, DOT, T, Z] = ['-', ':', '.', 'T', 'Z'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number];
const DAY_MS = 86_400_000;
/** The earliest instant an event may be dated: a year-1 event made negative times to first value. */
const EARLIEST = Date.UTC(2000, 0, 1);
/** How far ahead of the collector's clock a client's clock may run. */
export const CLOCK_SKEW_MS = DAY_MS;

/** The digit at `at` of `s`, or NaN when it is not one. */
function one(s: string, at: number): number {
  const d = s.charCodeAt(at) - ZERO;
  return d >= 0 && d <= 9 ? d : NaN;
}
const two = (s: string, at: number) => one(s, at) * 10 + one(s, at + 1);

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (year: number, month: number) => (month === 2 ? (leap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** Epoch ms of fields already read, NaN when one is out of its range (30 February, hour 24, second 60). */
function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (
    !(
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysIn(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      ms >= 0
    )
  )
    return NaN;
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ`, the form every SDK sends, read
 * without a regular expression; NaN for anything else.
 */
function usual(s: string): number {
  const millis = s.length === 24;
  if (
    (!millis && s.length !== 20) ||
    s.charCodeAt(4) !== DASH ||
    s.charCodeAt(7) !== DASH ||
    s.charCodeAt(10) !== T ||
    s.charCodeAt(13) !== COLON ||
    s.charCodeAt(16) !== COLON ||
    s.charCodeAt(s.length - 1) !== Z ||
    (millis && s.charCodeAt(19) !== DOT)
  )
    return NaN;
  return instant(
    two(s, 0) * 100 + two(s, 2),
    two(s, 5),
    two(s, 8),
    two(s, 11),
    two(s, 14),
    two(s, 17),
    millis ? two(s, 20) * 10 + one(s, 22) : 0,
  );
}

/** RFC 3339 section 5.6: a full date, `T`, a full time with optional fraction, and `Z` or an offset. */
const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d\d):(\d\d))$/;

/** Any other RFC 3339 form (an offset, a fraction of other than three digits, lower case `t` and `z`). */
function general(s: string): number {
  const m = RFC3339.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, frac = '', zulu, sign, oh, om] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const local = instant(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec), ms);
  if (zulu) return local;
  if (Number(oh) > 23 || Number(om) > 59) return NaN;
  return local - (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
}

/** The string read last, and what it read as. */
const last = { text: '', time: NaN };

/**
 * Epoch ms of an RFC 3339 timestamp (a `Z` or an offset required, every field within its
 * calendar), NaN when it is not one. Every event has its timestamp checked and then read:
 * the usual form is read without the regular expression, in about half the time.
 */
export function dateTime(s: string): number {
  // The check and the read come one after the other, for the same string.
  if (s === last.text) return last.time;
  const t = usual(s);
  last.text = s;
  last.time = Number.isNaN(t) ? general(s) : t;
  return last.time;
}

/** A date and a time of day with no zone after them. */
const ZONELESS = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?$/;

/**
 * Why `s` cannot date an event (or a contract), in words a developer can act on:
 * RFC 3339 with a zone, a real calendar day, not before 2000, not more than a day ahead
 * of the collector's clock `now`. Undefined when it can.
 */
export function timestampProblem(s: string, now: number): string | undefined {
  const t = dateTime(s);
  if (Number.isNaN(t)) {
    if (ZONELESS.test(s)) return `"${s.slice(0, 40)}" has no time zone: end it with Z or an offset such as +02:00 (RFC 3339)`;
    const m = RFC3339.exec(s);
    if (m) {
      const [, y, mo, d] = m.map(Number) as number[];
      if (!(mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysIn(y!, mo!))) return `${s.slice(0, 10)} is not a day of the calendar`;
      return `"${s.slice(0, 40)}" has a time of day or an offset out of range (hours 00-23, minutes and seconds 00-59)`;
    }
    return `"${s.slice(0, 40)}" is not an RFC 3339 date-time such as 2026-11-22T10:00:00Z`;
  }
  if (t < EARLIEST) return `${s} is before 2000; send when it happened`;
  if (t > now + CLOCK_SKEW_MS)
    return `${s} is more than 24 hours ahead of the collector's clock (${new Date(now).toISOString()}); check the sender's clock`;
  return undefined;
}
