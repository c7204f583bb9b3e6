import { beforeEach, describe, expect, it } from 'vitest';
import { apiSchemas, ruleInputSchema } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import * as categories from '../../../src/main/core/categories';
import { splitTransaction } from '../../../src/main/core/categories/splits';
import { createRule, listRules } from '../../../src/main/core/rules';
import { spendingByCategory } from '../../../src/main/core/reports';
import { rebuildDailyTotals } from '../../../src/main/core/db/derived';
import { fixtureDb } from '../reports/fixture';
import { expectExactTotals } from './exact-totals';

let db: Db;
beforeEach(() => {
  db = fixtureDb();
});
const create = (name: string, kind: 'expense' | 'income' | 'transfer' = 'expense') =>
  categories.createCategory(db, apiSchemas.createCategory.parse({ name, kind, color: '#5c6bc0' }));
const snapshot = () => ({
  categories: db.prepare('SELECT * FROM categories ORDER BY id').all(),
  transactions: db.prepare('SELECT id, category_id FROM transactions ORDER BY id').all(),
  totals: db.prepare('SELECT * FROM daily_category_totals ORDER BY 1, 2, 3, 4').all(),
});

describe('categories', () => {
  it('creates, renames, recolours, changes kind and hides; names stay unique', () => {
    const coffee = create('Coffee');
    expect(coffee).toMatchObject({ name: 'Coffee', kind: 'expense', color: '#5c6bc0', hidden: false, builtin: false });
    expect(() => create('coffee')).toThrow(/already a category called "Coffee"/);
    const renamed = categories.updateCategory(db, apiSchemas.updateCategory.parse({ categoryId: coffee.id, name: 'Coffee shops', color: '#ad5a00', kind: 'income', hidden: true }));
    expect(renamed).toMatchObject({ name: 'Coffee shops', color: '#ad5a00', kind: 'income', hidden: true });
    expect(categories.listCategories(db).find((c) => c.id === coffee.id)?.hidden).toBe(true);
  });

  it('offers only palette colours', () => {
    const free = apiSchemas.createCategory.safeParse({ name: 'X', kind: 'expense', color: '#ffff00' });
    expect(free.success).toBe(false);
    expect(free.error!.issues[0].message).toBe('pick one of the palette colours');
  });

  it('built-in categories can be renamed and hidden, but keep their kind and are never merged away', () => {
    expect(categories.updateCategory(db, { categoryId: 'groceries', name: 'Food shopping', hidden: true })).toMatchObject({ name: 'Food shopping', hidden: true, builtin: true });
    expect(() => categories.updateCategory(db, { categoryId: 'groceries', kind: 'income' })).toThrow(/built in, so its kind stays expense/);
    const before = snapshot();
    expect(() => categories.mergeCategory(db, 'groceries', 'shopping')).toThrow(/cannot be merged away/);
    expect(snapshot()).toEqual(before);
  });

  it('hidden categories still count in the reports', () => {
    const before = spendingByCategory(db, { from: '2026-01-01', to: '2026-02-28' });
    categories.updateCategory(db, { categoryId: 'groceries', hidden: true });
    expect(spendingByCategory(db, { from: '2026-01-01', to: '2026-02-28' })).toEqual(before);
  });

  it('merging moves transactions, split parts and rules, deletes the category and keeps the totals exact', () => {
    const coffee = create('Coffee');
    const snacks = create('Snacks');
    db.prepare(`UPDATE transactions SET category_id = ? WHERE merchant IN ('Pret', 'Costa')`).run(coffee.id);
    rebuildDailyTotals(db);
    const tesco = db.prepare(`SELECT CAST(id AS TEXT) FROM transactions WHERE merchant = 'Tesco' ORDER BY id`).pluck().get() as string;
    splitTransaction(db, { transactionId: tesco, parts: [{ categoryId: 'groceries', amountMinor: -4000 }, { categoryId: coffee.id, amountMinor: -1000 }] });
    createRule(db, ruleInputSchema.parse({ field: 'merchant', value: 'pret', categoryId: coffee.id, applyToExisting: false }));
    const spentBefore = spendingByCategory(db, { from: '2026-01-01', to: '2026-02-28' })[0].items.find((i) => i.categoryId === coffee.id)!.minor;
    expect(spentBefore).toBe(1000 + 1200); // the split part and Pret (Costa is pending)

    expect(categories.mergeCategory(db, coffee.id, snacks.id)).toEqual({ transactions: 2, rules: 1 });
    expect(categories.listCategories(db).some((c) => c.id === coffee.id)).toBe(false);
    expect(listRules(db)[0].categoryId).toBe(snacks.id);
    expect(db.prepare('SELECT category_id FROM transaction_splits WHERE seq = 2').pluck().get()).toBe(snacks.id);
    const items = spendingByCategory(db, { from: '2026-01-01', to: '2026-02-28' })[0].items;
    expect(items.find((i) => i.categoryId === snacks.id)!.minor).toBe(spentBefore);
    expect(items.some((i) => i.categoryId === coffee.id)).toBe(false);
    expectExactTotals(db);
  });

  it('refuses merging a category into itself or into one that does not exist, changing nothing', () => {
    const coffee = create('Coffee');
    const self = apiSchemas.mergeCategory.safeParse({ fromId: coffee.id, intoId: coffee.id });
    expect(self.error!.issues[0].message).toMatch(/cannot be merged into itself/);
    const before = snapshot();
    expect(() => categories.mergeCategory(db, coffee.id, coffee.id)).toThrow(/into itself/);
    expect(() => categories.mergeCategory(db, coffee.id, 'nope')).toThrow(/no longer exists/);
    expect(snapshot()).toEqual(before);
  });

  it('counts transactions and rules per category', () => {
    const usage = categories.categoryUsage(db);
    expect(usage.find((u) => u.categoryId === 'groceries')).toEqual({ categoryId: 'groceries', transactions: 5, rules: 0 });
  });
});
