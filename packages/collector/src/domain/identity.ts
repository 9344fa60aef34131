import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Caller } from './storage.js';

/**
 * What the vendor's backend computes for each signed-in person and hands to
 * `identify(userId, { userHash })`: hex HMAC-SHA256 of the userId.
 */
export const userHash = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

/**
 * Whether this caller may act for `userId`. Secret keys live on servers and speak for
 * anyone; a publishable key is public, so once verification is on it needs the
 * person's userHash.
 */
export function mayActFor(who: Caller, userId: string, hash: unknown): boolean {
  if (who.kind === 'secret' || who.userHashSecret === null) return true;
  if (typeof hash !== 'string') return false;
  const want = Buffer.from(userHash(who.userHashSecret, userId), 'hex');
  const got = Buffer.from(hash, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}
