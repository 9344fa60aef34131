import { percent, roleLabel } from '../lib/format.js';
import type { RoleNumbers } from '../types.js';

/** Users and activations per role. */
export function RolesTable({ byRole }: { byRole: Record<string, RoleNumbers> }) {
  const roles = Object.entries(byRole);
  if (roles.length === 0) return <p class="muted">No one in this account yet.</p>;
  return (
    <table class="compact">
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col" class="num">
            People
          </th>
          <th scope="col" class="num">
            Activated
          </th>
          <th scope="col" class="num">
            Rate
          </th>
        </tr>
      </thead>
      <tbody>
        {roles.map(([role, r]) => (
          <tr key={role}>
            <th scope="row">{roleLabel(role)}</th>
            <td class="num">{r.users}</td>
            <td class="num">{r.activated}</td>
            <td class="num">{percent(r.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
