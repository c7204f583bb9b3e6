import { beforeEach, describe, expect, it } from 'vitest';
import { apiSchemas } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import { refreshDailyTotals } from '../../../src/main/core/db/derived';
import * as splits from '../../../src/main/core/categories/splits';
import { listTransactions, setTransactionCategory, spendingByCategory, topMerchants } from '../../../src/main/core/reports';
import { fixtureDb } from '../reports/fixture';
import { expectExactTotals } from './exact-totals';

let db: Db;
let tesco: string; // TESCO STORES 123 on 2026-02-10, -70.00 GBP, groceries
beforeEach(() => {
  db = fixtureDb();
  tesco = db.prepare(`SELECT CAST(id AS TEXT) FROM transactions WHERE booking_date = '2026-02-10'`).pluck().get() as string;
});
const feb = { from: '2026-02-01', to: '2026-02-28' };
const spent = (categoryId: string) => spendingByCategory(db, feb).find((s) => s.currency === 'GBP')!.items.find((i) => i.categoryId === categoryId)?.minor ?? 0;
const split = (parts: { categoryId: string | null; amountMinor: number }[]) =>
  splits.splitTransaction(db, apiSchemas.splitTransaction.parse({ transactionId: tesco, parts }));
/** What the bank does on a re-read: a new amount, then the days' totals recomputed. */
const bankChangesAmount = (minor: number) => {
  db.prepare('UPDATE transactions SET amount_minor = ? WHERE id = ?').run(minor, Number(tesco));
  refreshDailyTotals(db, 'A1', '2026-02-10', '2026-02-10');
};

describe('split transactions', () => {
  it('refuses parts that do not add up, saying by how much, and changes nothing', () => {
    const before = db.prepare('SELECT * FROM daily_category_totals ORDER BY 1, 2, 3, 4').all();
    expect(() => split([{ categoryId: 'groceries', amountMinor: -5000 }, { categoryId: 'health', amountMinor: -1500 }])).toThrow(
      'The parts add up to -£65.00 but the transaction is -£70.00: change the parts by -£5.00 so they add up exactly. Nothing was changed.',
    );
    expect(() => split([{ categoryId: 'nope', amountMinor: -5000 }, { categoryId: 'health', amountMinor: -2000 }])).toThrow(/no category "nope"/);
    expect(apiSchemas.splitTransaction.safeParse({ transactionId: tesco, parts: [{ categoryId: 'groceries', amountMinor: -7000 }] }).error!.issues[0].message).toBe(
      'a split needs at least two parts',
    );
    expect(apiSchemas.splitTransaction.safeParse({ transactionId: tesco, parts: [{ categoryId: 'a', amountMinor: 0 }, { categoryId: 'b', amountMinor: -7000 }] }).success).toBe(false);
    expect(db.prepare('SELECT count(*) FROM transaction_splits').pluck().get()).toBe(0);
    expect(db.prepare('SELECT * FROM daily_category_totals ORDER BY 1, 2, 3, 4').all()).toEqual(before);
  });

  it('counts each part in its category in the reports and the daily totals', () => {
    const groceries = spent('groceries');
    split([{ categoryId: 'groceries', amountMinor: -5000 }, { categoryId: 'health', amountMinor: -1500 }, { categoryId: null, amountMinor: -500 }]);
    expect(spent('groceries')).toBe(groceries - 2000);
    expect(spent('health')).toBe(1500);
    expect(spendingByCategory(db, feb).find((s) => s.currency === 'GBP')!.items.find((i) => i.categoryId === null)!.minor).toBe(3000 + 500);
    expect(topMerchants(db, { ...feb, limit: 10 }).find((m) => m.merchant === 'Tesco')!.minor).toBe(7000);
    expectExactTotals(db);
    const row = listTransactions(db, { sort: 'date_desc', limit: 100 }).rows.find((r) => r.id === tesco)!;
    const [decorated] = splits.withSplits(db, [row], new Map());
    expect(decorated.split).toEqual({
      needsAttention: false,
      splitAmountMinor: -7000,
      parts: [
        { categoryId: 'groceries', categoryName: 'Groceries', color: '#2e7d32', amountMinor: -5000 },
        { categoryId: 'health', categoryName: 'Health', color: '#00838f', amountMinor: -1500 },
        { categoryId: null, categoryName: null, color: null, amountMinor: -500 },
      ],
    });
    expect(decorated.categoryManual).toBe(true);
    // a drill-down into a category lists the split transaction when it has a part there, and counts its rows
    for (const categoryId of ['health', 'groceries']) {
      const page = listTransactions(db, { categoryIds: [categoryId], excludeTransfers: true, from: '2026-02-01', to: '2026-02-28', sort: 'date_desc', limit: 100 });
      expect(page.total).toBe(page.rows.length);
      expect(page.rows.map((r) => r.id)).toContain(tesco);
      // the figure is the parts' (what the dashboard shows), not the whole transactions'
      expect(page.totals.find((t) => t.currency === 'GBP')).toEqual({ currency: 'GBP', minor: -spent(categoryId) });
    }
    expect(listTransactions(db, { categoryIds: ['travel'], sort: 'date_desc', limit: 100 }).rows).toEqual([]);
    // the uncategorised part lists it under "Uncategorised"; a list of every category (counted from the daily
    // totals, where the split counts in each of its three categories) still counts it once
    const uncategorised = listTransactions(db, { uncategorised: true, excludeTransfers: true, sort: 'date_desc', limit: 100 });
    expect(uncategorised.rows.map((r) => r.id)).toContain(tesco);
    expect(uncategorised.total).toBe(uncategorised.rows.length);
    const all = listTransactions(db, { excludeTransfers: true, sort: 'date_desc', limit: 100 });
    expect(all.total).toBe(all.rows.length);
    expect(all.rows.filter((r) => r.id === tesco)).toHaveLength(1);
  });

  it('survives a bank update with the same amount; a changed amount counts whole again and needs attention', () => {
    split([{ categoryId: 'groceries', amountMinor: -5000 }, { categoryId: 'health', amountMinor: -2000 }]);
    db.prepare(`UPDATE transactions SET description = 'TESCO STORES 0123' WHERE id = ?`).run(Number(tesco));
    bankChangesAmount(-7000);
    expect(spent('health')).toBe(2000);
    expect(splits.splitsNeedingAttention(db)).toEqual([]);
    expectExactTotals(db);

    bankChangesAmount(-7500);
    expect(spent('health')).toBe(0);
    const attention = splits.splitsNeedingAttention(db);
    expect(attention.map((t) => [t.id, t.amountMinor, t.split?.needsAttention, t.split?.splitAmountMinor])).toEqual([[tesco, -7500, true, -7000]]);
    expectExactTotals(db);

    split([{ categoryId: 'groceries', amountMinor: -5500 }, { categoryId: 'health', amountMinor: -2000 }]);
    expect(splits.splitsNeedingAttention(db)).toEqual([]);
    expect(spent('health')).toBe(2000);
    expectExactTotals(db);
  });

  it('unsplitting, or choosing one category, counts the whole transaction again', () => {
    split([{ categoryId: 'groceries', amountMinor: -5000 }, { categoryId: 'health', amountMinor: -2000 }]);
    splits.unsplitTransaction(db, tesco);
    expect(spent('health')).toBe(0);
    split([{ categoryId: 'groceries', amountMinor: -5000 }, { categoryId: 'health', amountMinor: -2000 }]);
    setTransactionCategory(db, tesco, 'travel');
    expect(spent('health')).toBe(0);
    expect(spent('travel')).toBe(7000);
    expectExactTotals(db);
  });
});

describe('bulk re-categorise', () => {
  const ids = () => db.prepare(`SELECT CAST(id AS TEXT) FROM transactions WHERE merchant IN ('Tesco', 'Pret') ORDER BY id`).pluck().all() as string[];
  const cats = () => db.prepare(`SELECT category_id, category_manual FROM transactions WHERE merchant IN ('Tesco', 'Pret') ORDER BY id`).raw().all();

  it('sets one category as a manual choice, and undoes it in one step', () => {
    const before = cats();
    split([{ categoryId: 'groceries', amountMinor: -5000 }, { categoryId: 'health', amountMinor: -2000 }]);
    const { updated, undo } = splits.recategoriseTransactions(db, ids(), 'shopping');
    expect(updated).toBe(4);
    expect(cats()).toEqual([['shopping', 1], ['shopping', 1], ['shopping', 1], ['shopping', 1]]);
    expect(db.prepare('SELECT count(*) FROM transaction_splits').pluck().get()).toBe(0);
    expectExactTotals(db);
    splits.undoRecategorise(db, undo);
    expect(cats()).toEqual(before.map((c, i) => (ids()[i] === tesco ? ['groceries', 1] : c)));
    expectExactTotals(db);
  });

  it('refuses an unknown category or a vanished transaction, changing nothing', () => {
    const before = cats();
    expect(() => splits.recategoriseTransactions(db, ids(), 'nope')).toThrow(/no category "nope"/);
    expect(() => splits.recategoriseTransactions(db, [...ids(), '999999'], 'shopping')).toThrow(/1 of the selected transactions are no longer there/);
    expect(cats()).toEqual(before);
    expect(apiSchemas.recategoriseTransactions.safeParse({ transactionIds: Array.from({ length: 1001 }, (_, i) => String(i)), categoryId: 'x' }).error!.issues[0].message).toBe(
      'at most 1,000 transactions at a time',
    );
  });
});
