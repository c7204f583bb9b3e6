import { useCallback, useMemo, useRef } from 'react';

/** How long after the user's own change its 'data-changed' event may still arrive (it can trail the answer). */
const GRACE_MS = 3000;

/**
 * The user's own changes (a category, a transfer) make the main process announce 'data-changed' like a sync does.
 * The page already shows those changes, so their events must not say "New data arrived from your banks".
 * `expect()` before each call; `isOwn()` for each event: true (and consumed) while one of ours is due.
 */
export function useOwnChanges(now: () => number = Date.now) {
  const due = useRef<number[]>([]);
  const expect = useCallback(() => {
    due.current.push(now() + GRACE_MS);
  }, [now]);
  /** After the call answered: its event is due soon or not at all, so the grace starts now. */
  const settled = useCallback(() => {
    if (due.current.length) due.current[due.current.length - 1] = now() + GRACE_MS;
  }, [now]);
  /** The call failed: no event will come for it. */
  const failed = useCallback(() => {
    due.current.pop();
  }, []);
  const isOwn = useCallback(() => {
    const t = now();
    due.current = due.current.filter((until) => until >= t);
    if (due.current.length === 0) return false;
    due.current.shift();
    return true;
  }, [now]);
  // one object for the page's lifetime, so callbacks that use it stay stable (rows are memoised)
  return useMemo(() => ({ expect, settled, failed, isOwn }), [expect, settled, failed, isOwn]);
}
