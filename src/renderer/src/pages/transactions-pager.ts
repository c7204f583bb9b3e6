import { useCallback, useEffect, useRef, useState } from 'react';
import type { TransactionQuery } from '../../../shared/contract';
import type { MoneyDTO, TransactionDTO } from '../../../shared/dto';
import { useApi } from '../api/context';
import { errorMessage } from '../api/errors';

/** Rows per page; page `p` holds rows `p * PAGE_SIZE` up to the next page. */
export const PAGE_SIZE = 200;
/** Ask for the neighbouring page when the visible rows come this close to a page's edge. */
export const PREFETCH_ROWS = 60;
/** A page with no loaded neighbour is fetched once the visible range has been still this long, so
 *  dragging the scrollbar fetches only where it stops. */
export const JUMP_DELAY_MS = 150;
/** Pages kept on either side of the visible ones; farther pages are dropped, so memory stays bounded. */
export const KEEP_PAGES = 4;
/** The contract's largest page: one request covers the (at most two) pages around a jump. */
const MAX_LIMIT = 500;

export type TransactionFilters = Omit<TransactionQuery, 'cursor' | 'offset' | 'limit'>;

interface Page {
  rows: TransactionDTO[];
  /** The cursor for the page after this one; null when that page must be fetched by offset (or is past the end). */
  nextCursor: string | null;
}

interface PagerState {
  pages: ReadonlyMap<number, Page>;
  total: number | null;
  /** The sum of every matching row per currency (the filtered total); null until the first answer. */
  totals: MoneyDTO[] | null;
  error: string | null;
  /** Waiting for the first answer since the filters changed. */
  loading: boolean;
}

const EMPTY: PagerState = { pages: new Map(), total: null, totals: null, error: null, loading: true };

/** The row at `index`, or undefined while its page is not loaded. */
export function rowAt(pages: ReadonlyMap<number, Page>, index: number): TransactionDTO | undefined {
  return pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
}

type Position = { cursor: string | null } | { offset: number };

/**
 * Sparse paging over `listTransactions` for a virtualised list: pages are held by index and fetched for
 * the visible range only. A page right after a loaded one is fetched by keyset cursor (cheap); a page
 * with no loaded predecessor is fetched by offset, right away when it borders a loaded page (scrolling
 * up), after JUMP_DELAY_MS of stillness when it is a jump. Far pages are dropped.
 */
export function useTransactionPager(filters: TransactionFilters) {
  const api = useApi();
  const [state, setState] = useState<PagerState>(EMPTY);
  const stateRef = useRef(state);
  stateRef.current = state;
  const generation = useRef(0);
  const inFlight = useRef(new Set<number>());
  const range = useRef({ first: 0, last: 0 });
  const jumpTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const filtersKey = JSON.stringify(filters);
  const [reloadNonce, setReloadNonce] = useState(0);

  const request = useCallback(
    async (firstPage: number, pageCount: number, position: Position) => {
      const gen = generation.current;
      const pending = inFlight.current;
      for (let p = firstPage; p < firstPage + pageCount; p++) pending.add(p);
      try {
        const answer = await api.listTransactions({ ...(JSON.parse(filtersKey) as TransactionFilters), ...position, limit: pageCount * PAGE_SIZE });
        if (gen !== generation.current) return;
        setState((s) => {
          const pages = new Map(s.pages);
          for (let i = 0; i < pageCount; i++) {
            const rows = answer.rows.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
            if (rows.length === 0 && i > 0) break;
            pages.set(firstPage + i, { rows, nextCursor: i === pageCount - 1 ? answer.nextCursor : null });
          }
          const keepFrom = Math.floor(range.current.first / PAGE_SIZE) - KEEP_PAGES;
          const keepTo = Math.floor(range.current.last / PAGE_SIZE) + KEEP_PAGES;
          for (const p of pages.keys()) if (p < keepFrom || p > keepTo) pages.delete(p);
          return { pages, total: answer.total, totals: answer.totals ?? null, error: null, loading: false };
        });
      } catch (err) {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, error: errorMessage(err), loading: false }));
      } finally {
        for (let p = firstPage; p < firstPage + pageCount; p++) pending.delete(p);
      }
    },
    [api, filtersKey],
  );

  /** Fetches the pages the visible range needs; jumps only when `jumpNow`, else after a quiet spell. */
  const plan = useCallback(
    (jumpNow: boolean) => {
      const { pages, total, error } = stateRef.current;
      if (error || total === null || total === 0) return;
      const lastPage = Math.ceil(total / PAGE_SIZE) - 1;
      const clampPage = (p: number) => Math.min(Math.max(p, 0), lastPage);
      const { first, last } = range.current;
      const from = clampPage(Math.floor(first / PAGE_SIZE));
      const to = clampPage(Math.floor(last / PAGE_SIZE));
      const wanted: number[] = [];
      if (from > 0 && first - from * PAGE_SIZE < PREFETCH_ROWS) wanted.push(from - 1);
      for (let p = from; p <= to; p++) wanted.push(p);
      if (to < lastPage && (to + 1) * PAGE_SIZE - last <= PREFETCH_ROWS) wanted.push(to + 1);

      const pending = inFlight.current;
      const known = (p: number) => pages.has(p) || pending.has(p);
      const jumps: number[] = [];
      for (const p of wanted) {
        if (known(p)) continue;
        const before = pages.get(p - 1);
        if (p === 0) void request(0, 1, { cursor: null });
        else if (before?.nextCursor) void request(p, 1, { cursor: before.nextCursor });
        else if (pending.has(p - 1)) continue; // it will bring the cursor for this page
        else if (before || known(p + 1)) void request(p, 1, { offset: p * PAGE_SIZE });
        else jumps.push(p);
      }
      clearTimeout(jumpTimer.current);
      if (jumps.length === 0) return;
      if (!jumpNow) {
        jumpTimer.current = setTimeout(() => plan(true), JUMP_DELAY_MS);
        return;
      }
      // consecutive pages go in one request, as many as the contract's largest page holds
      const perRequest = Math.floor(MAX_LIMIT / PAGE_SIZE);
      for (let i = 0; i < jumps.length; ) {
        let n = 1;
        while (n < perRequest && jumps[i + n] === jumps[i] + n) n++;
        void request(jumps[i], n, { offset: jumps[i] * PAGE_SIZE });
        i += n;
      }
    },
    [request],
  );

  useEffect(() => {
    generation.current++;
    inFlight.current = new Set();
    clearTimeout(jumpTimer.current);
    setState((s) => ({ ...EMPTY, total: s.total }));
    void request(0, 1, { cursor: null });
  }, [request, reloadNonce]);

  useEffect(() => () => clearTimeout(jumpTimer.current), []);

  // an arriving page may reveal the next one to fetch (by its cursor)
  useEffect(() => {
    if (!state.loading) plan(false);
  }, [state, plan]);

  /** Tells the pager which rows (overscan included) the list shows. */
  const setVisibleRange = useCallback(
    (first: number, last: number) => {
      if (range.current.first === first && range.current.last === last) return;
      range.current = { first, last };
      if (!stateRef.current.loading) plan(false);
    },
    [plan],
  );

  const reload = useCallback(() => setReloadNonce((n) => n + 1), []);

  const retry = useCallback(() => {
    if (stateRef.current.pages.size === 0) reload();
    else setState((s) => ({ ...s, error: null }));
  }, [reload]);

  const updateRow = useCallback((id: string, patch: Partial<TransactionDTO>) => {
    setState((s) => {
      const pages = new Map(s.pages);
      for (const [p, page] of pages) {
        const i = page.rows.findIndex((r) => r.id === id);
        if (i >= 0) pages.set(p, { ...page, rows: page.rows.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
      }
      return { ...s, pages };
    });
  }, []);

  return { ...state, setVisibleRange, retry, reload, updateRow };
}
