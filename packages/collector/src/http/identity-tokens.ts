import { randomBytes, webcrypto } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { claimsOf, noTokens, type IdentityClaims, type TokenCheck } from '../domain/identity-token.js';
import type { TokenGate } from '../domain/admission.js';
import type { Caller } from '../domain/storage.js';

/** The header the browser sends its person's signed identity token in, on every read. */
export const TOKEN_HEADER = 'x-firstwin-token';
/** Verified tokens kept, the longest kept going first (one verified again costs ~50 µs). */
const KEPT = 10_000;
/** Longer than any token of these few claims; a longer string is not verified at all. */
const MAX_TOKEN_CHARS = 4096;

export const newTokenSecret = () => `idv_${randomBytes(32).toString('base64url')}`;

const encoder = new TextEncoder();
/** Projects whose signing key is kept imported. */
const KEYS_KEPT = 1000;

/** Why jose refused a token, in words the vendor can act on. */
function refusal(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token: expired; call identify(userId, { token }) again with a fresh one from your server';
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return "token: the signature does not match this project's signing secret (idv_…); sign it with the secret PUT /v1/identity-verification answered";
  if (err instanceof errors.JOSEAlgNotAllowed) return 'token: must be signed with HS256';
  if (err instanceof errors.JWTClaimValidationFailed) return `token: ${err.message} (claim ${err.claim})`;
  return 'token: not a signed JWT (three base64url parts separated by dots)';
}

/**
 * Signed identity tokens verified with jose (HS256 only, `sub`, `iat` and `exp` required), and
 * kept once verified: by their text, with the secret they were verified with, until their
 * `exp`, so a person's events are not verified one by one. A token that fails is not kept:
 * nobody can fill this memory without the secret. `now` is the clock tokens expire by.
 */
export function tokenVerifier(now: () => number = Date.now) {
  const kept = new Map<string, { secret: string; claims: IdentityClaims }>();
  // Imported once per secret: importing the key again for every token cost as much as the check.
  const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
  const keyOf = (secret: string) => {
    let key = keys.get(secret);
    if (!key) {
      if (keys.size >= KEYS_KEPT) keys.clear();
      keys.set(
        secret,
        (key = webcrypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])),
      );
    }
    return key;
  };
  const expired = (c: IdentityClaims) => c.exp * 1000 <= now();

  async function verify(secret: string, token: string): Promise<TokenCheck> {
    const hit = kept.get(token);
    if (hit?.secret === secret && !expired(hit.claims)) return { claims: hit.claims };
    if (hit) kept.delete(token);
    if (token.length > MAX_TOKEN_CHARS) return { error: `token: longer than ${MAX_TOKEN_CHARS} characters` };
    try {
      const { payload } = await jwtVerify(token, await keyOf(secret), {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'iat', 'exp'],
        currentDate: new Date(now()),
      });
      const claims = claimsOf(payload as Record<string, unknown>);
      if (typeof claims === 'string') return { error: claims };
      kept.set(token, { secret, claims });
      if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
      return { claims };
    } catch (err) {
      return { error: refusal(err) };
    }
  }

  /**
   * The tokens of a batch's events checked, each distinct one once, and counted as the events
   * are admitted; undefined where tokens are not asked about (the secret key, or mode `off`).
   * A browser's batch carries one person's token on every event: comparing it with the one
   * before costs a tenth of looking each up by its text (hashing 250 characters an event).
   */
  async function gate(who: Caller, events: readonly unknown[]): Promise<TokenGate | undefined> {
    if (who.kind !== 'publishable' || who.tokenMode === 'off' || who.tokenSecret === null) return undefined;
    const byText = new Map<string, TokenCheck>();
    const checks: Array<TokenCheck | undefined> = new Array(events.length);
    let last: string | undefined;
    let lastCheck: TokenCheck | undefined;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      const token = typeof ev === 'object' && ev !== null ? (ev as { token?: unknown }).token : undefined;
      if (typeof token !== 'string') continue;
      if (token !== last) {
        last = token;
        lastCheck = byText.get(token);
        if (!lastCheck) byText.set(token, (lastCheck = await verify(who.tokenSecret, token)));
      }
      checks[i] = lastCheck;
    }
    return { enforce: who.tokenMode === 'enforce', checks, counts: noTokens() };
  }

  /** Under `enforce`, the claims of a read's token for a publishable key; why it is refused otherwise (401). */
  async function reader(who: Caller, token: unknown): Promise<TokenCheck> {
    if (typeof token !== 'string' || token === '')
      return {
        error: `token: missing; this project enforces signed identity tokens: send the person's token in the ${TOKEN_HEADER} header`,
      };
    return verify(who.tokenSecret!, token);
  }

  return { verify, gate, reader };
}

export type TokenVerifier = ReturnType<typeof tokenVerifier>;
