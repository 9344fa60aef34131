const DAY_MS = 86_400_000;

export const DASH = '—';

export const percent = (rate: number | null | undefined): string =>
  rate === null || rate === undefined || !Number.isFinite(rate) ? DASH : `${Math.round(rate * 100)} %`;

export const days = (n: number | null | undefined): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const rounded = n < 10 ? Math.round(n * 10) / 10 : Math.round(n);
  return `${rounded} ${rounded === 1 ? 'day' : 'days'}`;
};

/** Whole days from `iso` to `now`, or null without a date. */
export const daysSince = (iso: string | null | undefined, now: number): number | null =>
  iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / DAY_MS)) : null;

/** A date as people read it, in UTC so every member of a team sees the same day. */
export const date = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) : DASH;

export const dateTime = (iso: string | null | undefined): string =>
  iso
    ? new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) +
      ' UTC'
    : DASH;

export const STATUS_LABEL: Record<string, string> = {
  activated: 'Activated',
  on_track: 'On track',
  at_risk: 'At risk',
  no_data: 'No data',
};
export const STATUSES = ['at_risk', 'on_track', 'activated', 'no_data'] as const;

export const roleLabel = (role: string | null): string =>
  role === null
    ? 'no role'
    : (({ admin: 'Admin', end_user: 'End user', sponsor: 'Executive sponsor' } as Record<string, string>)[role] ?? role);

export const accountName = (a: { accountId: string; name?: string | null }) => a.name || a.accountId;
