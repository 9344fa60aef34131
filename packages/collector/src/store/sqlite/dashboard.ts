import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DashboardStorage, DashboardUser } from '../../domain/dashboard.js';
import { targetFrom } from '../rows.js';

type SessionRow = {
  user_id: string;
  email: string;
  project_id: string;
  project_name: string;
  user_hash_secret: string | null;
  activation_target: string | null;
};

/** Dashboard users and sessions on one connection (the writer's for writes, when there is one). */
export function dashboardTables(db: Database.Database): DashboardStorage {
  const q = {
    projects: db.prepare<[string, string], { id: string; name: string }>('SELECT id, name FROM projects WHERE id = ? OR name = ? LIMIT 3'),
    insertUser: db.prepare(
      'INSERT INTO dashboard_users (id, email, project_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING',
    ),
    deleteUser: db.prepare<[string]>('DELETE FROM dashboard_users WHERE email = ?'),
    user: db.prepare<[string], { id: string; email: string; project_id: string; password_hash: string }>(
      'SELECT id, email, project_id, password_hash FROM dashboard_users WHERE email = ?',
    ),
    expire: db.prepare<[number]>('DELETE FROM dashboard_sessions WHERE expires_at <= ?'),
    insertSession: db.prepare('INSERT INTO dashboard_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare<[string, number], SessionRow>(
      `SELECT u.id AS user_id, u.email, p.id AS project_id, p.name AS project_name, p.user_hash_secret, p.activation_target
       FROM dashboard_sessions s JOIN dashboard_users u ON u.id = s.user_id JOIN projects p ON p.id = u.project_id
       WHERE s.token_hash = ? AND s.expires_at > ?`,
    ),
    deleteSession: db.prepare<[string]>('DELETE FROM dashboard_sessions WHERE token_hash = ?'),
  };
  return {
    async findProjectRef(nameOrId) {
      const rows = q.projects.all(nameOrId, nameOrId);
      const byId = rows.find((r) => r.id === nameOrId);
      if (byId) return byId;
      return rows.length > 1 ? 'ambiguous' : rows[0];
    },
    async createDashboardUser({ email, projectId, passwordHash }) {
      return q.insertUser.run(randomUUID(), email, projectId, passwordHash, Date.now()).changes ? 'created' : 'taken';
    },
    async deleteDashboardUser(email) {
      return q.deleteUser.run(email).changes > 0;
    },
    async dashboardUser(email): Promise<DashboardUser | undefined> {
      const row = q.user.get(email);
      return row && { id: row.id, email: row.email, projectId: row.project_id, passwordHash: row.password_hash };
    },
    async createSession({ tokenHash, userId, expiresAt }, now) {
      db.transaction(() => {
        q.expire.run(now);
        q.insertSession.run(tokenHash, userId, now, expiresAt);
      })();
    },
    async dashboardSession(tokenHash, now) {
      const row = q.session.get(tokenHash, now);
      return (
        row && {
          userId: row.user_id,
          email: row.email,
          project: {
            id: row.project_id,
            name: row.project_name,
            userHashSecret: row.user_hash_secret,
            activationTarget: targetFrom(row.activation_target),
          },
        }
      );
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },
  };
}
