/**
 * A drill-down travels in the route: `#/transactions?category=…&from=…&label=…&back=dashboard`. The
 * Transactions page reads the filter back, shows what it is and its total, and offers the way back.
 */
import { useEffect, useState } from 'react';
import type { DrillFilter } from '../../../shared/drill-down';
import { navigate, routeQuery, type Route } from './router';

export interface DrillDown {
  filter: DrillFilter;
  /** What the figure was, in words ("Groceries, 1 Nov – 29 Nov 2026"). */
  label: string;
  /** Where "Back" goes. */
  back: Route;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

export function encodeDrillDown({ filter, label, back }: DrillDown): URLSearchParams {
  const p = new URLSearchParams();
  for (const id of filter.categoryIds ?? []) p.append('category', id);
  for (const id of filter.accountIds ?? []) p.append('account', id);
  if (filter.uncategorised) p.set('uncategorised', '1');
  if (filter.from) p.set('from', filter.from);
  if (filter.to) p.set('to', filter.to);
  if (filter.currency) p.set('currency', filter.currency);
  if (filter.merchant) p.set('merchant', filter.merchant);
  if (filter.direction) p.set('direction', filter.direction);
  if (filter.status) p.set('status', filter.status);
  if (filter.excludeTransfers) p.set('transfers', 'excluded');
  if (filter.search) p.set('search', filter.search);
  // Recurring bills (issue 11)
  if (filter.recurringSeriesId) p.set('series', filter.recurringSeriesId);
  p.set('label', label);
  p.set('back', back);
  return p;
}

/** The drill-down in a route's query, or null when there is none (parameters that do not parse are dropped). */
export function decodeDrillDown(p: URLSearchParams): DrillDown | null {
  if (!p.has('label')) return null;
  const f: DrillFilter = {};
  const categories = p.getAll('category').filter((c) => c.length > 0 && c.length <= 200);
  if (categories.length) f.categoryIds = categories;
  const accounts = p.getAll('account').filter((c) => c.length > 0 && c.length <= 200);
  if (accounts.length) f.accountIds = accounts;
  if (p.get('uncategorised') === '1') f.uncategorised = true;
  const from = p.get('from');
  const to = p.get('to');
  if (from && DATE.test(from)) f.from = from;
  if (to && DATE.test(to)) f.to = to;
  const currency = p.get('currency');
  if (currency && CURRENCY.test(currency)) f.currency = currency;
  const merchant = p.get('merchant');
  if (merchant) f.merchant = merchant.slice(0, 350);
  const direction = p.get('direction');
  if (direction === 'in' || direction === 'out') f.direction = direction;
  const status = p.get('status');
  if (status === 'booked' || status === 'pending') f.status = status;
  if (p.get('transfers') === 'excluded') f.excludeTransfers = true;
  const search = p.get('search');
  if (search) f.search = search.slice(0, 200);
  // Recurring bills (issue 11)
  const series = p.get('series');
  if (series && /^\d{1,15}$/.test(series)) f.recurringSeriesId = series;
  const back = p.get('back');
  return { filter: f, label: (p.get('label') ?? '').slice(0, 300), back: back === 'accounts' || back === 'budget' || back === 'bills' ? back : 'dashboard' };
}

/** Opens the transaction list filtered to exactly the rows behind a figure. */
export function openDrillDown(drill: DrillDown): void {
  navigate('transactions', encodeDrillDown(drill));
}

/** The drill-down of the current route, following the hash. */
export function useDrillDown(): DrillDown | null {
  const [drill, setDrill] = useState(() => decodeDrillDown(routeQuery(window.location.hash)));
  useEffect(() => {
    const onChange = () => setDrill(decodeDrillDown(routeQuery(window.location.hash)));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return drill;
}
