import type pg from 'pg';
import type { Store } from '../../domain/storage.js';
import { hashKey, newProjectKeys } from '../keys.js';
import { targetFrom, tokenModeFrom } from '../rows.js';
import { storable } from './text.js';
import { projectTransaction } from './transaction.js';

/** Projects: their keys and settings. */
export function projects(
  pool: pg.Pool,
): Pick<Store, 'createProject' | 'findProject' | 'setUserHashSecret' | 'setActivationTarget' | 'setIdentityTokens'> {
  return {
    async createProject(name) {
      const keys = newProjectKeys();
      await pool.query('INSERT INTO projects (id, name, publishable_key, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        keys.projectId,
        name,
        keys.publishableKey,
        hashKey(keys.secretKey),
        Date.now(),
      ]);
      return keys;
    },
    async findProject(key) {
      if (!storable(key)) return undefined;
      const [column, value, kind] = key.startsWith('pk_')
        ? ['publishable_key', key, 'publishable' as const]
        : key.startsWith('sk_')
          ? ['secret_hash', hashKey(key), 'secret' as const]
          : [];
      if (!column) return undefined;
      const { rows } = await pool.query(
        `SELECT id, user_hash_secret, activation_target, token_mode, token_secret FROM projects WHERE ${column} = $1`,
        [value],
      );
      const row = rows[0];
      return row
        ? {
            projectId: row.id as string,
            kind: kind!,
            userHashSecret: row.user_hash_secret as string | null,
            activationTarget: targetFrom(row.activation_target),
            tokenMode: tokenModeFrom(row.token_mode),
            tokenSecret: row.token_secret as string | null,
          }
        : undefined;
    },
    async setUserHashSecret(projectId, secret) {
      await pool.query('UPDATE projects SET user_hash_secret = $1 WHERE id = $2', [secret, projectId]);
    },
    async setIdentityTokens(projectId, mode, secret) {
      await pool.query('UPDATE projects SET token_mode = $1, token_secret = $2 WHERE id = $3', [mode, secret, projectId]);
    },
    async setActivationTarget(projectId, target) {
      // Every account's status may move with the target: the next sweep looks at them all.
      await projectTransaction(pool, projectId, async (c) => {
        await c.query('UPDATE projects SET activation_target = $1 WHERE id = $2', [target && JSON.stringify(target), projectId]);
        await c.query('UPDATE account_signals SET next_at = 0 WHERE project_id = $1', [projectId]);
      });
    },
  };
}
