import type { Store } from '../../domain/storage.js';
import { accountStateFrom, tokenCountsFrom, userStateFrom } from '../rows.js';
import type { ChecklistsRead } from './projects.js';
import type { Queries } from './queries.js';

/** What the read API asks of the store. */
export function reads(
  q: Queries,
  numOf: (projectId: string) => number,
  readChecklists: (projectId: string) => ChecklistsRead,
): Pick<Store, 'getChecklists' | 'getAccount' | 'listAccounts' | 'accountUsers' | 'accountedUsers' | 'getUser' | 'stats' | 'tokenCounts'> {
  return {
    async tokenCounts(projectId, sinceHour) {
      return tokenCountsFrom(q.tokenCounts.get(projectId, sinceHour));
    },
    async getChecklists(projectId) {
      return readChecklists(projectId).checklists;
    },
    async getAccount(projectId, accountId) {
      const row = q.readAccount.get(projectId, accountId);
      return row && accountStateFrom(row);
    },
    async listAccounts(projectId) {
      return q.readAccounts.all(projectId).map(accountStateFrom);
    },
    async accountUsers(projectId, accountId) {
      return q.readUsersOf.all(projectId, accountId).map(userStateFrom);
    },
    async accountedUsers(projectId) {
      return q.readAccounted.all(projectId).map(userStateFrom);
    },
    async getUser(projectId, userId) {
      const row = q.readUser.get(projectId, userId);
      return row && userStateFrom(row);
    },
    async stats(projectId, event) {
      return {
        events: (event === undefined ? q.countEvents.get(numOf(projectId)) : q.countNamed.get(numOf(projectId), event))!.n,
        users: q.countUsers.get(projectId)!.n,
        accounts: q.countAccounts.get(projectId)!.n,
        droppedBySdk: q.dropped.get(projectId)?.n ?? 0,
      };
    },
  };
}
