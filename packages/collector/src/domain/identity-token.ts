import { dateTime } from './date-time.js';
import type { BatchEvent } from './event-schemas.js';

/**
 * Signed identity tokens: a JWT the vendor's server signs (HS256, the project's signing
 * secret) for each signed-in person. The rules here are pure; verifying the signature is
 * `http/identity-tokens.ts`, with jose.
 */

export type TokenMode = 'off' | 'report' | 'enforce';
export const TOKEN_MODES: readonly TokenMode[] = ['off', 'report', 'enforce'];

/** What a verified token says of its person. */
export interface IdentityClaims {
  sub: string;
  accountId: string;
  role: string;
  /** Seconds since the epoch, as in the JWT. */
  exp: number;
  account: { seats?: number; signedAt?: string; name?: string };
}

/** A token checked: its claims, or why it is refused. */
export type TokenCheck = { claims: IdentityClaims; error?: undefined } | { claims?: undefined; error: string };

/** How many publishable-key events came with a valid, an invalid and no token. */
export type TokenCounts = { valid: number; invalid: number; missing: number };
export const noTokens = (): TokenCounts => ({ valid: 0, invalid: 0, missing: 0 });
/** The hour (since the epoch) a time falls in: token counts are kept per hour, so that the last 24 hours are summed from 24 rows. */
export const hourOf = (ms: number) => Math.floor(ms / 3_600_000);

/** A token may say who someone is for at most a day. */
const MAX_LIFETIME_S = 24 * 60 * 60;
/** Ids the database keeps as keys: no U+0000, no half a character (see `admission.ts`). */
const idOk = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= max && !v.includes('\0') && !/[\uD800-\uDFFF]/u.test(v);

/** The claims of a token whose signature held, or why they cannot be used. */
export function claimsOf(payload: Record<string, unknown>): IdentityClaims | string {
  const { sub, accountId, role, iat, exp, account } = payload;
  if (!idOk(sub, 200)) return 'token: sub (the userId) must be a string of 1 to 200 characters, without U+0000 or lone surrogates';
  if (!idOk(accountId, 200)) return 'token: accountId must be a string of 1 to 200 characters, without U+0000 or lone surrogates';
  if (!idOk(role, 100)) return 'token: role must be a string of 1 to 100 characters';
  if (typeof iat !== 'number' || typeof exp !== 'number') return 'token: iat and exp must be numbers (seconds since 1970)';
  if (exp - iat > MAX_LIFETIME_S)
    return 'token: exp may be at most 24 hours after iat; sign a token per page load or session, not one for ever';
  if (account === undefined) return { sub, accountId, role, exp, account: {} };
  if (typeof account !== 'object' || account === null || Array.isArray(account))
    return 'token: account must be an object { seats?, signedAt?, name? }';
  const { seats, signedAt, name, ...rest } = account as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) return `token: account.${unknown} is not a claim the collector knows (seats, signedAt, name)`;
  if (seats !== undefined && !(Number.isInteger(seats) && (seats as number) >= 0 && (seats as number) <= 10_000_000))
    return 'token: account.seats must be a whole number from 0 to 10000000';
  if (signedAt !== undefined && !(typeof signedAt === 'string' && !Number.isNaN(dateTime(signedAt))))
    return 'token: account.signedAt must be an RFC 3339 date-time such as 2026-10-01T00:00:00Z';
  if (name !== undefined && !(typeof name === 'string' && name.length <= 500))
    return 'token: account.name must be a string of at most 500 characters';
  const traits: IdentityClaims['account'] = {};
  if (seats !== undefined) traits.seats = seats as number;
  if (signedAt !== undefined) traits.signedAt = signedAt as string;
  if (name !== undefined) traits.name = name as string;
  return { sub, accountId, role, exp, account: traits };
}

const disagrees = (field: string, sent: unknown, signed: unknown) =>
  `${field}: ${JSON.stringify(sent)} disagrees with the signed token's ${signed === undefined ? 'claims, which leave it out' : JSON.stringify(signed)}; under enforce it comes from the token alone`;

const sameTrait = (key: string, sent: unknown, signed: unknown) =>
  sent === signed || (key === 'signedAt' && typeof sent === 'string' && typeof signed === 'string' && dateTime(sent) === dateTime(signed));

/**
 * Puts the token's identity on an event sent with the publishable key under `enforce`: the
 * role, the account and the account's traits come from the token alone. Refuses (naming
 * the field) an event that claims otherwise; undefined when the event now carries the
 * signed identity.
 */
export function signIdentity(ev: BatchEvent, c: IdentityClaims): string | undefined {
  if (ev.userId !== c.sub) return `token: it was signed for userId ${JSON.stringify(c.sub)}, not ${JSON.stringify(ev.userId)}`;
  if (ev.type === 'identify') {
    const { role, accountId } = ev.traits;
    if (role !== undefined && role !== c.role) return disagrees('traits.role', role, c.role);
    if (accountId !== undefined && accountId !== c.accountId) return disagrees('traits.accountId', accountId, c.accountId);
    ev.traits.role = c.role;
    ev.traits.accountId = c.accountId;
    return undefined;
  }
  if (ev.type === 'group') {
    if (ev.groupId !== c.accountId) return disagrees('groupId', ev.groupId, c.accountId);
    const traits = ev.traits ?? {};
    for (const key of ['seats', 'signedAt', 'name'] as const) {
      if (traits[key] !== undefined && !sameTrait(key, traits[key], c.account[key]))
        return disagrees(`traits.${key}`, traits[key], c.account[key]);
    }
    ev.traits = { ...traits, ...c.account };
    return undefined;
  }
  if (ev.accountId !== undefined && ev.accountId !== c.accountId) return disagrees('accountId', ev.accountId, c.accountId);
  ev.accountId = c.accountId;
  return undefined;
}
