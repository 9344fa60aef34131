import { createHash } from 'node:crypto';

/** Secret keys are stored as their SHA-256: a leaked database does not leak them. */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
