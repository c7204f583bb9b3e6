import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppEvent, MyBucksApi } from '../../../shared/contract';
import { errorMessage } from './errors';

/** Events within this window cause one reload. */
export const EVENT_RELOAD_WINDOW_MS = 500;

const ApiContext = createContext<MyBucksApi | null>(null);

export function ApiProvider({ api, children }: { api: MyBucksApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): MyBucksApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider>');
  return api;
}

/** Calls `listener` for every main-process event while mounted (the latest listener, without resubscribing). */
export function useAppEvent(listener: (event: AppEvent) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.onEvent((event) => latest.current(event)), [api]);
}

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data with `load` whenever `key` changes (and on `reload`). Keeps the previous data while
 * reloading so the page does not jump; ignores answers that arrive after a newer request.
 */
export function useQuery<T>(load: (api: MyBucksApi) => Promise<T>, key: string, options: { reloadOn?: AppEvent['type'][] } = {}): QueryState<T> {
  const api = useApi();
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(api).then(
      (data) => current && setState({ data, error: null, loading: false }),
      (err: unknown) => current && setState((s) => ({ data: s.data, error: errorMessage(err), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [api, key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  // a sync can send data-changed many times a second; reload at most once per window
  const pendingReload = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pendingReload.current) clearTimeout(pendingReload.current);
    },
    [],
  );
  const reloadOn = options.reloadOn;
  useAppEvent((event) => {
    if (!reloadOn?.includes(event.type) || pendingReload.current) return;
    pendingReload.current = setTimeout(() => {
      pendingReload.current = null;
      reload();
    }, EVENT_RELOAD_WINDOW_MS);
  });
  return { ...state, reload };
}
