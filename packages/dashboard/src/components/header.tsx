import type { Route } from '../lib/route.js';
import type { Session } from '../types.js';

interface Props {
  session: Session;
  route: Route;
  onSignOut: () => void;
}

export function Header({ session, route, onSignOut }: Props) {
  const current = (page: Route['page'][]) => (page.includes(route.page) ? 'page' : undefined);
  return (
    <header class="top">
      <span class="brand">
        Firstwin <span class="muted">· {session.projectName ?? session.projectId}</span>
      </span>
      <nav aria-label="Dashboard">
        <a href="#/accounts" aria-current={current(['accounts', 'account'])}>
          Accounts
        </a>
        <a href="#/webhooks" aria-current={current(['webhooks'])}>
          Webhooks
        </a>
      </nav>
      <span class="who">
        <span class="muted">{session.email}</span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </span>
    </header>
  );
}
