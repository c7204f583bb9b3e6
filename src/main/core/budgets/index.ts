/**
 * Monthly budgets per category and per category group, in a book (all currencies converted into the home
 * currency, or one currency only): budgeted, spent (booked + pending), left, pace, carry-over chains, amounts
 * from the 3-month average, a copy of last month, and the year at a glance.
 */
import type { BudgetBookDTO, BudgetGroupDTO, BudgetLineDTO, BudgetMonthDTO, BudgetYearDTO } from '../../../shared/dto';
import { currencyExponent, formatMinor } from '../../../shared/money';
import type { Db } from '../db/database';
import { InvalidInputError, NotFoundError } from '../reports/errors';
import { listGroups } from './groups';
import { averageBudget, carryChain, monthState, pace } from './maths';
import { addMonths, MONTH_PATTERN, monthName, monthRange, monthsBetween } from './months';
import { addSpent, NO_SPENDING, spendingByCategoryMonth, type Book } from './spending';

export { createGroup, deleteGroup, listGroups, moveCategory, renameGroup } from './groups';

export interface BudgetsDeps {
  db: Db;
  /** The user's home currency now. */
  home: () => string;
  /** Today as YYYY-MM-DD. */
  today: () => string;
}

interface Category {
  id: string;
  name: string;
  color: string;
  groupId: string | null;
}

type Target = { categoryId: string } | { groupId: string };

const UNCATEGORISED = { name: 'Uncategorised', color: '#8a8a8a' };
const OTHER_GROUP = 'Other spending';

function assertMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) throw new InvalidInputError(`"${month}" is not a month. Give it as YYYY-MM, e.g. 2026-11.`);
}

function assertAmount(amount: number | null): void {
  if (amount !== null && (!Number.isSafeInteger(amount) || amount < 0)) {
    throw new InvalidInputError('A budget must be a whole number of minor units (pence or cents), 0 or more. Enter the amount again.');
  }
}

const targetKey = (t: Target) => ('categoryId' in t ? `c:${t.categoryId}` : `g:${t.groupId}`);

export function createBudgetsCore({ db, home, today }: BudgetsDeps) {
  const bookOf = (book?: Book): Book => book ?? { currency: home(), allCurrencies: true };
  const bookParams = (book: Book) => ({ currency: book.currency, all: book.allCurrencies ? 1 : 0 });

  const expenseCategories = () =>
    db.prepare(`SELECT id, name, color, group_id AS groupId FROM categories WHERE kind = 'expense' ORDER BY name`).all() as Category[];

  function requireBudgetCategory(categoryId: string): Category {
    const c = db.prepare('SELECT id, name, color, kind, group_id AS groupId FROM categories WHERE id = ?').get(categoryId) as (Category & { kind: string }) | undefined;
    if (!c) throw new NotFoundError(`There is no category "${categoryId}". Reload the Budget page to see the current categories.`);
    if (c.kind !== 'expense') {
      throw new InvalidInputError(`${c.name} is ${c.kind === 'income' ? 'an income' : 'a transfer'} category; budgets are for spending. Choose a spending category.`);
    }
    return c;
  }

  function requireTarget(t: Target): void {
    if ('categoryId' in t) requireBudgetCategory(t.categoryId);
    else if (!db.prepare('SELECT 1 FROM category_groups WHERE id = ?').get(t.groupId)) {
      throw new NotFoundError('That category group no longer exists. Reload the Budget page to see the current groups.');
    }
  }

  /** Amounts set in a book from `first` to `last`: target key → month → amount. */
  function amounts(book: Book, first: string, last: string): Map<string, Map<string, number>> {
    const rows = db
      .prepare(
        `SELECT month, category_id AS categoryId, group_id AS groupId, amount_minor AS minor FROM budgets
         WHERE currency = @currency AND all_currencies = @all AND month BETWEEN @first AND @last`,
      )
      .all({ ...bookParams(book), first, last }) as { month: string; categoryId: string | null; groupId: string | null; minor: number }[];
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const k = targetKey(r.categoryId !== null ? { categoryId: r.categoryId } : { groupId: r.groupId as string });
      const byMonth = out.get(k) ?? new Map<string, number>();
      out.set(k, byMonth);
      byMonth.set(r.month, r.minor);
    }
    return out;
  }

  function writeAmount(book: Book, month: string, t: Target, amount: number | null): void {
    const p = { ...bookParams(book), month, categoryId: 'categoryId' in t ? t.categoryId : null, groupId: 'groupId' in t ? t.groupId : null };
    db.prepare(
      `DELETE FROM budgets WHERE currency = @currency AND all_currencies = @all AND month = @month
         AND category_id IS @categoryId AND group_id IS @groupId`,
    ).run(p);
    if (amount !== null) {
      db.prepare(
        `INSERT INTO budgets (month, category_id, group_id, currency, all_currencies, amount_minor)
         VALUES (@month, @categoryId, @groupId, @currency, @all, @amount)`,
      ).run({ ...p, amount });
    }
  }

  /** Carry-over settings per category, oldest first. */
  function carryFlags(): Map<string, { fromMonth: string; enabled: number }[]> {
    const rows = db.prepare('SELECT category_id AS categoryId, from_month AS fromMonth, enabled FROM budget_carryover ORDER BY from_month').all() as {
      categoryId: string;
      fromMonth: string;
      enabled: number;
    }[];
    const out = new Map<string, { fromMonth: string; enabled: number }[]>();
    for (const r of rows) out.set(r.categoryId, [...(out.get(r.categoryId) ?? []), r]);
    return out;
  }

  const carriesOut = (flags: { fromMonth: string; enabled: number }[] | undefined, month: string) =>
    (flags ?? []).reduce((on, f) => (f.fromMonth <= month ? f.enabled === 1 : on), false);

  function books(): BudgetBookDTO[] {
    const out: BudgetBookDTO[] = [{ currency: home(), allCurrencies: true }];
    const add = (b: BudgetBookDTO) => {
      if (!out.some((o) => o.currency === b.currency && o.allCurrencies === b.allCurrencies)) out.push(b);
    };
    for (const currency of db.prepare('SELECT DISTINCT currency FROM accounts ORDER BY currency').pluck().all() as string[]) add({ currency, allCurrencies: false });
    const stored = db.prepare('SELECT DISTINCT currency, all_currencies AS a FROM budgets ORDER BY a DESC, currency').all() as { currency: string; a: number }[];
    for (const s of stored) add({ currency: s.currency, allCurrencies: s.a === 1 });
    return out;
  }

  function ratesNote(book: Book, spentIn: string[], unconverted: Map<string, number>): { unconverted: { currency: string; minor: number }[]; ratesNote: string } {
    const left = [...unconverted].map(([currency, minor]) => ({ currency, minor })).sort((a, b) => a.currency.localeCompare(b.currency));
    const converted = spentIn.filter((c) => c !== book.currency && !unconverted.has(c));
    const parts: string[] = [];
    if (book.allCurrencies && converted.length) parts.push(`Spending in ${converted.join(', ')} is converted to ${book.currency} at each day's exchange rate.`);
    if (left.length) {
      parts.push(
        `MyBucks has no exchange rate to ${book.currency} for some days of ${left.map((u) => formatMinor(u.minor, u.currency, 'en-GB')).join(' and ')} of spending, ` +
          'so it is left out of these figures. Add a manual rate in Settings → Currency, or choose Update rates there when online.',
      );
    }
    return { unconverted: left, ratesNote: parts.join(' ') };
  }

  function month(m: string, requested?: Book): BudgetMonthDTO {
    assertMonth(m);
    const book = bookOf(requested);
    const t = today();
    const cats = expenseCategories();
    const flags = carryFlags();
    // a category's chain starts at its first month with carry-over on before this one
    const starts = new Map<string, string>();
    for (const c of cats) {
      const first = (flags.get(c.id) ?? []).find((f) => f.enabled === 1 && f.fromMonth < m);
      if (first) starts.set(c.id, first.fromMonth);
    }
    const first = [...starts.values()].reduce((a, b) => (b < a ? b : a), m);
    const spending = spendingByCategoryMonth(db, book, `${m}-01`, monthRange(m).to);
    // the months before, only for the categories whose carry-over chain reaches back into them
    const earlier = first < m ? spendingByCategoryMonth(db, book, `${first}-01`, monthRange(addMonths(m, -1)).to, [...starts.keys()]) : null;
    const amts = amounts(book, first, m);
    const spentOf = (key: string, month: string) => (month === m ? spending : earlier)?.spent.get(key)?.get(month) ?? NO_SPENDING;

    const line = (c: Category): BudgetLineDTO => {
      const chain = carryChain(
        monthsBetween(starts.get(c.id) ?? m, m).map((mm) => ({
          budgeted: amts.get(`c:${c.id}`)?.get(mm) ?? 0,
          spent: spentOf(c.id, mm).totalMinor,
          carryOut: carriesOut(flags.get(c.id), mm),
        })),
      );
      const { carryIn, left } = chain[chain.length - 1];
      const budgeted = amts.get(`c:${c.id}`)?.get(m) ?? null;
      const spent = spentOf(c.id, m);
      return {
        categoryId: c.id,
        name: c.name,
        color: c.color,
        budgetedMinor: budgeted,
        carryInMinor: carryIn,
        carryOver: carriesOut(flags.get(c.id), m),
        budgeted: budgeted !== null || carryIn !== 0,
        availableMinor: (budgeted ?? 0) + carryIn,
        spent,
        leftMinor: left,
        pace: pace(spent.totalMinor, m, t),
      };
    };
    const group = (groupId: string | null, name: string, lines: BudgetLineDTO[]): BudgetGroupDTO => {
      const own = groupId === null ? null : (amts.get(`g:${groupId}`)?.get(m) ?? null);
      const categoriesAvailable = lines.reduce((n, l) => n + l.availableMinor, 0);
      const available = own ?? categoriesAvailable;
      const spent = addSpent(lines.map((l) => l.spent));
      const covered = own !== null ? spent.totalMinor : lines.reduce((n, l) => n + (l.budgeted ? l.spent.totalMinor : 0), 0);
      return {
        groupId,
        name,
        budgetedMinor: own,
        categoriesAvailableMinor: categoriesAvailable,
        availableMinor: available,
        spent,
        budgetedSpentMinor: covered,
        leftMinor: available - covered,
        pace: pace(covered, m, t),
        lines,
      };
    };

    // a hidden category stays out of the way unless it has an amount or spending this month
    const hidden = new Set(db.prepare('SELECT id FROM categories WHERE hidden = 1').pluck().all() as string[]);
    const shown = (l: BudgetLineDTO) => !hidden.has(l.categoryId ?? '') || l.budgeted || l.spent.totalMinor !== 0;
    const lines = (groupId: string | null) => cats.filter((c) => c.groupId === groupId).map(line).filter(shown);
    const groups = listGroups(db).map((g) => group(g.id, g.name, lines(g.id)));
    const others = lines(null);
    const uncategorised = spentOf('', m);
    if (uncategorised.totalMinor > 0 || uncategorised.byCurrency.length) {
      others.push({
        categoryId: null,
        ...UNCATEGORISED,
        budgetedMinor: null,
        carryInMinor: 0,
        carryOver: false,
        budgeted: false,
        availableMinor: 0,
        spent: uncategorised,
        leftMinor: -uncategorised.totalMinor,
        pace: pace(uncategorised.totalMinor, m, t),
      });
    }
    if (others.length) groups.push(group(null, OTHER_GROUP, others));

    const available = groups.reduce((n, g) => n + g.availableMinor, 0);
    const spent = addSpent(groups.map((g) => g.spent));
    const covered = groups.reduce((n, g) => n + g.budgetedSpentMinor, 0);
    return {
      month: m,
      book,
      homeCurrency: home(),
      books: books(),
      state: monthState(m, t),
      groups,
      totals: { availableMinor: available, spent, budgetedSpentMinor: covered, leftMinor: available - covered, pace: pace(covered, m, t) },
      ...ratesNote(
        book,
        spent.byCurrency.map((c) => c.currency),
        spending.unconverted.get(m) ?? new Map(),
      ),
    };
  }

  function setBudget(input: { month: string; categoryId?: string; groupId?: string; amountMinor: number | null; book?: Book }): BudgetMonthDTO {
    assertMonth(input.month);
    assertAmount(input.amountMinor);
    const target: Target = input.categoryId !== undefined ? { categoryId: input.categoryId } : { groupId: input.groupId as string };
    requireTarget(target);
    db.transaction(() => writeAmount(bookOf(input.book), input.month, target, input.amountMinor))();
    return month(input.month, input.book);
  }

  /** From `m` on (later settings of the category are replaced). */
  function setCarryover(input: { categoryId: string; month: string; enabled: boolean; book?: Book }): BudgetMonthDTO {
    assertMonth(input.month);
    requireBudgetCategory(input.categoryId);
    db.transaction(() => {
      db.prepare('DELETE FROM budget_carryover WHERE category_id = ? AND from_month >= ?').run(input.categoryId, input.month);
      db.prepare('INSERT INTO budget_carryover (category_id, from_month, enabled) VALUES (?, ?, ?)').run(input.categoryId, input.month, input.enabled ? 1 : 0);
    })();
    return month(input.month, input.book);
  }

  /**
   * Each spending category's budget (or one category's) from its mean over the 3 full months before `m`;
   * months before the history starts are not counted. With every category, those that spent nothing keep
   * their amount.
   */
  function setFromAverage(input: { month: string; categoryId?: string; book?: Book }): { budget: BudgetMonthDTO; changed: number } {
    assertMonth(input.month);
    const book = bookOf(input.book);
    const targets = input.categoryId !== undefined ? [requireBudgetCategory(input.categoryId)] : expenseCategories();
    const firstDay = (
      book.allCurrencies
        ? db.prepare('SELECT min(booking_date) FROM transactions').pluck().get()
        : db.prepare('SELECT min(booking_date) FROM transactions WHERE currency = ?').pluck().get(book.currency)
    ) as string | null;
    if (firstDay === null) throw new InvalidInputError('There is no spending yet to take an average of. Enter the amounts by hand, or link a bank first.');
    const counted = [-3, -2, -1].map((n) => addMonths(input.month, n)).filter((mm) => firstDay <= `${mm}-01`);
    if (!counted.length) {
      throw new InvalidInputError(
        `MyBucks has no full month of spending before ${monthName(input.month)} to take an average of: your history starts on ${firstDay}. Enter the amounts by hand.`,
      );
    }
    const spending = spendingByCategoryMonth(db, book, `${counted[0]}-01`, monthRange(counted[counted.length - 1]).to);
    const exponent = currencyExponent(book.currency);
    let changed = 0;
    db.transaction(() => {
      for (const c of targets) {
        const amount = averageBudget(
          counted.map((mm) => spending.spent.get(c.id)?.get(mm)?.totalMinor ?? 0),
          exponent,
        );
        if (amount === 0 && input.categoryId === undefined) continue;
        writeAmount(book, input.month, { categoryId: c.id }, amount);
        changed++;
      }
    })();
    return { budget: month(input.month, input.book), changed };
  }

  function copyLastMonth(input: { month: string; book?: Book }): { budget: BudgetMonthDTO; copied: number } {
    assertMonth(input.month);
    const book = bookOf(input.book);
    const previous = addMonths(input.month, -1);
    const p = { ...bookParams(book), previous, month: input.month };
    const n = db.prepare('SELECT count(*) FROM budgets WHERE currency = @currency AND all_currencies = @all AND month = @previous').pluck().get(p) as number;
    if (n === 0) {
      throw new InvalidInputError(`There is no budget in ${monthName(previous)} to copy. Enter this month's amounts, or choose "Set from 3-month average".`);
    }
    db.transaction(() => {
      db.prepare('DELETE FROM budgets WHERE currency = @currency AND all_currencies = @all AND month = @month').run(p);
      db.prepare(
        `INSERT INTO budgets (month, category_id, group_id, currency, all_currencies, amount_minor)
         SELECT @month, category_id, group_id, currency, all_currencies, amount_minor FROM budgets
         WHERE currency = @currency AND all_currencies = @all AND month = @previous`,
      ).run(p);
    })();
    return { budget: month(input.month, input.book), copied: n };
  }

  /** Amounts as set (without carry-over) and spending, per category and month of a calendar year. */
  function year(y: number, requested?: Book): BudgetYearDTO {
    const book = bookOf(requested);
    const months = monthsBetween(`${y}-01`, `${y}-12`);
    const spending = spendingByCategoryMonth(db, book, `${y}-01-01`, `${y}-12-31`);
    const amts = amounts(book, months[0], months[11]);
    const groups = listGroups(db);
    const rank = new Map(groups.map((g, i) => [g.id, i]));
    const cats = expenseCategories().sort((a, b) => (rank.get(a.groupId ?? '') ?? groups.length) - (rank.get(b.groupId ?? '') ?? groups.length));
    const spentIn = (key: string, mm: string) => spending.spent.get(key)?.get(mm)?.totalMinor ?? 0;
    const rows: BudgetYearDTO['rows'] = cats.map((c) => ({
      categoryId: c.id,
      name: c.name,
      groupName: groups.find((g) => g.id === c.groupId)?.name ?? null,
      cells: months.map((mm) => ({ month: mm, budgetedMinor: amts.get(`c:${c.id}`)?.get(mm) ?? null, spentMinor: spentIn(c.id, mm) })),
    }));
    if (spending.spent.has('')) {
      rows.push({ categoryId: null, name: UNCATEGORISED.name, groupName: null, cells: months.map((mm) => ({ month: mm, budgetedMinor: null, spentMinor: spentIn('', mm) })) });
    }
    const totals = months.map((mm) => {
      const ofCategories = (list: Category[]) => list.reduce((n, c) => n + (amts.get(`c:${c.id}`)?.get(mm) ?? 0), 0);
      const budgeted =
        groups.reduce((n, g) => n + (amts.get(`g:${g.id}`)?.get(mm) ?? ofCategories(cats.filter((c) => c.groupId === g.id))), 0) +
        ofCategories(cats.filter((c) => c.groupId === null));
      return { month: mm, budgetedMinor: budgeted, spentMinor: rows.reduce((n, r) => n + (r.cells.find((cell) => cell.month === mm)?.spentMinor ?? 0), 0) };
    });
    const unconverted = new Map<string, number>();
    for (const byCurrency of spending.unconverted.values()) for (const [c, minor] of byCurrency) unconverted.set(c, (unconverted.get(c) ?? 0) + minor);
    const spentCurrencies = new Set<string>();
    for (const byMonth of spending.spent.values()) for (const s of byMonth.values()) for (const c of s.byCurrency) spentCurrencies.add(c.currency);
    return { year: y, book, months, rows, totals, ...ratesNote(book, [...spentCurrencies].sort(), unconverted) };
  }

  return { month, setBudget, setCarryover, setFromAverage, copyLastMonth, year };
}

