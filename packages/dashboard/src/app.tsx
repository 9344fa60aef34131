import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi, type ApiOptions } from './api.js';
import { useRoute } from './lib/route.js';
import { AccountPage } from './pages/account-page.js';
import { AccountsPage } from './pages/accounts-page.js';
import { SignIn } from './pages/sign-in.js';
import { WebhooksPage } from './pages/webhooks-page.js';
import { Header } from './components/header.js';
import type { Session } from './types.js';

// The address's hash is the route: the skip link moves focus instead of changing it.
const skipToContent = (e: Event) => {
  e.preventDefault();
  document.querySelector<HTMLElement>('main h1')?.focus();
};

interface Props {
  root: string;
  fetch?: ApiOptions['fetch'];
  now?: () => number;
}

/** Signed out: the sign-in form. Signed in: the page the address names, for the session's project only. */
export function App({ root, fetch, now = Date.now }: Props) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const api = useMemo(() => createApi({ root, fetch, onSignedOut: () => setSession(null) }), [root, fetch]);
  const route = useRoute();
  useEffect(() => {
    api.session().then(setSession, () => setSession(null));
  }, [api]);

  if (session === undefined)
    return (
      <p class="muted boot" role="status">
        Loading…
      </p>
    );
  if (session === null) return <SignIn api={api} onSignedIn={setSession} />;
  const signOut = () => api.signOut().finally(() => setSession(null));
  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to #main; the handler only keeps the hash router from reading it as a route */}
      <a class="skip" href="#main" onClick={skipToContent}>
        Skip to content
      </a>
      <Header session={session} route={route} onSignOut={signOut} />
      {route.page === 'accounts' && <AccountsPage api={api} now={now} />}
      {route.page === 'account' && <AccountPage key={route.accountId} api={api} accountId={route.accountId} now={now} />}
      {route.page === 'webhooks' && <WebhooksPage api={api} />}
    </>
  );
}
