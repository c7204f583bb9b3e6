/**
 * Cash flow for a period, per currency: where the money came from (credits by category) and where it
 * went (debits by category), what was saved and the savings rate, with the period just before for
 * comparison. Booked rows only; categories of kind 'transfer' are neither income nor spending, as in
 * the other dashboard figures (incomeVsExpenses gives the same income and expenses month by month).
 */
import type { CashFlowDTO } from '../../../shared/dto';
import { previousPeriod, type Period } from '../../../shared/periods';
import type { Db } from '../db/database';
import { assertRange } from './ranges';

const NOT_TRANSFER = `(c.kind IS NULL OR c.kind <> 'transfer')`;

interface Row {
  currency: string;
  categoryId: string | null;
  name: string | null;
  color: string | null;
  income: number;
  expense: number;
}

function byCategory(db: Db, { from, to }: Period): Row[] {
  return db
    .prepare(
      `SELECT d.currency, nullif(d.category_id, '') AS categoryId, c.name, c.color,
              sum(d.income_minor) AS income, sum(d.expense_minor) AS expense
       FROM daily_category_totals d LEFT JOIN categories c ON c.id = d.category_id
       WHERE d.day BETWEEN ? AND ? AND ${NOT_TRANSFER}
       GROUP BY d.currency, d.category_id ORDER BY d.currency`,
    )
    .all(from, to) as Row[];
}

export function cashFlow(db: Db, range: Period): CashFlowDTO[] {
  assertRange(range);
  const out = new Map<string, CashFlowDTO>();
  const entryOf = (currency: string) => {
    let e = out.get(currency);
    if (!e) {
      e = { currency, incomeMinor: 0, expensesMinor: 0, savedMinor: 0, savingsRate: null, previous: { incomeMinor: 0, expensesMinor: 0 }, income: [], spending: [] };
      out.set(currency, e);
    }
    return e;
  };
  for (const r of byCategory(db, range)) {
    const e = entryOf(r.currency);
    e.incomeMinor += r.income;
    e.expensesMinor += r.expense;
    const name = r.name ?? 'Uncategorised';
    if (r.income > 0) e.income.push({ categoryId: r.categoryId, name, minor: r.income });
    if (r.expense > 0) e.spending.push({ categoryId: r.categoryId, name, color: r.color ?? '#8a8a8a', minor: r.expense });
  }
  for (const r of byCategory(db, previousPeriod(range))) {
    const e = out.get(r.currency);
    if (!e) continue; // a currency with nothing this period has no flow to compare
    e.previous.incomeMinor += r.income;
    e.previous.expensesMinor += r.expense;
  }
  for (const e of out.values()) {
    e.savedMinor = e.incomeMinor - e.expensesMinor;
    e.savingsRate = e.incomeMinor > 0 ? e.savedMinor / e.incomeMinor : null;
    e.income.sort((a, b) => b.minor - a.minor || a.name.localeCompare(b.name));
    e.spending.sort((a, b) => b.minor - a.minor || a.name.localeCompare(b.name));
  }
  return [...out.values()].filter((e) => e.incomeMinor > 0 || e.expensesMinor > 0).sort((a, b) => a.currency.localeCompare(b.currency));
}
