/**
 * Drill-down: the transaction-list filter behind each dashboard figure, so the list's filtered total
 * (TransactionPageDTO.totals) equals the figure. The dashboard and the tests build filters only here.
 *
 * The figures count booked rows, leave transfers out (categories of kind 'transfer', paired transfers),
 * and split money out (spending: debits) from money in (income: credits), so every filter says so too.
 */
import type { TransactionQuery } from './contract';

export type DrillFilter = Omit<TransactionQuery, 'cursor' | 'offset' | 'limit' | 'sort'>;

export interface Period {
  from: string;
  to: string;
}

/** A category key as the charts use it: a category id, or null for uncategorised. */
export type CategoryKey = string | null;

function categories(keys: CategoryKey[]): Pick<DrillFilter, 'categoryIds' | 'uncategorised'> {
  const ids = keys.filter((k): k is string => k !== null);
  return { ...(ids.length ? { categoryIds: ids } : {}), ...(keys.includes(null) ? { uncategorised: true } : {}) };
}

const FIGURE = { status: 'booked', excludeTransfers: true } as const;

/** The month `YYYY-MM` within `range` (a bar at either end of the range holds only its part). */
export function monthWithin(month: string, range: Period): Period {
  const [y, m] = month.split('-').map(Number);
  const first = `${month}-01`;
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { from: first > range.from ? first : range.from, to: last < range.to ? last : range.to };
}

/** A donut slice (one category, or "Other": several): its spending in the range and currency. */
export function spendingFilter(keys: CategoryKey[], range: Period, currency: string): DrillFilter {
  return { ...categories(keys), from: range.from, to: range.to, currency, direction: 'out', ...FIGURE };
}

/** A spending-trend bar segment: those categories' spending in that month (of the range). */
export function trendBarFilter(keys: CategoryKey[], month: string, range: Period, currency: string): DrillFilter {
  return spendingFilter(keys, monthWithin(month, range), currency);
}

/** An income or expenses bar: all money in (or out) that month, transfers left out. */
export function incomeExpenseFilter(direction: 'in' | 'out', month: string, range: Period, currency: string): DrillFilter {
  return { ...monthWithin(month, range), currency, direction, ...FIGURE };
}

/** Income or spending of the whole range (the figures above the income/expense chart; cash-flow totals). */
export function flowFilter(direction: 'in' | 'out' | null, range: Period, currency: string, keys?: CategoryKey[]): DrillFilter {
  return { ...(keys ? categories(keys) : {}), from: range.from, to: range.to, currency, ...(direction ? { direction } : {}), ...FIGURE };
}

/** A top merchant: what was spent there in the range and currency. */
export function merchantFilter(merchant: string, range: Period, currency: string): DrillFilter {
  return { merchant, from: range.from, to: range.to, currency, direction: 'out', ...FIGURE };
}

/**
 * A net-worth point: the transactions booked that day in the accounts the series counts (those in
 * `currency`, or every account for the home-currency series). They are what moved the balances that day;
 * the point itself is a sum of balances, which no list of transactions adds up to.
 */
export function netWorthDayFilter(date: string, currency: string | null): DrillFilter {
  return { from: date, to: date, ...(currency ? { currency } : {}), status: 'booked' };
}

/** Pending spending in the range ("plus £x pending"). */
export function pendingSpendingFilter(range: Period, currency: string): DrillFilter {
  return { from: range.from, to: range.to, currency, direction: 'out', status: 'pending', excludeTransfers: true };
}

// Recurring bills (issue 11)
/** A recurring series: exactly the transactions linked to it, whatever their date. */
export function recurringSeriesFilter(seriesId: string): DrillFilter {
  return { recurringSeriesId: seriesId };
}
