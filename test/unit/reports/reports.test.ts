import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/core/db/database';
import {
  accountCountsByConnection,
  balancesByBank,
  incomeVsExpenses,
  listAccounts,
  netWorth,
  spendingByCategory,
  spendingTrend,
  topMerchants,
} from '../../../src/main/core/reports';
import { fixtureDb } from './fixture';
import { ConnectionsRepo } from '../../../src/main/core/db/connections-repo';

let db: Db;
beforeEach(() => {
  db = fixtureDb();
});
const range = { from: '2026-01-01', to: '2026-02-28' };

describe('dashboard aggregates', () => {
  it('spendingByCategory: booked debits per currency, transfers and pending left out', () => {
    expect(spendingByCategory(db, range)).toEqual([
      {
        currency: 'GBP',
        items: [
          { categoryId: 'groceries', name: 'Groceries', color: '#2e7d32', minor: 5000 + 2500 + 7000, previousMinor: 0 },
          { categoryId: null, name: 'Uncategorised', color: '#8a8a8a', minor: 3000, previousMinor: 0 },
          { categoryId: 'eating-out', name: 'Eating out', color: '#e65100', minor: 1200, previousMinor: 0 },
          { categoryId: 'entertainment', name: 'Entertainment', color: '#d32f2f', minor: 999, previousMinor: 0 },
        ],
        pendingMinor: 400,
      },
      { currency: 'USD', items: [{ categoryId: 'groceries', name: 'Groceries', color: '#2e7d32', minor: 6000, previousMinor: 0 }], pendingMinor: 0 },
    ]);
    expect(spendingByCategory(db, { from: '2026-02-11', to: '2026-02-11' })).toEqual([
      { currency: 'GBP', items: [{ categoryId: 'entertainment', name: 'Entertainment', color: '#d32f2f', minor: 999, previousMinor: 0 }], pendingMinor: 0 },
    ]);
  });

  it('spendingTrend: per month, currency and category', () => {
    expect(spendingTrend(db, range)).toEqual([
      { month: '2026-01', currency: 'GBP', categoryId: 'groceries', name: 'Groceries', minor: 7500 },
      { month: '2026-02', currency: 'GBP', categoryId: 'groceries', name: 'Groceries', minor: 7000 },
      { month: '2026-02', currency: 'GBP', categoryId: null, name: 'Uncategorised', minor: 3000 },
      { month: '2026-02', currency: 'GBP', categoryId: 'eating-out', name: 'Eating out', minor: 1200 },
      { month: '2026-02', currency: 'GBP', categoryId: 'entertainment', name: 'Entertainment', minor: 999 },
      { month: '2026-02', currency: 'USD', categoryId: 'groceries', name: 'Groceries', minor: 6000 },
    ]);
  });

  it('incomeVsExpenses: per month and currency', () => {
    expect(incomeVsExpenses(db, range)).toEqual([
      { month: '2026-01', currency: 'GBP', incomeMinor: 300000, expensesMinor: 7500 },
      { month: '2026-01', currency: 'USD', incomeMinor: 200000, expensesMinor: 0 },
      { month: '2026-02', currency: 'GBP', incomeMinor: 0, expensesMinor: 1200 + 7000 + 999 + 3000 },
      { month: '2026-02', currency: 'USD', incomeMinor: 0, expensesMinor: 6000 },
    ]);
  });

  it('topMerchants: biggest spend first within each currency, limited per currency', () => {
    expect(topMerchants(db, { ...range, limit: 10 })).toEqual([
      { merchant: 'Tesco', currency: 'GBP', minor: 14500, count: 3 },
      { merchant: 'Pret', currency: 'GBP', minor: 1200, count: 1 },
      { merchant: 'Netflix', currency: 'GBP', minor: 999, count: 1 },
      { merchant: 'Whole Foods', currency: 'USD', minor: 6000, count: 2 },
    ]);
    expect(topMerchants(db, { ...range, limit: 2 }).map((m) => m.merchant)).toEqual(['Tesco', 'Pret', 'Whole Foods']);
  });

  it('netWorth by day carries the latest snapshot forward, per currency', () => {
    const series = netWorth(db, { from: '2026-01-09', to: '2026-01-21', granularity: 'day' });
    const gbp = series.find((s) => s.currency === 'GBP')!;
    const usd = series.find((s) => s.currency === 'USD')!;
    expect(series.map((s) => s.currency)).toEqual(['GBP', 'USD']);
    expect(gbp.points[0]).toEqual({ date: '2026-01-10', minor: 1000 });
    expect(gbp.points.find((p) => p.date === '2026-01-14')).toEqual({ date: '2026-01-14', minor: 1000 });
    expect(gbp.points.find((p) => p.date === '2026-01-15')).toEqual({ date: '2026-01-15', minor: 1500 });
    expect(gbp.points.at(-1)).toEqual({ date: '2026-01-21', minor: 2500 });
    expect(gbp.points).toHaveLength(12);
    expect(usd.points[0]).toEqual({ date: '2026-01-12', minor: 7000 });
    expect(usd.points).toHaveLength(10);
  });

  it('netWorth by month uses month ends and the last day of the range', () => {
    expect(netWorth(db, { from: '2025-12-01', to: '2026-02-15', granularity: 'month' })).toEqual([
      { currency: 'GBP', points: [{ date: '2026-01-31', minor: 2500 }, { date: '2026-02-15', minor: 2500 }] },
      { currency: 'USD', points: [{ date: '2026-01-31', minor: 7000 }, { date: '2026-02-15', minor: 7000 }] },
    ]);
  });

  it('listAccounts and balancesByBank', () => {
    expect(listAccounts(db).map((a) => [a.providerName, a.name, a.balanceMinor])).toEqual([
      ['Harbor Credit Union', 'Checking', 7000],
      ['Memorial Bank', 'Everyday', 2000],
      ['Memorial Bank', 'Savings', 500],
    ]);
    expect(listAccounts(db)[1]).toEqual({
      id: 'A1', connectionId: 'conn-memorial', providerId: 'memorial', providerName: 'Memorial Bank', name: 'Everyday',
      type: 'checking', currency: 'GBP', mask: '1234', balanceMinor: 2000, balanceAt: '2026-01-20T09:00:00Z',
      displayName: null, group: 'cash', liability: false, hidden: false, closedAt: null, manual: false, sortOrder: null,
      lastVerifiedAt: null, verification: null,
    });
    expect(Object.fromEntries(accountCountsByConnection(db))).toEqual({ 'conn-memorial': 2, 'conn-harbor': 1 });
    const banks = balancesByBank(db);
    expect(banks.map((b) => [b.providerName, b.color, b.accounts.length, b.totals])).toEqual([
      ['Harbor Credit Union', '#0f7b6c', 1, [{ currency: 'USD', minor: 7000 }]],
      ['Memorial Bank', '#1f4e8c', 2, [{ currency: 'GBP', minor: 2500 }]],
    ]);
  });

  it('a connection removed with keepData stays in the reports; without, its figures go', () => {
    const connections = new ConnectionsRepo(db);
    connections.remove('conn-harbor', { keepData: true });
    expect(listAccounts(db).map((a) => a.providerName)).toContain('Harbor Credit Union');
    expect(spendingByCategory(db, range).map((s) => s.currency)).toEqual(['GBP', 'USD']);
    connections.remove('conn-harbor', { keepData: false });
    expect(listAccounts(db).map((a) => a.providerName)).not.toContain('Harbor Credit Union');
    expect(spendingByCategory(db, range).map((s) => s.currency)).toEqual(['GBP']);
    expect(netWorth(db, { from: '2026-01-31', to: '2026-01-31', granularity: 'day' }).map((s) => s.currency)).toEqual(['GBP']);
  });
});
