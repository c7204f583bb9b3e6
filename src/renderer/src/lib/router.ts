import { useEffect, useState } from 'react';

export type Route = 'dashboard' | 'transactions' | 'accounts' | 'connections' | 'settings' | 'link';

const ROUTES: Route[] = ['dashboard', 'transactions', 'accounts', 'connections', 'settings', 'link'];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as string[]).includes(name) ? (name as Route) : 'dashboard';
}

export function navigate(route: Route): void {
  window.location.hash = `#/${route}`;
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
