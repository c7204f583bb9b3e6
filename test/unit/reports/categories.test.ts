import { beforeEach, describe, expect, it } from 'vitest';
import { ruleInputSchema } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import { createRule, deleteRule, listCategories, listRules, NotFoundError, setTransactionCategory, spendingByCategory, topMerchants } from '../../../src/main/core/reports';
import { fixtureDb } from './fixture';

let db: Db;
beforeEach(() => {
  db = fixtureDb();
});
const categoryOf = (id: number) => db.prepare('SELECT category_id AS c, category_manual AS m FROM transactions WHERE id = ?').get(id);

describe('categories and rules', () => {
  it('lists the seeded categories', () => {
    const cats = listCategories(db);
    expect(cats.find((c) => c.id === 'groceries')).toEqual({ id: 'groceries', name: 'Groceries', kind: 'expense', color: '#2e7d32', hidden: false, builtin: true });
    expect(cats.filter((c) => c.kind === 'income').map((c) => c.id)).toEqual(['income']);
  });

  it('a rule applies retroactively but never over a manual choice', () => {
    setTransactionCategory(db, '2', 'eating-out');
    const { rule, updated } = createRule(db, ruleInputSchema.parse({ field: 'merchant', op: 'equals', value: 'TESCO', categoryId: 'shopping' }), new Date('2026-03-01T00:00:00Z'));
    expect(updated).toBe(2);
    expect(categoryOf(2)).toEqual({ c: 'eating-out', m: 1 });
    expect(categoryOf(3)).toEqual({ c: 'shopping', m: 0 });
    expect(categoryOf(6)).toEqual({ c: 'shopping', m: 0 });
    expect(listRules(db)).toEqual([{ ...rule, createdAt: '2026-03-01T00:00:00.000Z' }]);
    // the dashboard totals follow the re-categorisation
    const gbp = spendingByCategory(db, { from: '2026-01-01', to: '2026-02-28' })[0].items;
    expect(gbp.find((i) => i.categoryId === 'shopping')?.minor).toBe(2500 + 7000);
    expect(gbp.find((i) => i.categoryId === 'eating-out')?.minor).toBe(5000 + 1200);
    expect(gbp.find((i) => i.categoryId === 'groceries')).toBeUndefined();
  });

  it('moving a transaction to a transfer category takes it out of spending and top merchants', () => {
    setTransactionCategory(db, '6', 'transfers');
    expect(topMerchants(db, { from: '2026-01-01', to: '2026-02-28', limit: 1 }).filter((m) => m.currency === 'GBP')).toEqual([
      { merchant: 'Tesco', currency: 'GBP', minor: 7500, count: 2 },
    ]);
    expect(spendingByCategory(db, { from: '2026-02-01', to: '2026-02-28' })[0].items.find((i) => i.categoryId === 'groceries')).toBeUndefined();
  });

  it('description contains, without applying to existing rows', () => {
    const { updated } = createRule(db, ruleInputSchema.parse({ field: 'description', op: 'contains', value: 'mystery', categoryId: 'cash', applyToExisting: false }));
    expect(updated).toBe(0);
    expect(categoryOf(9)).toEqual({ c: null, m: 0 });
    createRule(db, ruleInputSchema.parse({ field: 'description', op: 'contains', value: 'mystery', categoryId: 'cash' }));
    expect(categoryOf(9)).toEqual({ c: 'cash', m: 0 });
  });

  it('deleting a rule hands its transactions back to the defaults', () => {
    const { rule } = createRule(db, ruleInputSchema.parse({ field: 'merchant', op: 'contains', value: 'tes', categoryId: 'shopping' }));
    expect(categoryOf(2)).toEqual({ c: 'shopping', m: 0 });
    deleteRule(db, rule.id);
    expect(listRules(db)).toEqual([]);
    expect(categoryOf(2)).toEqual({ c: 'groceries', m: 0 }); // "Tesco" keyword default
    expect(() => deleteRule(db, rule.id)).toThrow(NotFoundError);
  });

  it('manual re-categorisation sticks; null returns the row to automatic categorisation', () => {
    setTransactionCategory(db, '7', 'bills');
    expect(categoryOf(7)).toEqual({ c: 'bills', m: 1 });
    setTransactionCategory(db, '7', null);
    expect(categoryOf(7)).toEqual({ c: 'entertainment', m: 0 });
    expect(() => setTransactionCategory(db, '999', 'bills')).toThrow(NotFoundError);
    expect(() => setTransactionCategory(db, '7', 'no-such')).toThrow(/Unknown category/);
  });
});
