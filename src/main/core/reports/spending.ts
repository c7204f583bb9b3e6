/**
 * Date-range aggregates over booked transactions, computed in SQL (integer minor units, per currency)
 * from the daily totals the sync keeps (see db/derived.ts).
 * Spending is the magnitude of debits; income the sum of credits. Transfers between one's own
 * accounts (categories of kind 'transfer') count as neither. Pending rows are left out until booked.
 */
import type {
  IncomeExpensePointDTO,
  MerchantTotalDTO,
  NetWorthSeriesDTO,
  SpendingByCategoryDTO,
  SpendingTrendPointDTO,
} from '../../../shared/dto';
import { previousPeriod } from '../../../shared/periods';
import type { Db } from '../db/database';
import { assertRange, clampRangeToData } from './ranges';

export interface DateRange {
  from: string;
  to: string;
}

const NOT_TRANSFER = `(c.kind IS NULL OR c.kind <> 'transfer')`;
const UNCATEGORISED = { name: 'Uncategorised', color: '#8a8a8a' };

/** Spending (booked debits) per category of each currency in a range, from the daily totals. */
function spendingRows(db: Db, { from, to }: DateRange) {
  return db
    .prepare(
      `SELECT d.currency, nullif(d.category_id, '') AS categoryId, c.name, c.color, d.minor
       FROM (SELECT currency, category_id, sum(expense_minor) AS minor
             FROM daily_category_totals INDEXED BY daily_category_totals_by_category
             WHERE day BETWEEN ? AND ? GROUP BY currency, category_id) d
         LEFT JOIN categories c ON c.id = d.category_id
       WHERE d.minor > 0 AND ${NOT_TRANSFER} ORDER BY d.currency, d.minor DESC, c.name`,
    )
    .all(from, to) as { currency: string; categoryId: string | null; name: string | null; color: string | null; minor: number }[];
}

/**
 * Pending debits per currency in a range (transfers left out): not yet in the booked figures. The account_id
 * condition lets SQLite read the few pending rows through the tx_pending index, not every row of the range.
 */
function pendingSpending(db: Db, { from, to }: DateRange): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT t.currency, -sum(t.amount_minor) AS minor
       FROM transactions t LEFT JOIN categories c ON c.id = t.category_id
       WHERE t.account_id IN (SELECT id FROM accounts) AND t.status = 'pending' AND t.booking_date BETWEEN ? AND ?
         AND t.amount_minor < 0 AND ${NOT_TRANSFER}
       GROUP BY t.currency`,
    )
    .all(from, to) as { currency: string; minor: number }[];
  return new Map(rows.map((r) => [r.currency, r.minor]));
}

export function spendingByCategory(db: Db, range: DateRange): SpendingByCategoryDTO[] {
  assertRange(range);
  const previous = new Map<string, number>();
  for (const r of spendingRows(db, previousPeriod(range))) previous.set(`${r.currency}|${r.categoryId ?? ''}`, r.minor);
  const pending = pendingSpending(db, range);
  const out = new Map<string, SpendingByCategoryDTO>();
  const entryOf = (currency: string) => {
    let entry = out.get(currency);
    if (!entry) {
      entry = { currency, items: [], pendingMinor: pending.get(currency) ?? 0 };
      out.set(currency, entry);
    }
    return entry;
  };
  for (const r of spendingRows(db, range)) {
    entryOf(r.currency).items.push({
      categoryId: r.categoryId,
      name: r.name ?? UNCATEGORISED.name,
      color: r.color ?? UNCATEGORISED.color,
      minor: r.minor,
      previousMinor: previous.get(`${r.currency}|${r.categoryId ?? ''}`) ?? 0,
    });
  }
  // a currency with pending spending only still says so
  for (const currency of pending.keys()) entryOf(currency);
  return [...out.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

export function spendingTrend(db: Db, { from, to }: DateRange): SpendingTrendPointDTO[] {
  assertRange({ from, to });
  const rows = db
    .prepare(
      `SELECT substr(d.day, 1, 7) AS month, d.currency, nullif(d.category_id, '') AS categoryId, c.name, sum(d.expense_minor) AS minor
       FROM daily_category_totals d LEFT JOIN categories c ON c.id = d.category_id
       WHERE d.day BETWEEN ? AND ? AND ${NOT_TRANSFER}
       GROUP BY month, d.currency, d.category_id HAVING minor > 0 ORDER BY month, d.currency, minor DESC`,
    )
    .all(from, to) as (Omit<SpendingTrendPointDTO, 'name'> & { name: string | null })[];
  return rows.map((r) => ({ ...r, name: r.name ?? UNCATEGORISED.name }));
}

export function incomeVsExpenses(db: Db, { from, to }: DateRange): IncomeExpensePointDTO[] {
  assertRange({ from, to });
  return db
    .prepare(
      `SELECT substr(d.day, 1, 7) AS month, d.currency, sum(d.income_minor) AS incomeMinor, sum(d.expense_minor) AS expensesMinor
       FROM daily_category_totals d LEFT JOIN categories c ON c.id = d.category_id
       WHERE d.day BETWEEN ? AND ? AND ${NOT_TRANSFER}
       GROUP BY month, d.currency ORDER BY month, d.currency`,
    )
    .all(from, to) as IncomeExpensePointDTO[];
}

/** The biggest merchants of each currency (ranked within the currency: pence are never compared with cents). */
export function topMerchants(db: Db, { from, to, limit }: DateRange & { limit: number }): MerchantTotalDTO[] {
  assertRange({ from, to });
  return db
    .prepare(
      `SELECT merchant, currency, minor, count FROM (
         SELECT d.merchant, d.currency, sum(d.spent_minor) AS minor, sum(d.tx_count) AS count,
                row_number() OVER (PARTITION BY d.currency ORDER BY sum(d.spent_minor) DESC, d.merchant) AS rank
         FROM daily_merchant_totals d LEFT JOIN categories c ON c.id = d.category_id
         WHERE d.day BETWEEN ? AND ? AND ${NOT_TRANSFER}
         GROUP BY d.merchant, d.currency)
       WHERE rank <= ? ORDER BY currency, rank`,
    )
    .all(from, to, limit) as MerchantTotalDTO[];
}

/**
 * Net worth per currency: for each day (or each month end) the sum over accounts of the latest
 * balance snapshot on or before that date. Dates before any account in a currency has a balance are
 * left out of that currency's series.
 */
export function netWorth(
  db: Db,
  { from: askedFrom, to: askedTo, granularity }: DateRange & { granularity: 'day' | 'month' },
  today?: string,
): NetWorthSeriesDTO[] {
  // only the days with history: never a flat line before the first balance or into the future
  const range = clampRangeToData(db, { from: askedFrom, to: askedTo }, today);
  if (!range) return [];
  const { from, to } = range;
  const rows = db
    .prepare(
      `WITH RECURSIVE days(d) AS (SELECT date(@from) UNION ALL SELECT date(d, '+1 day') FROM days WHERE d < date(@to)),
       points AS (SELECT d FROM days WHERE @granularity = 'day' OR d = date(d, 'start of month', '+1 month', '-1 day') OR d = date(@to)),
       balances AS (
         SELECT a.currency, p.d,
                (SELECT s.balance_minor FROM balance_snapshots s WHERE s.account_id = a.id AND s.date <= p.d
                 ORDER BY s.date DESC LIMIT 1) AS minor
         FROM points p CROSS JOIN accounts a)
       SELECT currency, d AS date, sum(minor) AS minor FROM balances
       GROUP BY currency, d HAVING count(minor) > 0 ORDER BY currency, d`,
    )
    .all({ from, to, granularity }) as { currency: string; date: string; minor: number }[];
  const out = new Map<string, NetWorthSeriesDTO>();
  for (const r of rows) {
    const series = out.get(r.currency) ?? { currency: r.currency, points: [] };
    out.set(r.currency, series);
    series.points.push({ date: r.date, minor: r.minor });
  }
  return [...out.values()];
}
