import { SignJWT } from 'jose';

/** What a signed identity token says of one signed-in person (see the README's "Identity verification"). */
export interface IdentityTokenClaims {
  userId: string;
  accountId: string;
  role: string;
  /** The account's traits, set from the token alone under enforce. */
  account?: { seats?: number; signedAt?: string; name?: string };
  /** Seconds the token lives, at most a day (default: one hour). */
  expiresInS?: number;
}

/**
 * For the vendor's Node backend: the signed identity token (HS256, keyed by the project's
 * `idv_…` secret) to hand to `identify(userId, { token })`. Any JWT library does the same.
 */
export function identityToken(
  secret: string,
  { userId, accountId, role, account, expiresInS = 3600 }: IdentityTokenClaims,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ accountId, role, ...(account && { account }) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiresInS)
    .sign(new TextEncoder().encode(secret));
}
