import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBudgetsCore, createGroup, deleteGroup, listGroups, moveCategory, renameGroup } from '../../../src/main/core/budgets';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { addTxs, count, pair, RATES, seedLedger } from './fixture';

let db: Db;
let today = '2026-11-15';
const core = () => createBudgetsCore({ db, home: () => 'GBP', today: () => today });
const line = (dto: ReturnType<ReturnType<typeof core>['month']>, categoryId: string | null) => dto.groups.flatMap((g) => g.lines).find((l) => l.categoryId === categoryId)!;
const usdInGbp = (minor: number) => Math.round(minor * (RATES.GBP / RATES.USD));

beforeEach(() => {
  db = openDatabase(':memory:');
  seedLedger(db);
  today = '2026-11-15';
});
afterEach(() => db.close());

describe('spent', () => {
  it('counts booked and pending money out and says how much is pending; income, refunds and transfers are left out', () => {
    const [out, into] = addTxs(db, [
      { day: '2026-11-02', minor: -4000, category: 'groceries' },
      { day: '2026-11-14', minor: -1250, category: 'groceries', status: 'pending' },
      { day: '2026-11-05', minor: 700, category: 'groceries' }, // a refund: money in, not spending
      { day: '2026-11-03', minor: 250000, category: 'income' },
      { day: '2026-11-04', minor: -10000, category: 'transfers' },
      // a transfer between own accounts that the user filed under groceries by hand: still a transfer
      { day: '2026-11-06', minor: -3000, category: 'groceries' },
      { account: 'GBP2', day: '2026-11-06', minor: 3000, category: 'income' },
      { day: '2026-10-31', minor: -999, category: 'groceries' },
    ]).slice(5, 7);
    pair(db, out, into);
    const groceries = line(core().month('2026-11'), 'groceries');
    expect(groceries.spent.totalMinor).toBe(4000 + 1250);
    expect(groceries.spent.pendingMinor).toBe(1250);
    expect(groceries.spent.byCurrency).toEqual([{ currency: 'GBP', minor: 5250, pendingMinor: 1250, convertedMinor: 5250, unconvertedMinor: 0 }]);
    expect(line(core().month('2026-10'), 'groceries').spent.totalMinor).toBe(999);
  });

  it('converts other currencies at each day’s rate into the home currency, and names what has no rate instead of guessing', () => {
    addTxs(db, [
      { day: '2026-11-02', minor: -4000, category: 'groceries' },
      { account: 'USD1', day: '2026-11-03', minor: -2000, category: 'groceries' },
      { account: 'USD1', day: '2026-11-04', minor: -333, category: 'groceries', status: 'pending' },
      // before the first known rate: no conversion possible
      { account: 'USD1', day: '2026-09-20', minor: -5000, category: 'groceries' },
    ]);
    const nov = core().month('2026-11');
    const g = line(nov, 'groceries');
    expect(g.spent.totalMinor).toBe(4000 + usdInGbp(2000) + usdInGbp(333));
    expect(g.spent.pendingMinor).toBe(usdInGbp(333));
    expect(g.spent.byCurrency.find((c) => c.currency === 'USD')).toEqual({ currency: 'USD', minor: 2333, pendingMinor: 333, convertedMinor: usdInGbp(2000) + usdInGbp(333), unconvertedMinor: 0 });
    expect(nov.unconverted).toEqual([]);
    expect(nov.ratesNote).toContain('USD is converted to GBP');

    const sep = core().month('2026-09');
    expect(line(sep, 'groceries').spent.totalMinor).toBe(0);
    expect(sep.unconverted).toEqual([{ currency: 'USD', minor: 5000 }]);
    expect(sep.ratesNote).toMatch(/no exchange rate to GBP .*US\$50\.00.*left out.*Settings → Currency/);
  });

  it('in a one-currency book counts that currency only, unconverted', () => {
    addTxs(db, [
      { day: '2026-11-02', minor: -4000, category: 'groceries' },
      { account: 'USD1', day: '2026-11-03', minor: -2000, category: 'groceries' },
    ]);
    const usd = core().month('2026-11', { currency: 'USD', allCurrencies: false });
    expect(usd.book).toEqual({ currency: 'USD', allCurrencies: false });
    expect(line(usd, 'groceries').spent.totalMinor).toBe(2000);
    expect(usd.books).toEqual([
      { currency: 'GBP', allCurrencies: true },
      { currency: 'GBP', allCurrencies: false },
      { currency: 'USD', allCurrencies: false },
    ]);
  });

  it('keeps the budgets of a former home currency in their own book, which can still be opened', () => {
    let home = 'GBP';
    const c = createBudgetsCore({ db, home: () => home, today: () => today });
    c.setBudget({ month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    home = 'USD';
    const now = c.month('2026-11');
    expect(now.book).toEqual({ currency: 'USD', allCurrencies: true });
    expect(line(now, 'groceries').budgetedMinor).toBeNull();
    expect(now.books).toContainEqual({ currency: 'GBP', allCurrencies: true });
    expect(line(c.month('2026-11', { currency: 'GBP', allCurrencies: true }), 'groceries').budgetedMinor).toBe(40000);
  });

  it('shows uncategorised spending on its own line, with no budget, so the total adds up', () => {
    addTxs(db, [
      { day: '2026-11-02', minor: -4000, category: 'groceries' },
      { day: '2026-11-03', minor: -600, category: null },
    ]);
    const nov = core().month('2026-11');
    expect(line(nov, null)).toMatchObject({ name: 'Uncategorised', budgetedMinor: null, leftMinor: -600 });
    expect(nov.totals.spent.totalMinor).toBe(4600);
  });
  it('leaves out a hidden category unless it has an amount or spending in the month', () => {
    db.prepare(`UPDATE categories SET hidden = 1 WHERE id IN ('travel', 'health')`).run();
    addTxs(db, [{ day: '2026-11-02', minor: -4000, category: 'health' }]);
    const ids = (dto: ReturnType<ReturnType<typeof core>['month']>) => dto.groups.flatMap((g) => g.lines).map((l) => l.categoryId);
    expect(ids(core().month('2026-11'))).toContain('health');
    expect(ids(core().month('2026-11'))).not.toContain('travel');
    expect(ids(core().month('2026-11'))).toContain('groceries');
    core().setBudget({ month: '2026-11', categoryId: 'travel', amountMinor: 5000 });
    expect(ids(core().month('2026-11'))).toContain('travel');
  });
});

describe('budgeted, left and pace', () => {
  it('gives left and over per category, group and month, with the pace of the current month', () => {
    addTxs(db, [
      { day: '2026-11-02', minor: -20000, category: 'groceries' },
      { day: '2026-11-03', minor: -6000, category: 'eating-out' },
    ]);
    const c = core();
    c.setBudget({ month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    const nov = c.setBudget({ month: '2026-11', categoryId: 'eating-out', amountMinor: 5000 });
    const g = line(nov, 'groceries');
    expect(g).toMatchObject({ budgetedMinor: 40000, availableMinor: 40000, leftMinor: 20000 });
    // 15 of 30 days gone: twice what has been spent
    expect(g.pace).toEqual({ projectedMinor: 40000, elapsedDays: 15, daysInMonth: 30 });
    expect(line(nov, 'eating-out').leftMinor).toBe(-1000);
    const everyday = nov.groups.find((x) => x.groupId === 'everyday')!;
    expect(everyday).toMatchObject({ budgetedMinor: null, availableMinor: 40000, leftMinor: 20000 });
    expect(nov.totals).toMatchObject({ availableMinor: 45000, leftMinor: 45000 - 26000 });
    expect(nov.totals.pace?.projectedMinor).toBe(52000);
  });

  it('counts spending in categories without a budget as spent, not as over: left and pace are of the budgeted spending', () => {
    addTxs(db, [
      { day: '2026-11-02', minor: -20000, category: 'groceries' },
      { day: '2026-11-03', minor: -90000, category: 'transport' },
      { day: '2026-11-04', minor: -500, category: null },
    ]);
    const nov = core().setBudget({ month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    expect(line(nov, 'transport')).toMatchObject({ budgeted: false, budgetedMinor: null });
    expect(line(nov, 'groceries').budgeted).toBe(true);
    const everyday = nov.groups.find((g) => g.groupId === 'everyday')!;
    expect(everyday).toMatchObject({ budgetedSpentMinor: 20000, leftMinor: 20000 });
    expect(everyday.spent.totalMinor).toBe(110000);
    expect(nov.totals).toMatchObject({ availableMinor: 40000, budgetedSpentMinor: 20000, leftMinor: 20000 });
    expect(nov.totals.spent.totalMinor).toBe(110500);
    expect(nov.totals.pace?.projectedMinor).toBe(40000);
    // under the group's own amount, all of the group's spending counts
    const capped = core().setBudget({ month: '2026-11', groupId: 'everyday', amountMinor: 100000 });
    expect(capped.groups.find((g) => g.groupId === 'everyday')).toMatchObject({ budgetedSpentMinor: 110000, leftMinor: -10000 });
  });

  it("a group's own amount is its budget instead of the sum of its categories", () => {
    addTxs(db, [{ day: '2026-11-02', minor: -20000, category: 'groceries' }]);
    const c = core();
    c.setBudget({ month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    const nov = c.setBudget({ month: '2026-11', groupId: 'everyday', amountMinor: 30000 });
    const everyday = nov.groups.find((x) => x.groupId === 'everyday')!;
    expect(everyday).toMatchObject({ budgetedMinor: 30000, categoriesAvailableMinor: 40000, availableMinor: 30000, leftMinor: 10000 });
    expect(nov.totals.availableMinor).toBe(30000);
    // removing an amount (null) goes back to the sum of its categories
    const after = c.setBudget({ month: '2026-11', groupId: 'everyday', amountMinor: null });
    expect(after.groups.find((x) => x.groupId === 'everyday')!.availableMinor).toBe(40000);
  });

  it('carries surpluses and overspending from month to month while carry-over is on, from the month it was turned on', () => {
    addTxs(db, [
      { day: '2026-09-10', minor: -8000, category: 'groceries' },
      { day: '2026-10-10', minor: -15000, category: 'groceries' },
      { day: '2026-11-10', minor: -3000, category: 'groceries' },
    ]);
    const c = core();
    for (const month of ['2026-09', '2026-10', '2026-11']) c.setBudget({ month, categoryId: 'groceries', amountMinor: 10000 });
    expect(line(c.month('2026-11'), 'groceries').carryInMinor).toBe(0); // off by default
    c.setCarryover({ categoryId: 'groceries', month: '2026-09', enabled: true });
    expect(line(c.month('2026-10'), 'groceries')).toMatchObject({ carryInMinor: 2000, availableMinor: 12000, leftMinor: -3000, carryOver: true });
    expect(line(c.month('2026-11'), 'groceries')).toMatchObject({ carryInMinor: -3000, availableMinor: 7000, leftMinor: 4000 });
    // off from October: October still receives September's surplus, November starts afresh
    c.setCarryover({ categoryId: 'groceries', month: '2026-10', enabled: false });
    expect(line(c.month('2026-10'), 'groceries')).toMatchObject({ carryInMinor: 2000, carryOver: false });
    expect(line(c.month('2026-11'), 'groceries')).toMatchObject({ carryInMinor: 0, leftMinor: 7000 });
    expect(line(c.month('2026-09'), 'groceries').carryOver).toBe(true);
  });

  it('sets each category from its average over the 3 full months before, counting only months the history covers', () => {
    addTxs(db, [
      { day: '2026-08-01', minor: -9000, category: 'groceries' },
      { day: '2026-09-15', minor: -12000, category: 'groceries' },
      { day: '2026-10-15', minor: -15050, category: 'groceries', status: 'pending' },
      { day: '2026-10-20', minor: -3000, category: 'eating-out' },
      { day: '2026-11-01', minor: -99999, category: 'groceries' }, // this month: not part of the average
    ]);
    const c = core();
    c.setBudget({ month: '2026-11', categoryId: 'transport', amountMinor: 1234 });
    const { budget, changed } = c.setFromAverage({ month: '2026-11' });
    expect(changed).toBe(2);
    expect(line(budget, 'groceries').budgetedMinor).toBe(12000); // (90 + 120 + 150.50) / 3 = 120.17 → 120
    expect(line(budget, 'eating-out').budgetedMinor).toBe(1000);
    expect(line(budget, 'transport').budgetedMinor).toBe(1234); // spent nothing: kept

    // a history that starts in mid-September: only October is a full month
    const db2 = openDatabase(':memory:');
    seedLedger(db2);
    addTxs(db2, [
      { day: '2026-09-15', minor: -12000, category: 'groceries' },
      { day: '2026-10-15', minor: -3000, category: 'groceries' },
    ]);
    const c2 = createBudgetsCore({ db: db2, home: () => 'GBP', today: () => today });
    expect(line(c2.setFromAverage({ month: '2026-11', categoryId: 'groceries' }).budget, 'groceries').budgetedMinor).toBe(3000);
    expect(() => c2.setFromAverage({ month: '2026-10' })).toThrow(/no full month of spending before October 2026.*starts on 2026-09-15/);
    db2.close();
  });

  it("copies last month's category and group amounts over this month's", () => {
    const c = core();
    c.setBudget({ month: '2026-10', categoryId: 'groceries', amountMinor: 40000 });
    c.setBudget({ month: '2026-10', groupId: 'fun', amountMinor: 20000 });
    c.setBudget({ month: '2026-11', categoryId: 'transport', amountMinor: 5000 });
    const { budget, copied } = c.copyLastMonth({ month: '2026-11' });
    expect(copied).toBe(2);
    expect(line(budget, 'groceries').budgetedMinor).toBe(40000);
    expect(line(budget, 'transport').budgetedMinor).toBeNull();
    expect(budget.groups.find((g) => g.groupId === 'fun')!.budgetedMinor).toBe(20000);
    expect(() => c.copyLastMonth({ month: '2026-10' })).toThrow('There is no budget in September 2026 to copy');
  });

  it('gives the year at a glance: amounts as set and spending, per category and month', () => {
    addTxs(db, [
      { day: '2026-03-02', minor: -4000, category: 'groceries' },
      { day: '2026-11-02', minor: -2500, category: 'groceries' },
      { day: '2026-11-03', minor: -100, category: null },
    ]);
    const c = core();
    c.setBudget({ month: '2026-03', categoryId: 'groceries', amountMinor: 5000 });
    c.setBudget({ month: '2026-03', groupId: 'fun', amountMinor: 7000 });
    c.setBudget({ month: '2026-03', categoryId: 'travel', amountMinor: 900 }); // in Fun, whose own amount wins
    const year = c.year(2026);
    expect(year.months).toHaveLength(12);
    const groceries = year.rows.find((r) => r.categoryId === 'groceries')!;
    expect(groceries.groupName).toBe('Everyday');
    expect(groceries.cells[2]).toEqual({ month: '2026-03', budgetedMinor: 5000, spentMinor: 4000 });
    expect(groceries.cells[10]).toEqual({ month: '2026-11', budgetedMinor: null, spentMinor: 2500 });
    expect(year.rows.at(-1)).toMatchObject({ categoryId: null, name: 'Uncategorised' });
    expect(year.totals[2]).toEqual({ month: '2026-03', budgetedMinor: 12000, spentMinor: 4000 });
    expect(year.totals[10].spentMinor).toBe(2600);
  });
});

describe('bad input changes nothing', () => {
  it('refuses a negative or fractional amount, a month that is not YYYY-MM, an unknown or non-spending category', () => {
    const c = core();
    c.setBudget({ month: '2026-11', categoryId: 'groceries', amountMinor: 100 });
    const before = db.prepare('SELECT * FROM budgets').all();
    expect(() => c.setBudget({ month: '2026-11', categoryId: 'groceries', amountMinor: -1 })).toThrow(/cannot|0 or more/);
    expect(() => c.setBudget({ month: '2026-11', categoryId: 'groceries', amountMinor: 12.5 })).toThrow(/whole number of minor units/);
    expect(() => c.setBudget({ month: '2026-13', categoryId: 'groceries', amountMinor: 5 })).toThrow('"2026-13" is not a month. Give it as YYYY-MM');
    expect(() => c.setBudget({ month: '2026-11', categoryId: 'nope', amountMinor: 5 })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => c.setBudget({ month: '2026-11', categoryId: 'income', amountMinor: 5 })).toThrow('Income is an income category; budgets are for spending');
    expect(() => c.setBudget({ month: '2026-11', groupId: 'nope', amountMinor: 5 })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => c.setCarryover({ categoryId: 'transfers', month: '2026-11', enabled: true })).toThrow(/transfer category/);
    expect(db.prepare('SELECT * FROM budgets').all()).toEqual(before);
    expect(count(db, 'budget_carryover')).toBe(0);
  });
});

describe('category groups', () => {
  it('start with Bills, Everyday and Fun holding the built-in spending categories', () => {
    const groups = listGroups(db);
    expect(groups.map((g) => g.name)).toEqual(['Bills', 'Everyday', 'Fun']);
    expect(groups[1].categoryIds).toEqual(['cash', 'groceries', 'health', 'transport']);
    const month = core().month('2026-11');
    expect(month.groups.map((g) => g.name)).toEqual(['Bills', 'Everyday', 'Fun']);
  });

  it('are created, renamed, deleted (their categories stay, ungrouped; their budgets go) and categories move between them', () => {
    const home = createGroup(db, '  Home ');
    expect(home).toMatchObject({ name: 'Home', sortOrder: 4, categoryIds: [] });
    expect(() => createGroup(db, 'fun')).toThrow('There is already a group called "fun". Choose another name.');
    moveCategory(db, 'housing', home.id);
    expect(renameGroup(db, home.id, 'House')).toMatchObject({ name: 'House', categoryIds: ['housing'] });
    core().setBudget({ month: '2026-11', groupId: home.id, amountMinor: 100000 });
    deleteGroup(db, home.id);
    expect(count(db, 'budgets')).toBe(0);
    const month = core().month('2026-11');
    expect(month.groups.at(-1)).toMatchObject({ groupId: null, name: 'Other spending' });
    expect(month.groups.at(-1)!.lines.map((l) => l.categoryId)).toEqual(['housing']);
    expect(() => deleteGroup(db, home.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => moveCategory(db, 'nope', null)).toThrow(expect.objectContaining({ code: 'not_found' }));
    moveCategory(db, 'housing', null);
    expect(listGroups(db).flatMap((g) => g.categoryIds)).not.toContain('housing');
  });
});
