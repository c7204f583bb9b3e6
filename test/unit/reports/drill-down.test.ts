/**
 * Every dashboard figure opens the transaction list filtered to exactly its rows: against the real core
 * (a seeded SQLite database), the list's filtered total equals the figure it came from.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { transactionQuerySchema, type TransactionQuery } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import { rebuildDailyTotals, SearchTexts } from '../../../src/main/core/db/derived';
import {
  cashFlow,
  incomeVsExpenses,
  InvalidInputError,
  listTransactions,
  netWorth,
  spendingByCategory,
  spendingTrend,
  topMerchants,
} from '../../../src/main/core/reports';
import {
  flowFilter,
  incomeExpenseFilter,
  merchantFilter,
  pendingSpendingFilter,
  spendingFilter,
  trendBarFilter,
} from '../../../src/shared/drill-down';
import { previousPeriod } from '../../../src/shared/periods';
import { fixtureDb } from './fixture';

let db: Db;
let nextId = 100;

function addTx(account: 'A1' | 'A2' | 'B1', date: string, amount: number, merchant: string | null, category: string | null, status: 'booked' | 'pending' = 'booked') {
  const texts = new SearchTexts(db);
  const description = merchant ?? 'Something';
  return db
    .prepare(
      `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, status,
         category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
       VALUES (?, ?, ?, ? || 'T10:00:00Z', ?, ?, ?, ?, ?, ?, ?, 1, 1, 1)`,
    )
    .run(account, `extra-${nextId++}`, date, date, amount, account === 'B1' ? 'USD' : 'GBP', description, merchant, status, category, texts.idOf(description, merchant))
    .lastInsertRowid as number;
}

beforeEach(() => {
  db = fixtureDb();
  // a refund into groceries (money in: not spending), pending spending, an expense-categorised transfer pair
  addTx('A1', '2026-02-15', 800, 'Tesco', 'groceries');
  addTx('A1', '2026-02-16', -650, 'Tesco', 'groceries', 'pending');
  addTx('B1', '2026-02-21', -2000, 'Trader Joes', 'groceries');
  rebuildDailyTotals(db);
});

const range = { from: '2026-01-01', to: '2026-02-28' };
const list = (q: TransactionQuery) => listTransactions(db, transactionQuerySchema.parse({ ...q, limit: 2 }));
const totalIn = (q: TransactionQuery, currency: string) => list(q).totals.find((t) => t.currency === currency)?.minor ?? 0;
/** Spending figures are sizes of debits: the list's (negative) total, turned round. */
const spentIn = (q: TransactionQuery, currency: string) => 0 - totalIn(q, currency) + 0;

describe('drill-down: the filtered list adds up to the figure', () => {
  it('each donut slice (and an "Other" of several) equals its filtered list total', () => {
    const spending = spendingByCategory(db, range);
    expect(spending.map((s) => s.currency)).toEqual(['GBP', 'USD']);
    let slices = 0;
    for (const s of spending) {
      for (const item of s.items) {
        expect(spentIn(spendingFilter([item.categoryId], range, s.currency), s.currency)).toBe(item.minor);
        slices++;
      }
      const keys = s.items.map((i) => i.categoryId);
      expect(spentIn(spendingFilter(keys, range, s.currency), s.currency)).toBe(s.items.reduce((n, i) => n + i.minor, 0));
    }
    expect(slices).toBe(5);
    // groceries GBP: the refund is money in, so it is not in the slice, nor in its list
    expect(spending[0].items[0]).toMatchObject({ categoryId: 'groceries', minor: 14500 });
  });

  it('each top merchant equals its filtered list total, per currency', () => {
    const merchants = topMerchants(db, { ...range, limit: 10 });
    expect(merchants.length).toBeGreaterThan(3);
    for (const m of merchants) expect(spentIn(merchantFilter(m.merchant, range, m.currency), m.currency)).toBe(m.minor);
    for (const m of merchants) expect(list({ ...merchantFilter(m.merchant, range, m.currency) }).total).toBe(m.count);
  });

  it('spending-trend bars and income/expense bars equal their month lists; cash-flow nodes their lists', () => {
    for (const p of spendingTrend(db, range)) {
      expect(spentIn(trendBarFilter([p.categoryId], p.month, range, p.currency), p.currency)).toBe(p.minor);
    }
    for (const p of incomeVsExpenses(db, range)) {
      expect(totalIn(incomeExpenseFilter('in', p.month, range, p.currency), p.currency)).toBe(p.incomeMinor);
      expect(spentIn(incomeExpenseFilter('out', p.month, range, p.currency), p.currency)).toBe(p.expensesMinor);
    }
    for (const f of cashFlow(db, range)) {
      expect(totalIn(flowFilter(null, range, f.currency), f.currency)).toBe(f.savedMinor);
      expect(totalIn(flowFilter('in', range, f.currency), f.currency)).toBe(f.incomeMinor);
      for (const i of f.income) expect(totalIn(flowFilter('in', range, f.currency, [i.categoryId]), f.currency)).toBe(i.minor);
      for (const s of f.spending) expect(spentIn(flowFilter('out', range, f.currency, [s.categoryId]), f.currency)).toBe(s.minor);
    }
  });

  it('pending spending ("plus £x pending") equals its list', () => {
    const gbp = spendingByCategory(db, range).find((s) => s.currency === 'GBP')!;
    expect(gbp.pendingMinor).toBe(400 + 650);
    expect(spentIn(pendingSpendingFilter(range, 'GBP'), 'GBP')).toBe(gbp.pendingMinor);
  });
});

describe('listTransactions: new filters and the filtered total', () => {
  it('totals cover every matching row, not just the page, per currency', () => {
    const page = list({});
    expect(page.rows).toHaveLength(2);
    const all = db.prepare('SELECT currency, sum(amount_minor) AS minor FROM transactions GROUP BY currency ORDER BY currency').all();
    expect(page.totals).toEqual(all);
  });

  it('the daily-totals path and the row path agree on the same filter', () => {
    const fast = list({ from: '2026-02-01', to: '2026-02-28', direction: 'out', excludeTransfers: true }).totals;
    // an amount bound that every row passes forces the one-aggregate path over the same WHERE
    const slow = list({ from: '2026-02-01', to: '2026-02-28', direction: 'out', excludeTransfers: true, minAmountMinor: 1 }).totals;
    expect(fast).toEqual(slow);
    expect(fast).toEqual([
      { currency: 'GBP', minor: -(1200 + 7000 + 999 + 400 + 3000 + 650) },
      { currency: 'USD', minor: -(4500 + 1500 + 2000) },
    ]);
  });

  it('merchant is exact, currency filters, direction bounds the size of the amount', () => {
    expect(list({ merchant: 'Tesco' }).total).toBe(5);
    expect(list({ merchant: 'tesco' }).total).toBe(0);
    expect(list({ merchant: 'Tes' }).total).toBe(0);
    expect(list({ currency: 'USD' }).total).toBe(4);
    const out = list({ direction: 'out', minAmountMinor: 2500, maxAmountMinor: 5000, sort: 'amount_asc', limit: 10 } as TransactionQuery);
    expect(listTransactions(db, transactionQuerySchema.parse({ direction: 'out', minAmountMinor: 2500, maxAmountMinor: 5000, sort: 'amount_asc' })).rows.map((r) => r.amountMinor)).toEqual([
      -5000, -4500, -3000, -2500,
    ]);
    expect(out.total).toBe(4);
    expect(listTransactions(db, transactionQuerySchema.parse({ direction: 'in', maxAmountMinor: 10000 })).rows.map((r) => r.amountMinor).sort((a, b) => a - b)).toEqual([800, 10000]);
  });

  it('excludeTransfers leaves out paired transfers and transfer categories', () => {
    const before = list({ excludeTransfers: true }).total;
    expect(before).toBe(list({}).total - 2); // the two "transfers" category rows
    const out = addTx('A1', '2026-02-22', -3333, null, 'shopping');
    const into = addTx('A2', '2026-02-22', 3333, null, null);
    db.prepare(`INSERT INTO transfer_pairs (out_tx_id, in_tx_id, method, created_at) VALUES (?, ?, 'auto', 'x')`).run(out, into);
    rebuildDailyTotals(db);
    const page = list({ excludeTransfers: true, from: '2026-02-22', to: '2026-02-22' });
    expect(page.total).toBe(0);
    expect(page.totals).toEqual([{ currency: 'GBP', minor: 0 }]);
    expect(list({ excludeTransfers: true, minAmountMinor: -100000000, from: '2026-02-22', to: '2026-02-22' }).totals).toEqual([]);
    expect(list({ from: '2026-02-22', to: '2026-02-22' }).total).toBe(2);
  });
});

describe('dashboard figures', () => {
  it('spendingByCategory: previousMinor is the same category over the period just before; pendingMinor the pending debits', () => {
    const feb = spendingByCategory(db, { from: '2026-02-01', to: '2026-02-28' });
    const gbp = feb.find((s) => s.currency === 'GBP')!;
    expect(gbp.items.find((i) => i.categoryId === 'groceries')).toMatchObject({ minor: 7000, previousMinor: 7500 });
    expect(gbp.items.find((i) => i.categoryId === 'entertainment')).toMatchObject({ minor: 999, previousMinor: 0 });
    expect(gbp.pendingMinor).toBe(1050);
    expect(feb.find((s) => s.currency === 'USD')).toMatchObject({ pendingMinor: 0 });
  });

  it('previousPeriod: whole months move back by months, other ranges by their length', () => {
    expect(previousPeriod({ from: '2026-11-01', to: '2026-11-29' })).toEqual({ from: '2026-10-01', to: '2026-10-29' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousPeriod({ from: '2025-12-01', to: '2026-11-29' })).toEqual({ from: '2024-12-01', to: '2025-11-29' });
    expect(previousPeriod({ from: '2026-02-10', to: '2026-02-19' })).toEqual({ from: '2026-01-31', to: '2026-02-09' });
  });

  it('topMerchants ranks within each currency (pence are never compared with cents) and keeps every currency', () => {
    // GBP Tesco 14500 is the biggest number; USD's merchants used to be dropped by the limit
    expect(topMerchants(db, { ...range, limit: 1 })).toEqual([
      { merchant: 'Tesco', currency: 'GBP', minor: 14500, count: 3 },
      { merchant: 'Whole Foods', currency: 'USD', minor: 6000, count: 2 },
    ]);
  });

  it('cashFlow: income and spending by category, saved, savings rate, the period before; transfers neither', () => {
    const [gbp] = cashFlow(db, { from: '2026-02-01', to: '2026-02-28' });
    expect(gbp).toMatchObject({
      currency: 'GBP',
      incomeMinor: 800,
      expensesMinor: 12199,
      savedMinor: 800 - 12199,
      previous: { incomeMinor: 300000, expensesMinor: 7500 },
    });
    expect(gbp.savingsRate).toBeCloseTo((800 - 12199) / 800);
    expect(gbp.income).toEqual([{ categoryId: 'groceries', name: 'Groceries', minor: 800 }]);
    expect(gbp.spending.map((s) => s.name)).toEqual(['Groceries', 'Uncategorised', 'Eating out', 'Entertainment']);
    const [jan] = cashFlow(db, { from: '2026-01-01', to: '2026-01-31' });
    expect(jan).toMatchObject({ incomeMinor: 300000, expensesMinor: 7500, savedMinor: 292500 });
    expect(jan.savingsRate).toBeCloseTo(0.975);
    expect(jan.spending.some((s) => s.categoryId === 'transfers') || jan.income.some((s) => s.categoryId === 'transfers')).toBe(false);
  });

  it('netWorth is clamped to the history: 1900–2099 draws the real days, not a flat line into the future', () => {
    const series = netWorth(db, { from: '1900-01-01', to: '2099-12-31', granularity: 'month' }, '2026-03-15');
    const gbp = series.find((s) => s.currency === 'GBP')!;
    expect(gbp.points[0].date).toBe('2026-01-31');
    expect(gbp.points.at(-1)!.date).toBe('2026-03-15');
    expect(gbp.points).toHaveLength(3);
    const daily = netWorth(db, { from: '1900-01-01', to: '2099-12-31', granularity: 'day' }, '2026-03-15');
    expect(daily.find((s) => s.currency === 'GBP')!.points[0].date).toBe('2026-01-10');
  });

  it('a reversed range (From after To) is refused with a message saying what to change', () => {
    const reversed = { from: '2026-02-28', to: '2026-01-01' };
    for (const call of [
      () => spendingByCategory(db, reversed),
      () => spendingTrend(db, reversed),
      () => incomeVsExpenses(db, reversed),
      () => topMerchants(db, { ...reversed, limit: 5 }),
      () => cashFlow(db, reversed),
      () => netWorth(db, { ...reversed, granularity: 'day' }),
    ]) {
      expect(call).toThrow(InvalidInputError);
      expect(call).toThrow('The start date (2026-02-28) is after the end date (2026-01-01). Choose a "From" date on or before the "To" date.');
    }
  });
});
