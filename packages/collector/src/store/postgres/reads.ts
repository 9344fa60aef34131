import type { Checklist } from '@firstwin/sdk/rules';
import type pg from 'pg';
import { PACKED_EVENT_NAME } from '../../domain/packed.js';
import type { Store } from '../../domain/storage.js';
import { ACCOUNT_STATE_COLUMNS, USER_STATE_COLUMNS, accountStateFrom, tokenCountsFrom, userStateFrom } from '../rows.js';
import { storable } from './text.js';

/** A project's checklists, read on any connection. */
export async function checklistsOf(c: pg.PoolClient | pg.Pool, projectId: string): Promise<Checklist[]> {
  const { rows } = await c.query('SELECT body FROM checklists WHERE project_id = $1', [projectId]);
  return rows[0] ? (JSON.parse(rows[0].body) as Checklist[]) : [];
}

/** What the read API asks of the store. */
export function reads(
  pool: pg.Pool,
): Pick<Store, 'getChecklists' | 'getAccount' | 'listAccounts' | 'accountUsers' | 'accountedUsers' | 'getUser' | 'stats' | 'tokenCounts'> {
  return {
    async tokenCounts(projectId, sinceHour) {
      const sql =
        'SELECT SUM(valid) AS valid, SUM(invalid) AS invalid, SUM(missing) AS missing FROM token_counts WHERE project_id = $1 AND hour >= $2';
      return tokenCountsFrom((await pool.query(sql, [projectId, sinceHour])).rows[0]);
    },
    getChecklists: (projectId) => checklistsOf(pool, projectId),
    async getAccount(projectId, accountId) {
      if (!storable(accountId)) return undefined;
      const { rows } = await pool.query(`SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = $1 AND account_id = $2`, [
        projectId,
        accountId,
      ]);
      return rows[0] && accountStateFrom(rows[0]);
    },
    async listAccounts(projectId) {
      const sql = `SELECT ${ACCOUNT_STATE_COLUMNS} FROM accounts WHERE project_id = $1 ORDER BY account_id`;
      return (await pool.query(sql, [projectId])).rows.map(accountStateFrom);
    },
    async accountUsers(projectId, accountId) {
      if (!storable(accountId)) return [];
      const sql = `SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = $1 AND account_id = $2 ORDER BY user_id`;
      return (await pool.query(sql, [projectId, accountId])).rows.map(userStateFrom);
    },
    async accountedUsers(projectId) {
      const sql = `SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = $1 AND account_id IS NOT NULL`;
      return (await pool.query(sql, [projectId])).rows.map(userStateFrom);
    },
    async getUser(projectId, userId) {
      if (!storable(userId)) return undefined;
      const { rows } = await pool.query(`SELECT ${USER_STATE_COLUMNS} FROM users WHERE project_id = $1 AND user_id = $2`, [
        projectId,
        userId,
      ]);
      return rows[0] && userStateFrom(rows[0]);
    },
    async stats(projectId, event) {
      const one = async (sql: string, args: unknown[]) => Number((await pool.query(sql, args)).rows[0]?.n ?? 0);
      return {
        events:
          event === undefined
            ? await one('SELECT COUNT(*) AS n FROM seen WHERE project_id = $1', [projectId])
            : storable(event)
              ? await one(
                  `SELECT COUNT(*) AS n FROM runs, json_array_elements(runs.body::json) AS e WHERE project_id = $1 AND tracks AND e ->> ${PACKED_EVENT_NAME} = $2`,
                  [projectId, event],
                )
              : 0,
        users: await one('SELECT COUNT(*) AS n FROM users WHERE project_id = $1', [projectId]),
        accounts: await one('SELECT COUNT(*) AS n FROM accounts WHERE project_id = $1', [projectId]),
        droppedBySdk: await one('SELECT dropped_events AS n FROM projects WHERE id = $1', [projectId]),
      };
    },
  };
}
