import { DASH, dateTime, roleLabel } from '../lib/format.js';
import type { AccountUser } from '../types.js';

/** Everyone known in the account: role, when they activated, how many items they did, last seen. */
export function PeopleTable({ users }: { users: AccountUser[] }) {
  if (users.length === 0) return <p class="muted">No one in this account yet.</p>;
  return (
    <div class="scroll scroll-tall" role="region" aria-label="People table" tabIndex={0}>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Activated at</th>
            <th scope="col" class="num">
              Items done
            </th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.userId}>
              <th scope="row">{u.userId}</th>
              <td>{roleLabel(u.role)}</td>
              <td>{u.activatedAt ? dateTime(u.activatedAt) : <span class="muted">not yet</span>}</td>
              <td class="num">{u.itemsDone.length}</td>
              <td>{u.lastSeenAt ? dateTime(u.lastSeenAt) : DASH}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
