import { randomBytes } from 'node:crypto';

/** The header the browser sends its person's userHash in when reading their progress. */
export const USER_HASH_HEADER = 'x-firstwin-user-hash';

export const newUserHashSecret = () => `uh_${randomBytes(32).toString('base64url')}`;
