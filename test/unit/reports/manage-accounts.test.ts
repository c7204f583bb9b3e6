import { beforeEach, describe, expect, it } from 'vitest';
import { apiSchemas, transactionQuerySchema, type ApiInput, type TransactionQuery } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo } from '../../../src/main/core/db/connections-repo';
import {
  accountHistory,
  balancesByBank,
  createManualAccount,
  listAccounts,
  listTransactions,
  reorderAccounts,
  setManualBalance,
  updateAccount,
} from '../../../src/main/core/reports';
import { fixtureDb, TXS } from './fixture';

let db: Db;
beforeEach(() => {
  db = fixtureDb();
});
const NOW = new Date('2026-03-01T12:00:00Z');
const update = (input: ApiInput<'updateAccount'>) => updateAccount(db, apiSchemas.updateAccount.parse(input), NOW);
const manual = (input: ApiInput<'createManualAccount'>) => createManualAccount(db, apiSchemas.createManualAccount.parse(input), NOW);
const setBalance = (input: ApiInput<'setManualBalance'>) => setManualBalance(db, apiSchemas.setManualBalance.parse(input), NOW);
const history = (input: ApiInput<'accountHistory'>) => accountHistory(db, apiSchemas.accountHistory.parse(input));
const list = (q: TransactionQuery) => listTransactions(db, transactionQuerySchema.parse(q));
const byId = (id: string) => listAccounts(db).find((a) => a.id === id)!;

describe('listAccounts', () => {
  it('fills the managed fields from the bank type and orders by bank and name until the user reorders', () => {
    const accounts = listAccounts(db);
    expect(accounts.map((a) => a.id)).toEqual(['B1', 'A1', 'A2']); // Harbor before Memorial; Everyday before Savings
    expect(byId('A1')).toMatchObject({ displayName: null, group: 'cash', liability: false, hidden: false, closedAt: null, manual: false, sortOrder: null });
    expect(byId('A2').group).toBe('savings');
    expect(accounts.some((a) => a.connectionId === 'manual')).toBe(false);
  });
});

describe('updateAccount', () => {
  it('renames with a name of the user’s own, and null restores the bank’s name', () => {
    expect(update({ accountId: 'A1', displayName: '  Bills  ' })).toMatchObject({ name: 'Everyday', displayName: 'Bills' });
    expect(list({ accountIds: ['A1'], limit: 1 }).rows[0].accountName).toBe('Bills');
    expect(update({ accountId: 'A1', displayName: null })).toMatchObject({ name: 'Everyday', displayName: null });
    expect(list({ accountIds: ['A1'], limit: 1 }).rows[0].accountName).toBe('Everyday');
  });

  it('refuses a blank name and an unknown account, saying what to do', () => {
    expect(() => update({ accountId: 'A1', displayName: '   ' })).toThrow(/blank\. Type a name/);
    expect(() => update({ accountId: 'nope', hidden: true })).toThrow(expect.objectContaining({ code: 'not_found', message: expect.stringMatching(/Reload the Accounts page/) }));
  });

  it('regroups (credit and loans are liabilities), hides, closes and reopens', () => {
    expect(update({ accountId: 'A2', group: 'loans' })).toMatchObject({ group: 'loans', liability: true, type: 'savings' });
    expect(update({ accountId: 'A2', group: null })).toMatchObject({ group: 'savings', liability: false });
    expect(update({ accountId: 'A1', hidden: true }).hidden).toBe(true);
    expect(update({ accountId: 'A1', closed: true }).closedAt).toBe(NOW.toISOString());
    expect(update({ accountId: 'A1', closed: false }).closedAt).toBeNull();
    expect(update({ accountId: 'A1', hidden: false }).hidden).toBe(false);
  });
});

describe('reorderAccounts', () => {
  it('puts the listed accounts first in that order', () => {
    reorderAccounts(db, ['A2', 'B1']);
    expect(listAccounts(db).map((a) => [a.id, a.sortOrder])).toEqual([
      ['A2', 0],
      ['B1', 1],
      ['A1', 2],
    ]);
  });

  it('refuses duplicates and unknown accounts without changing the order', () => {
    expect(() => reorderAccounts(db, ['A1', 'A1'])).toThrow(/lists an account twice/);
    expect(() => reorderAccounts(db, ['A1', 'gone'])).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(listAccounts(db).every((a) => a.sortOrder === null)).toBe(true);
  });
});

describe('manual accounts', () => {
  it('creates an account under the manual connection with an opening balance snapshot', () => {
    const house = manual({ name: 'House', group: 'property', currency: 'GBP', balanceMinor: 25_000_000, day: '2026-02-01' });
    expect(house).toMatchObject({ connectionId: 'manual', manual: true, type: 'other', group: 'property', liability: false, balanceMinor: 25_000_000 });
    const card = manual({ name: 'Store card', group: 'credit', currency: 'GBP', balanceMinor: -5000 });
    expect(card).toMatchObject({ type: 'credit_card', liability: true, balanceAt: NOW.toISOString() });
    expect(manual({ name: 'Wallet', group: 'cash', currency: 'EUR', balanceMinor: 1 }).type).toBe('checking');
    expect(manual({ name: 'Mortgage', group: 'loans', currency: 'GBP', balanceMinor: -1 }).type).toBe('loan');
    expect(db.prepare('SELECT date, balance_minor AS minor, source FROM balance_snapshots WHERE account_id = ?').all(house.id)).toEqual([
      { date: '2026-02-01', minor: 25_000_000, source: 'manual' },
    ]);
  });

  it('counts manual accounts in balances under their own entry, and hidden accounts in totals only', () => {
    manual({ name: 'Wallet', group: 'cash', currency: 'GBP', balanceMinor: 3000 });
    update({ accountId: 'A2', hidden: true });
    const banks = balancesByBank(db);
    const manualBank = banks.find((b) => b.providerId === 'manual')!;
    expect(manualBank.accounts.map((a) => a.name)).toEqual(['Wallet']);
    expect(manualBank.totals).toEqual([{ currency: 'GBP', minor: 3000 }]);
    const memorial = banks.find((b) => b.providerId === 'memorial')!;
    expect(memorial.accounts.map((a) => a.id)).toEqual(['A1']);
    expect(memorial.totals).toEqual([{ currency: 'GBP', minor: 2500 }]); // 2000 + the hidden 500
  });

  it('sets a manual balance on a day; an older day adds history without changing the current balance', () => {
    const wallet = manual({ name: 'Wallet', group: 'cash', currency: 'GBP', balanceMinor: 3000, day: '2026-02-10' });
    expect(setBalance({ accountId: wallet.id, balanceMinor: 4200, day: '2026-02-20' })).toMatchObject({ balanceMinor: 4200 });
    expect(setBalance({ accountId: wallet.id, balanceMinor: 100, day: '2026-01-05' })).toMatchObject({ balanceMinor: 4200 });
    expect(setBalance({ accountId: wallet.id, balanceMinor: 4300, day: '2026-02-20' }).balanceMinor).toBe(4300);
    expect(history({ accountId: wallet.id, from: '2026-01-01', to: '2026-03-01' }).points).toEqual([
      { date: '2026-01-05', minor: 100 },
      { date: '2026-02-10', minor: 3000 },
      { date: '2026-02-20', minor: 4300 },
    ]);
  });

  it('refuses to set a bank account’s balance, a future day and an unknown account', () => {
    expect(() => setBalance({ accountId: 'A1', balanceMinor: 1, day: '2026-02-01' })).toThrow(
      /“Everyday” at Memorial Bank gets its balance from Memorial Bank.*add a manual account/,
    );
    expect(byId('A1').balanceMinor).toBe(2000);
    const wallet = manual({ name: 'Wallet', group: 'cash', currency: 'GBP', balanceMinor: 3000 });
    expect(() => setBalance({ accountId: wallet.id, balanceMinor: 1, day: '2026-03-03' })).toThrow(/in the future/);
    expect(() => manual({ name: 'Later', group: 'cash', currency: 'GBP', balanceMinor: 1, day: '2027-01-01' })).toThrow(/in the future/);
    expect(() => setBalance({ accountId: 'gone', balanceMinor: 1, day: '2026-02-01' })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('renames a manual account itself (it has no bank name to restore)', () => {
    const wallet = manual({ name: 'Wallet', group: 'cash', currency: 'GBP', balanceMinor: 3000 });
    expect(update({ accountId: wallet.id, displayName: 'Purse' })).toMatchObject({ name: 'Purse', displayName: null });
  });

  it('survives the disconnection of every bank', () => {
    const wallet = manual({ name: 'Wallet', group: 'cash', currency: 'GBP', balanceMinor: 3000 });
    const connections = new ConnectionsRepo(db);
    for (const c of connections.list()) connections.remove(c.id, { keepData: false });
    expect(listAccounts(db).map((a) => a.id)).toEqual([wallet.id]);
    expect(connections.list()).toEqual([]);
  });
});

describe('accountHistory', () => {
  it('returns the snapshots in the range, starting with the balance carried into it', () => {
    expect(history({ accountId: 'A1', from: '2026-01-15', to: '2026-12-31' })).toEqual({
      accountId: 'A1',
      currency: 'GBP',
      points: [
        { date: '2026-01-15', minor: 1000 },
        { date: '2026-01-20', minor: 2000 },
      ],
    });
  });

  it('clamps the range to the data: nothing invented before the first snapshot', () => {
    expect(history({ accountId: 'A1', from: '2000-01-01', to: '2026-01-12' }).points).toEqual([{ date: '2026-01-10', minor: 1000 }]);
    expect(history({ accountId: 'A1', from: '2000-01-01', to: '2001-01-01' }).points).toEqual([]);
    expect(() => history({ accountId: 'A1', from: '2026-02-01', to: '2026-01-01' })).toThrow(/starts .* after it ends/);
  });
});

describe('running balance', () => {
  it('is the account’s balance after each booked row, newest row = the current balance, across pages', () => {
    const seen: { amount: number; running: number | null; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = list({ accountIds: ['A1'], limit: 3, cursor });
      seen.push(...page.rows.map((r) => ({ amount: r.amountMinor, running: r.runningBalanceMinor, status: r.status })));
      cursor = page.nextCursor;
    } while (cursor);
    const booked = seen.filter((r) => r.status === 'booked');
    expect(booked.length).toBe(TXS.filter((t) => t.account === 'A1' && t.status !== 'pending').length);
    expect(booked[0].running).toBe(2000);
    for (let i = 1; i < booked.length; i++) expect(booked[i].running).toBe(booked[i - 1].running! - booked[i - 1].amount);
    expect(seen.filter((r) => r.status === 'pending').map((r) => r.running)).toEqual([null]);
  });

  it('is the same oldest first, and absent for several accounts or an amount sort', () => {
    const newest = list({ accountIds: ['A1'], status: 'booked' }).rows;
    const oldest = list({ accountIds: ['A1'], status: 'booked', sort: 'date_asc' }).rows;
    expect(oldest.map((r) => r.runningBalanceMinor)).toEqual(newest.map((r) => r.runningBalanceMinor).reverse());
    expect(list({ accountIds: ['A1', 'A2'] }).rows.every((r) => r.runningBalanceMinor === null)).toBe(true);
    expect(list({ accountIds: ['A1'], sort: 'amount_desc' }).rows.every((r) => r.runningBalanceMinor === null)).toBe(true);
  });

  it('counts rows on the same day in list order', () => {
    const tx = db.prepare(
      `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, status,
         search_text_id, first_seen_run, last_seen_run, changed_run) VALUES ('A2', ?, '2026-02-01', '2026-02-01T10:00:00Z', ?, 'GBP', 'x', 'booked', 1, 1, 1, 1)`,
    );
    tx.run('s1', 100);
    tx.run('s2', 200);
    const rows = list({ accountIds: ['A2'], limit: 1 });
    const second = list({ accountIds: ['A2'], limit: 1, cursor: rows.nextCursor });
    expect([rows.rows[0].amountMinor, rows.rows[0].runningBalanceMinor]).toEqual([200, 500]);
    expect([second.rows[0].amountMinor, second.rows[0].runningBalanceMinor]).toEqual([100, 300]);
  });
});
