import { useEffect, useState } from 'preact/hooks';

export type Route = { page: 'accounts' } | { page: 'account'; accountId: string } | { page: 'webhooks' };

/** `#/accounts/<id>`, `#/webhooks`; anything else is the accounts page. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'webhooks') return { page: 'webhooks' };
  if (parts[0] === 'accounts' && parts[1]) {
    try {
      return { page: 'account', accountId: decodeURIComponent(parts.slice(1).join('/')) };
    } catch {
      /* malformed: the list */
    }
  }
  return { page: 'accounts' };
}

export const accountHref = (accountId: string) => `#/accounts/${encodeURIComponent(accountId)}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
