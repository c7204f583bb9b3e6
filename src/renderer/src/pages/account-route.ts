import { useEffect, useState } from 'react';

/** The address of one account's page. */
export function accountHref(accountId: string): string {
  return `#/account/${encodeURIComponent(accountId)}`;
}

/** The account id in `#/account/<id>`, or null on any other page. */
export function accountIdFromHash(hash: string): string | null {
  const m = /^#\/?account\/([^/?]+)/.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export function useAccountIdFromHash(): string | null {
  const [id, setId] = useState(() => accountIdFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setId(accountIdFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return id;
}
