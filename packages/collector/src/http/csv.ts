import type { ActivationSummary } from '../domain/summary.js';

const COLUMNS = [
  'accountId', 'name', 'status', 'seats', 'seatsKnown', 'activatedSeats', 'seatActivationRate',
  'signedAt', 'firstValueAt', 'timeToFirstValueDays',
] as const;

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
  for (const r of rows) lines.push(COLUMNS.map((c) => cell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
