import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { DashboardStorage } from '../../domain/dashboard.js';
import { targetFrom } from '../rows.js';
import { storable } from './text.js';
import { transaction } from './transaction.js';

/** Dashboard users and sessions. */
export function dashboardTables(pool: pg.Pool): DashboardStorage {
  return {
    async findProjectRef(nameOrId) {
      if (!storable(nameOrId)) return undefined;
      const { rows } = await pool.query<{ id: string; name: string }>('SELECT id, name FROM projects WHERE id = $1 OR name = $1 LIMIT 3', [
        nameOrId,
      ]);
      const byId = rows.find((r) => r.id === nameOrId);
      if (byId) return byId;
      return rows.length > 1 ? 'ambiguous' : rows[0];
    },
    async createDashboardUser({ email, projectId, passwordHash }) {
      const { rowCount } = await pool.query(
        'INSERT INTO dashboard_users (id, email, project_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING',
        [randomUUID(), email, projectId, passwordHash, Date.now()],
      );
      return rowCount ? 'created' : 'taken';
    },
    async deleteDashboardUser(email) {
      return ((await pool.query('DELETE FROM dashboard_users WHERE email = $1', [email])).rowCount ?? 0) > 0;
    },
    async dashboardUser(email) {
      if (!storable(email)) return undefined;
      const { rows } = await pool.query('SELECT id, email, project_id, password_hash FROM dashboard_users WHERE email = $1', [email]);
      const row = rows[0];
      return (
        row && {
          id: row.id as string,
          email: row.email as string,
          projectId: row.project_id as string,
          passwordHash: row.password_hash as string,
        }
      );
    },
    async createSession({ tokenHash, userId, expiresAt }, now) {
      await transaction(pool, async (c) => {
        await c.query('DELETE FROM dashboard_sessions WHERE expires_at <= $1', [now]);
        await c.query('INSERT INTO dashboard_sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
          tokenHash,
          userId,
          now,
          expiresAt,
        ]);
      });
    },
    async dashboardSession(tokenHash, now) {
      const { rows } = await pool.query(
        `SELECT u.id AS user_id, u.email, p.id AS project_id, p.name AS project_name, p.user_hash_secret, p.activation_target
         FROM dashboard_sessions s JOIN dashboard_users u ON u.id = s.user_id JOIN projects p ON p.id = u.project_id
         WHERE s.token_hash = $1 AND s.expires_at > $2`,
        [tokenHash, now],
      );
      const row = rows[0];
      return (
        row && {
          userId: row.user_id as string,
          email: row.email as string,
          project: {
            id: row.project_id as string,
            name: row.project_name as string,
            userHashSecret: row.user_hash_secret as string | null,
            activationTarget: targetFrom(row.activation_target),
          },
        }
      );
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM dashboard_sessions WHERE token_hash = $1', [tokenHash]);
    },
  };
}
