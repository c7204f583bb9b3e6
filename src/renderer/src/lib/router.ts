import { useEffect, useState } from 'react';

export type Route =
  | 'dashboard'
  | 'transactions'
  | 'accounts'
  | 'account'
  | 'connections'
  | 'settings'
  | 'link'
  | 'import'
  | 'budget'
  | 'categories'
  | 'rules'
  | 'bills';

/** `account`: one account's page, `#/account/<id>` (see pages/account-route.ts). */
const ROUTES: Route[] = ['dashboard', 'transactions', 'accounts', 'account', 'connections', 'settings', 'link', 'import', 'budget', 'categories', 'rules', 'bills'];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as string[]).includes(name) ? (name as Route) : 'dashboard';
}

export function navigate(route: Route, query?: URLSearchParams): void {
  const q = query?.toString();
  window.location.hash = `#/${route}${q ? `?${q}` : ''}`;
}

/** The route's query (`#/transactions?category=groceries&from=…` → its parameters); a drill-down's filter. */
export function routeQuery(hash: string): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/**
 * A tiny hash router: `#/transactions` etc. (works from file://, app:// and http:// alike). A new page starts at
 * its top, as a new document would: a drill-down from far down the dashboard must not open the list mid-page.
 */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    let current = parseRoute(window.location.hash);
    const onChange = () => {
      const next = parseRoute(window.location.hash);
      if (next !== current) window.scrollTo(0, 0);
      current = next;
      setRoute(next);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
