import { useCallback, useEffect, useRef, useState } from 'react';
import type { TransactionQuery } from '../../../shared/contract';
import type { TransactionDTO } from '../../../shared/dto';
import { useApi } from '../api/context';
import { errorMessage } from '../api/errors';

export const PAGE_SIZE = 200;
/** The contract's largest page, used to catch up when the user jumps far past the loaded rows. */
export const MAX_PAGE_SIZE = 500;

export type TransactionFilters = Omit<TransactionQuery, 'cursor' | 'limit'>;

interface PagerState {
  rows: TransactionDTO[];
  total: number | null;
  nextCursor: string | null;
  error: string | null;
  loading: boolean;
}

const EMPTY: PagerState = { rows: [], total: null, nextCursor: null, error: null, loading: true };

/**
 * Keyset paging over `listTransactions`: the first page when the filters change, then the next page by
 * cursor when asked (one request at a time). Only rows actually fetched are held.
 */
export function useTransactionPager(filters: TransactionFilters) {
  const api = useApi();
  const [state, setState] = useState<PagerState>(EMPTY);
  const generation = useRef(0);
  const inFlight = useRef(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const filtersKey = JSON.stringify(filters);
  const [reloadNonce, setReloadNonce] = useState(0);

  const fetchPage = useCallback(
    async (cursor: string | null, gen: number, limit = PAGE_SIZE) => {
      inFlight.current = true;
      try {
        const page = await api.listTransactions({ ...(JSON.parse(filtersKey) as TransactionFilters), cursor, limit });
        if (gen !== generation.current) return;
        setState((s) => ({
          rows: cursor ? [...s.rows, ...page.rows] : page.rows,
          total: page.total,
          nextCursor: page.nextCursor,
          error: null,
          loading: false,
        }));
      } catch (err) {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, error: errorMessage(err), loading: false }));
      } finally {
        if (gen === generation.current) inFlight.current = false;
      }
    },
    [api, filtersKey],
  );

  useEffect(() => {
    const gen = ++generation.current;
    setState((s) => ({ ...EMPTY, total: s.total }));
    void fetchPage(null, gen);
  }, [fetchPage, reloadNonce]);

  /** Fetches the next page; bigger pages while `wantedIndex` lies more than a page beyond what is loaded. */
  const loadMore = useCallback(
    (wantedIndex = 0) => {
      const s = stateRef.current;
      if (inFlight.current || !s.nextCursor || s.error) return;
      const limit = wantedIndex > s.rows.length + PAGE_SIZE ? MAX_PAGE_SIZE : PAGE_SIZE;
      setState((prev) => ({ ...prev, loading: true }));
      void fetchPage(s.nextCursor, generation.current, limit);
    },
    [fetchPage],
  );

  const retry = useCallback(() => {
    const s = stateRef.current;
    if (s.rows.length > 0 && s.nextCursor) {
      setState((prev) => ({ ...prev, error: null, loading: true }));
      void fetchPage(s.nextCursor, generation.current);
    } else {
      setReloadNonce((n) => n + 1);
    }
  }, [fetchPage]);

  const reload = useCallback(() => setReloadNonce((n) => n + 1), []);

  const updateRow = useCallback((id: string, patch: Partial<TransactionDTO>) => {
    setState((s) => ({ ...s, rows: s.rows.map((r) => (r.id === id ? { ...r, ...patch } : r)) }));
  }, []);

  return { ...state, loadMore, retry, reload, updateRow };
}
