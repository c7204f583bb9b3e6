import { useEffect, useState } from 'react';

export type Route =
  | 'dashboard'
  | 'transactions'
  | 'accounts'
  | 'account'
  | 'connections'
  | 'settings'
  | 'link'
  // Recurring bills (issue 11)
  | 'bills';

/** `account`: one account's page, `#/account/<id>` (see pages/account-route.ts). */
const ROUTES: Route[] = [
  'dashboard',
  'transactions',
  'accounts',
  'account',
  'connections',
  'settings',
  'link',
  // Recurring bills (issue 11)
  'bills',
];

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

/** A tiny hash router: `#/transactions` etc. (works from file://, app:// and http:// alike). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
