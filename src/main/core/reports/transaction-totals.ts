/**
 * The filtered total of the transaction list: the sum, per currency, of every row that matches the
 * filter (not just the page shown). Filters the daily totals can answer (dates, accounts, categories,
 * currency, booked/pending, direction, transfers left out) are summed from those (thousands of rows
 * at a million transactions) plus the few pending and paired rows; any other filter (search, merchant,
 * amount bounds) is one aggregate over the list's own WHERE.
 */
import type { ApiParsed } from '../../../shared/contract';
import type { MoneyDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { splitOvercount } from '../categories/split-filter';

type Filter = ApiParsed<'exportTransactionsCsv'>;

const PAIRED = '(SELECT out_tx_id FROM transfer_pairs UNION ALL SELECT in_tx_id FROM transfer_pairs)';
const TRANSFER_CATEGORIES = "(SELECT id FROM categories WHERE kind = 'transfer')";

/**
 * "Leave out transfers": rows paired as a transfer between the user's own accounts, and rows in a
 * category of kind 'transfer' (which the spending and income figures leave out too).
 */
export const EXCLUDE_TRANSFERS = `(t.id NOT IN ${PAIRED} AND (t.category_id IS NULL OR t.category_id NOT IN ${TRANSFER_CATEGORIES}))`;

function usedParams(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`@${k}\\b`).test(sql)));
}

function fromDailyTotalsPossible(q: Filter): boolean {
  return (
    !q.search &&
    !q.merchant &&
    q.minAmountMinor === undefined &&
    q.maxAmountMinor === undefined &&
    // Recurring bills (issue 11)
    q.recurringSeriesId === undefined
  );
}

function add(into: Map<string, number>, rows: { currency: string; minor: number | null }[]): void {
  for (const r of rows) into.set(r.currency, (into.get(r.currency) ?? 0) + (r.minor ?? 0));
}

type SumRow = { currency: string; minor: number | null; n: number };

/** Sums (and, without a direction, which the daily counts do not split, counts) from the daily totals. */
function fromDailyTotals(db: Db, q: Filter): { totals: Map<string, number>; count: number | null } {
  const day: string[] = [];
  const tx: string[] = [];
  const p: Record<string, unknown> = {};
  if (q.from) {
    day.push('d.day >= @from');
    tx.push('t.booking_date >= @from');
    p.from = q.from;
  }
  if (q.to) {
    day.push('d.day <= @to');
    tx.push('t.booking_date <= @to');
    p.to = q.to;
  }
  if (q.accountIds) {
    day.push('d.account_id IN (SELECT value FROM json_each(@accountIds))');
    tx.push('t.account_id IN (SELECT value FROM json_each(@accountIds))');
    p.accountIds = JSON.stringify(q.accountIds);
  }
  if (q.categoryIds || q.uncategorised) {
    const d: string[] = [];
    const t: string[] = [];
    if (q.categoryIds) {
      d.push('d.category_id IN (SELECT value FROM json_each(@categoryIds))');
      t.push('t.category_id IN (SELECT value FROM json_each(@categoryIds))');
      p.categoryIds = JSON.stringify(q.categoryIds);
    }
    if (q.uncategorised) {
      d.push("d.category_id = ''");
      t.push('t.category_id IS NULL');
    }
    day.push(`(${d.join(' OR ')})`);
    tx.push(`(${t.join(' OR ')})`);
  }
  if (q.currency) {
    day.push('d.currency = @currency');
    tx.push('t.currency = @currency');
    p.currency = q.currency;
  }
  if (q.direction) {
    day.push(q.direction === 'in' ? 'd.income_minor > 0' : 'd.expense_minor > 0');
    tx.push(q.direction === 'in' ? 't.amount_minor > 0' : 't.amount_minor < 0');
  }
  if (q.excludeTransfers) {
    day.push(`d.category_id NOT IN ${TRANSFER_CATEGORIES}`);
    tx.push(`(t.category_id IS NULL OR t.category_id NOT IN ${TRANSFER_CATEGORIES})`);
  }
  const amount = q.direction === 'in' ? 'd.income_minor' : q.direction === 'out' ? '-d.expense_minor' : 'd.income_minor - d.expense_minor';
  const where = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
  const totals = new Map<string, number>();
  let count = 0;
  const run = (sql: string) => {
    const rows = db.prepare(sql).all(usedParams(sql, p)) as SumRow[];
    add(totals, rows);
    for (const r of rows) count += r.n;
  };
  if (q.status !== 'pending') {
    run(`SELECT d.currency, sum(${amount}) AS minor, sum(d.tx_count) AS n FROM daily_category_totals d ${where(day)} GROUP BY d.currency`);
    // paired transfers are in the daily totals: take them back out
    if (q.excludeTransfers) {
      run(`SELECT t.currency, -sum(t.amount_minor) AS minor, -count(*) AS n FROM transactions t
           ${where([`t.id IN ${PAIRED}`, "t.status = 'booked'", ...tx])} GROUP BY t.currency`);
    }
  }
  if (q.status !== 'booked') {
    const pending = ["t.status = 'pending'", ...tx];
    if (q.excludeTransfers) pending.push(`t.id NOT IN ${PAIRED}`);
    // the few pending rows, through their own (partial) index rather than a wide one the other filters offer
    run(`SELECT t.currency, sum(t.amount_minor) AS minor, count(*) AS n FROM transactions t INDEXED BY tx_pending ${where(pending)} GROUP BY t.currency`);
  }
  // only where counting the rows themselves is the slow part (every row checked against the pairs)
  return { totals, count: q.excludeTransfers && !q.direction ? count - (q.status === 'pending' ? 0 : splitOvercount(db, q)) : null };
}

/**
 * The filtered total per currency, and the number of matching rows when it comes at no extra cost: from
 * the same pass over the rows (search, merchant, amount bounds), or from the daily counts (transfers
 * left out, no direction).
 * Null otherwise: the list counts them itself.
 */
export function transactionTotals(db: Db, q: Filter, where: string[], params: Record<string, unknown>): { totals: MoneyDTO[]; count: number | null } {
  let totals: Map<string, number>;
  let count: number | null;
  if (fromDailyTotalsPossible(q)) {
    ({ totals, count } = fromDailyTotals(db, q));
  } else {
    const sql = `SELECT t.currency, sum(t.amount_minor) AS minor, count(*) AS n FROM transactions t ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY t.currency`;
    const rows = db.prepare(sql).all(usedParams(sql, params)) as { currency: string; minor: number | null; n: number }[];
    totals = new Map();
    add(totals, rows);
    count = rows.reduce((n, r) => n + r.n, 0);
  }
  return { totals: [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ currency, minor })), count };
}
