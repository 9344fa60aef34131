import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ProjectKeys } from '../domain/storage.js';

/** Secret keys are stored as their SHA-256: a leaked database does not leak them. */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

/** A new project's id and keys; 24 random bytes make a key unguessable. */
export const newProjectKeys = (): ProjectKeys => ({ projectId: randomUUID(), publishableKey: token('pk'), secretKey: token('sk') });
