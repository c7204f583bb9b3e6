/** A small fixed dataset for the report tests: two banks, three accounts, thirteen transactions. */
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { rebuildDailyTotals, SearchTexts } from '../../../src/main/core/db/derived';
import { defaultProfile } from '../../../src/main/core/banks/profile';

export interface FixtureTx {
  account: 'A1' | 'A2' | 'B1';
  date: string;
  amount: number;
  description: string;
  merchant: string | null;
  category: string | null;
  status?: 'booked' | 'pending';
}

export const TXS: FixtureTx[] = [
  { account: 'A1', date: '2026-01-05', amount: 300000, description: 'Salary ACME', merchant: null, category: 'income' },
  { account: 'A1', date: '2026-01-06', amount: -5000, description: 'TESCO STORES 123', merchant: 'Tesco', category: 'groceries' },
  { account: 'A1', date: '2026-01-20', amount: -2500, description: 'TESCO METRO', merchant: 'Tesco', category: 'groceries' },
  { account: 'A1', date: '2026-01-25', amount: -10000, description: 'To savings', merchant: null, category: 'transfers' },
  { account: 'A1', date: '2026-02-03', amount: -1200, description: 'Pret A Manger, "Soho"', merchant: 'Pret', category: 'eating-out' },
  { account: 'A1', date: '2026-02-10', amount: -7000, description: 'TESCO STORES 123', merchant: 'Tesco', category: 'groceries' },
  { account: 'A1', date: '2026-02-11', amount: -999, description: 'Netflix.com', merchant: 'Netflix', category: 'entertainment' },
  { account: 'A1', date: '2026-02-12', amount: -400, description: 'Costa Coffee', merchant: 'Costa', category: 'eating-out', status: 'pending' },
  { account: 'A1', date: '2026-02-14', amount: -3000, description: '=HYPERLINK("x") Mystery', merchant: null, category: null },
  { account: 'A2', date: '2026-01-25', amount: 10000, description: 'From current', merchant: null, category: 'transfers' },
  { account: 'B1', date: '2026-01-15', amount: 200000, description: 'Payroll', merchant: null, category: 'income' },
  { account: 'B1', date: '2026-02-02', amount: -4500, description: 'WHOLE FOODS MKT', merchant: 'Whole Foods', category: 'groceries' },
  { account: 'B1', date: '2026-02-20', amount: -1500, description: 'WHOLE FOODS MKT', merchant: 'Whole Foods', category: 'groceries' },
];

export function fixtureDb(): Db {
  const db = openDatabase(':memory:');
  const providers = new ProvidersRepo(db);
  const connections = new ConnectionsRepo(db);
  for (const [id, name, color] of [['memorial', 'Memorial Bank', '#1f4e8c'], ['harbor', 'Harbor Credit Union', '#0f7b6c']]) {
    providers.upsert({ id, name, color, issuer: `https://${id}.test`, clientId: 'x', scopes: [], apiBase: `https://${id}.test/api`, logoText: 'XX', tagline: null, custom: false, profile: defaultProfile() });
    connections.insert({ id: `conn-${id}`, providerId: id, status: 'ok', statusReason: null, sub: 'sarah', name: null, scopes: [], consentId: null, consentExpiresAt: null });
  }
  const account = db.prepare(
    `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, mask, balance_minor, balance_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')`,
  );
  account.run('A1', 'conn-memorial', 'm-1', 'Everyday', 'checking', 'GBP', '1234', 2000, '2026-01-20T09:00:00Z');
  account.run('A2', 'conn-memorial', 'm-2', 'Savings', 'savings', 'GBP', null, 500, '2026-01-15T09:00:00Z');
  account.run('B1', 'conn-harbor', 'h-1', 'Checking', 'checking', 'USD', '9876', 7000, '2026-01-12T09:00:00Z');
  const snap = db.prepare(`INSERT INTO balance_snapshots (account_id, date, balance_minor, currency, source) VALUES (?, ?, ?, ?, 'bank')`);
  snap.run('A1', '2026-01-10', 1000, 'GBP');
  snap.run('A1', '2026-01-20', 2000, 'GBP');
  snap.run('A2', '2026-01-15', 500, 'GBP');
  snap.run('B1', '2026-01-12', 7000, 'USD');
  const tx = db.prepare(
    `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, status,
       category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
     VALUES (@account, @bankTxId, @date, @date || 'T10:00:00Z', @amount, @currency, @description, @merchant, @status, @category, @searchTextId, 1, 1, 1)`,
  );
  const texts = new SearchTexts(db);
  TXS.forEach((t, i) =>
    tx.run({
      ...t,
      bankTxId: `tx-${i + 1}`,
      status: t.status ?? 'booked',
      currency: t.account === 'B1' ? 'USD' : 'GBP',
      searchTextId: texts.idOf(t.description, t.merchant),
    }),
  );
  rebuildDailyTotals(db);
  return db;
}
