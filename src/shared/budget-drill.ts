/**
 * The transaction-list filter behind a budget's "spent": money out in the month, booked and pending (no
 * status filter), transfers left out, in the budget's categories; in the book's currency only, or in every
 * currency for a book of all currencies (the list then totals each currency; the budget converted them).
 */
import type { BudgetBookDTO } from './dto';
import type { CategoryKey, DrillFilter } from './drill-down';

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function budgetSpentFilter(keys: CategoryKey[], month: string, book: BudgetBookDTO): DrillFilter {
  const ids = keys.filter((k): k is string => k !== null);
  return {
    ...(ids.length ? { categoryIds: ids } : {}),
    ...(keys.includes(null) ? { uncategorised: true } : {}),
    from: `${month}-01`,
    to: lastDay(month),
    ...(book.allCurrencies ? {} : { currency: book.currency }),
    direction: 'out',
    excludeTransfers: true,
  };
}
