import type { ActivationSummary } from '../domain/summary.js';

const COLUMNS = [
  'accountId',
  'name',
  'status',
  'seats',
  'seatsKnown',
  'activatedSeats',
  'seatActivationRate',
  'signedAt',
  'firstValueAt',
  'timeToFirstValueDays',
  'health.score',
  'health.seatPace',
  'health.milestones',
  'health.sponsor',
  'checkpoints.d30',
  'checkpoints.d60',
  'checkpoints.d90',
  // Added last: a column added anywhere else would move the ones after it.
  'lastActivityAt',
] as const;

/** A column's value: nested fields are named by their path, as in the JSON. */
const valueAt = (r: ActivationSummary, column: (typeof COLUMNS)[number]): unknown => {
  const [field, sub] = column.split('.') as [keyof ActivationSummary, string?];
  return sub === undefined ? r[field] : (r[field] as unknown as Record<string, unknown>)[sub];
};

/**
 * RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a
 * formula: account names and ids come from the vendor's users.
 */
export function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: ActivationSummary[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) lines.push(COLUMNS.map((c) => cell(valueAt(r, c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
