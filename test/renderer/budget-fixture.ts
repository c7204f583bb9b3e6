/** Budget DTOs for the renderer tests: November 2026 in GBP, with groups, pending, an overspend and a carry-over. */
import type { BudgetGroupDTO, BudgetLineDTO, BudgetMonthDTO, BudgetSpentDTO } from '../../src/shared/dto';

export function spent(totalMinor: number, pendingMinor = 0, currency = 'GBP'): BudgetSpentDTO {
  return { totalMinor, pendingMinor, byCurrency: totalMinor ? [{ currency, minor: totalMinor, pendingMinor, convertedMinor: totalMinor, unconvertedMinor: 0 }] : [] };
}

export function budgetLine(over: Partial<BudgetLineDTO> & { categoryId: string | null; name: string }): BudgetLineDTO {
  const budgeted = over.budgetedMinor ?? null;
  const carry = over.carryInMinor ?? 0;
  const s = over.spent ?? spent(0);
  return {
    color: '#2e7d32',
    budgetedMinor: budgeted,
    carryInMinor: carry,
    carryOver: false,
    budgeted: budgeted !== null || carry !== 0,
    availableMinor: (budgeted ?? 0) + carry,
    spent: s,
    leftMinor: (budgeted ?? 0) + carry - s.totalMinor,
    pace: null,
    ...over,
  };
}

function group(groupId: string | null, name: string, lines: BudgetLineDTO[], own: number | null = null): BudgetGroupDTO {
  const categories = lines.reduce((n, l) => n + l.availableMinor, 0);
  const total = lines.reduce((n, l) => n + l.spent.totalMinor, 0);
  const pending = lines.reduce((n, l) => n + l.spent.pendingMinor, 0);
  const available = own ?? categories;
  const covered = own !== null ? total : lines.reduce((n, l) => n + (l.budgeted ? l.spent.totalMinor : 0), 0);
  return { groupId, name, budgetedMinor: own, categoriesAvailableMinor: categories, availableMinor: available, spent: spent(total, pending), budgetedSpentMinor: covered, leftMinor: available - covered, pace: null, lines };
}

/** Groceries £312 spent of £400 (£24 pending), eating out £130 of £100 (over), rent exactly spent, uncategorised £8 (not budgeted). */
export function budgetMonth(over: Partial<BudgetMonthDTO> = {}): BudgetMonthDTO {
  const groups = [
    group('bills', 'Bills', [budgetLine({ categoryId: 'housing', name: 'Housing', budgetedMinor: 95000, spent: spent(95000) })]),
    group('everyday', 'Everyday', [
      budgetLine({ categoryId: 'groceries', name: 'Groceries', budgetedMinor: 40000, spent: spent(31200, 2400), pace: { projectedMinor: 43000, elapsedDays: 14, daysInMonth: 30 } }),
      budgetLine({ categoryId: 'transport', name: 'Transport', budgetedMinor: null, carryInMinor: 2000, carryOver: true }),
    ]),
    group('fun', 'Fun', [budgetLine({ categoryId: 'eating-out', name: 'Eating out', budgetedMinor: 10000, spent: spent(13000) })]),
    group(null, 'Other spending', [budgetLine({ categoryId: null, name: 'Uncategorised', color: '#8a8a8a', spent: spent(800) })]),
  ];
  const available = groups.reduce((n, g) => n + g.availableMinor, 0);
  const total = groups.reduce((n, g) => n + g.spent.totalMinor, 0);
  const covered = groups.reduce((n, g) => n + g.budgetedSpentMinor, 0);
  return {
    month: '2026-11',
    book: { currency: 'GBP', allCurrencies: true },
    homeCurrency: 'GBP',
    books: [
      { currency: 'GBP', allCurrencies: true },
      { currency: 'GBP', allCurrencies: false },
      { currency: 'USD', allCurrencies: false },
    ],
    state: 'current',
    groups,
    totals: { availableMinor: available, spent: spent(total, 2400), budgetedSpentMinor: covered, leftMinor: available - covered, pace: { projectedMinor: 150000, elapsedDays: 14, daysInMonth: 30 } },
    unconverted: [],
    ratesNote: '',
    ...over,
  };
}
