/**
 * What a budget counts as spent: money out (debits) per category and month, booked AND pending, transfers
 * left out (categories of kind 'transfer' and rows paired as transfers between own accounts), exactly the
 * rows the transaction list shows for the budget's drill-down filter (src/shared/budget-drill.ts).
 *
 * Booked spending comes from the daily totals the sync keeps (as the dashboard's), pending spending from the
 * few pending rows. In a book of all currencies each day's spending in another currency is converted at that
 * day's rate (fx/rates.ts); a day without a known rate is left out and reported, never converted at a guess.
 */
import { currencyExponent } from '../../../shared/money';
import type { Db } from '../db/database';
import { convertMinor, createConverter } from '../fx';

export interface Book {
  /** The currency the amounts are in. */
  currency: string;
  /** Count every currency's spending, converted into `currency`; otherwise spending in `currency` only. */
  allCurrencies: boolean;
}

export interface CurrencySpent {
  currency: string;
  /** In that currency: booked + pending, and the pending part. */
  minor: number;
  pendingMinor: number;
  /** What of it is counted, in the book's currency. */
  convertedMinor: number;
  /** What of it is left out for want of an exchange rate, in that currency. */
  unconvertedMinor: number;
}

export interface Spent {
  /** In the book's currency: booked + pending, and the pending part. */
  totalMinor: number;
  pendingMinor: number;
  byCurrency: CurrencySpent[];
}

export const NO_SPENDING: Spent = { totalMinor: 0, pendingMinor: 0, byCurrency: [] };

const TRANSFER_CATEGORIES = "(SELECT id FROM categories WHERE kind = 'transfer')";
const PAIRED = '(SELECT out_tx_id FROM transfer_pairs UNION ALL SELECT in_tx_id FROM transfer_pairs)';

interface Row {
  day: string;
  currency: string;
  categoryId: string;
  pending: number;
  minor: number;
}

function rows(db: Db, from: string, to: string, bookCurrency: string, currency: string | null, categoryIds: string[] | null): Row[] {
  const cur = (alias: string) => (currency ? `AND ${alias}.currency = @currency` : '');
  const cats = (alias: string) =>
    categoryIds ? `AND ${alias === 'd' ? 'd.category_id' : "coalesce(t.category_id, '')"} IN (SELECT value FROM json_each(@categoryIds))` : '';
  return db
    .prepare(
      `SELECT day, currency, categoryId, pending, sum(minor) AS minor FROM (
         -- the book's own currency needs no rate: its days are summed per month
         SELECT CASE d.currency WHEN @bookCurrency THEN substr(d.day, 1, 8) || '01' ELSE d.day END AS day, d.currency, d.category_id AS categoryId,
                0 AS pending, d.expense_minor AS minor
         FROM daily_category_totals d
         WHERE d.day BETWEEN @from AND @to AND d.expense_minor > 0 AND d.category_id NOT IN ${TRANSFER_CATEGORIES} ${cur('d')} ${cats('d')}
         UNION ALL
         -- paired transfers are in the daily totals: take them back out
         -- looked up by id ('+' keeps SQLite from walking the date index over every row instead)
         SELECT t.booking_date, t.currency, coalesce(t.category_id, ''), 0, t.amount_minor
         FROM transactions t
         WHERE t.id IN ${PAIRED} AND +t.status = 'booked' AND t.amount_minor < 0 AND +t.booking_date BETWEEN @from AND @to
           AND (t.category_id IS NULL OR t.category_id NOT IN ${TRANSFER_CATEGORIES}) ${cur('t')} ${cats('t')}
         UNION ALL
         -- the few pending rows, through their own partial index (not the date index over every row)
         SELECT t.booking_date, t.currency, coalesce(t.category_id, ''), 1, -t.amount_minor
         FROM transactions t INDEXED BY tx_pending
         WHERE t.status = 'pending' AND t.amount_minor < 0 AND t.booking_date BETWEEN @from AND @to
           AND (t.category_id IS NULL OR t.category_id NOT IN ${TRANSFER_CATEGORIES}) AND t.id NOT IN ${PAIRED} ${cur('t')} ${cats('t')}
       )
       GROUP BY day, currency, categoryId, pending HAVING sum(minor) <> 0`,
    )
    .all({ from, to, bookCurrency, ...(currency ? { currency } : {}), ...(categoryIds ? { categoryIds: JSON.stringify(categoryIds) } : {}) }) as Row[];
}

/** Spending left out of a book's figures because no rate converts it: month → currency → minor units of that currency. */
export type Unconverted = Map<string, Map<string, number>>;

export interface SpendingByMonth {
  /** category id ('' = uncategorised) → month → spent. */
  spent: Map<string, Map<string, Spent>>;
  unconverted: Unconverted;
}

/** Spending per category and month between two days, in `book` (of some categories only: ids, '' = uncategorised). */
export function spendingByCategoryMonth(db: Db, book: Book, from: string, to: string, categoryIds: string[] | null = null): SpendingByMonth {
  const found = rows(db, from, to, book.currency, book.allCurrencies ? null : book.currency, categoryIds);
  const converter = createConverter(db, book.currency, [...new Set(found.map((r) => r.currency))], to);
  const bookExp = currencyExponent(book.currency);
  const spent = new Map<string, Map<string, Spent>>();
  const unconverted: Unconverted = new Map();
  for (const r of found) {
    const month = r.day.slice(0, 7);
    const byMonth = spent.get(r.categoryId) ?? new Map<string, Spent>();
    spent.set(r.categoryId, byMonth);
    const s = byMonth.get(month) ?? { totalMinor: 0, pendingMinor: 0, byCurrency: [] };
    byMonth.set(month, s);
    let c = s.byCurrency.find((x) => x.currency === r.currency);
    if (!c) {
      c = { currency: r.currency, minor: 0, pendingMinor: 0, convertedMinor: 0, unconvertedMinor: 0 };
      s.byCurrency.push(c);
      s.byCurrency.sort((a, b) => a.currency.localeCompare(b.currency));
    }
    c.minor += r.minor;
    if (r.pending) c.pendingMinor += r.minor;
    const rate = converter.rate(r.currency, r.day);
    if (!rate) {
      c.unconvertedMinor += r.minor;
      const u = unconverted.get(month) ?? new Map<string, number>();
      unconverted.set(month, u);
      u.set(r.currency, (u.get(r.currency) ?? 0) + r.minor);
      continue;
    }
    const converted = r.currency === book.currency ? r.minor : convertMinor(r.minor, rate.homePerUnit, currencyExponent(r.currency), bookExp);
    c.convertedMinor += converted;
    s.totalMinor += converted;
    if (r.pending) s.pendingMinor += converted;
  }
  return { spent, unconverted };
}

/** The sum of several spent figures (a group's categories, a month's total). */
export function addSpent(items: Spent[]): Spent {
  const out: Spent = { totalMinor: 0, pendingMinor: 0, byCurrency: [] };
  for (const s of items) {
    out.totalMinor += s.totalMinor;
    out.pendingMinor += s.pendingMinor;
    for (const c of s.byCurrency) {
      const into = out.byCurrency.find((x) => x.currency === c.currency);
      if (into) {
        into.minor += c.minor;
        into.pendingMinor += c.pendingMinor;
        into.convertedMinor += c.convertedMinor;
        into.unconvertedMinor += c.unconvertedMinor;
      } else out.byCurrency.push({ ...c });
    }
  }
  out.byCurrency.sort((a, b) => a.currency.localeCompare(b.currency));
  return out;
}
