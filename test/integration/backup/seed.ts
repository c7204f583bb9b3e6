/** Puts a small but complete MyBucks dataset into a database file: two banks, three accounts, balances, transactions, a rule. */
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { rebuildDailyTotals, SearchTexts } from '../../../src/main/core/db/derived';
import { defaultProfile } from '../../../src/main/core/banks/profile';

export interface SeedTx {
  account: string;
  bankTxId: string;
  date: string;
  amount: number;
  description: string;
  merchant: string | null;
  category?: string | null;
}

export const SEED_TXS: SeedTx[] = [
  { account: 'A1', bankTxId: 'm-1', date: '2026-01-05', amount: 300000, description: 'Salary ACME', merchant: null, category: 'income' },
  { account: 'A1', bankTxId: 'm-2', date: '2026-01-06', amount: -5000, description: 'TESCO STORES 123', merchant: 'Tesco', category: 'groceries' },
  { account: 'A1', bankTxId: 'm-3', date: '2026-02-03', amount: -1200, description: 'Pret A Manger, "Soho"', merchant: 'Pret', category: 'eating-out' },
  { account: 'A1', bankTxId: 'm-4', date: '2026-02-14', amount: -3000, description: '=HYPERLINK("x") Mystery\nline two', merchant: null, category: null },
  { account: 'A2', bankTxId: 'm-5', date: '2026-01-25', amount: 10000, description: 'From current', merchant: null, category: 'transfers' },
  { account: 'B1', bankTxId: 'h-1', date: '2026-02-20', amount: -4500, description: 'WHOLE FOODS MKT', merchant: 'Whole Foods', category: 'groceries' },
  { account: 'Y1', bankTxId: 'h-2', date: '2026-02-21', amount: -1500, description: 'Ramen Ichiran', merchant: 'Ichiran', category: 'eating-out' },
];

/** Inserts transactions (with their search texts) and refreshes the derived totals. */
export function addTransactions(db: Db, txs: SeedTx[]): void {
  const texts = new SearchTexts(db);
  const currencyOf = db.prepare('SELECT currency FROM accounts WHERE id = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, status,
       category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
     VALUES (@account, @bankTxId, @date, @date || 'T10:00:00Z', @amount, @currency, @description, @merchant, 'booked', @category, @searchTextId, 1, 1, 1)`,
  );
  db.transaction(() => {
    for (const t of txs) {
      insert.run({ ...t, category: t.category ?? null, currency: currencyOf.get(t.account), searchTextId: texts.idOf(t.description, t.merchant) });
    }
  })();
  // A database of a MyBucks before split transactions (migration 14) has none: an empty stand-in lets today's
  // totals code compute exactly what that version did.
  const beforeSplits = !db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'transaction_splits'`).get();
  if (beforeSplits) db.exec('CREATE TEMP TABLE transaction_splits (tx_id, seq, amount_minor, category_id, tx_amount_minor)');
  rebuildDailyTotals(db);
  if (beforeSplits) db.exec('DROP TABLE temp.transaction_splits');
}

export function seed(db: Db): void {
  const providers = new ProvidersRepo(db);
  const connections = new ConnectionsRepo(db);
  for (const [id, name] of [
    ['memorial', 'Memorial Bank'],
    ['harbor', 'Harbor Credit Union'],
  ]) {
    providers.upsert({
      id, name, color: '#1f4e8c', issuer: `https://${id}.test`, clientId: 'x', scopes: [], apiBase: `https://${id}.test/api`,
      logoText: 'XX', tagline: null, custom: false, profile: defaultProfile(),
    });
    connections.insert({
      id: `conn-${id}`, providerId: id, status: 'ok', statusReason: null, sub: 'sarah', name: 'Sarah Lee',
      scopes: ['accounts', 'balances', 'transactions'], consentId: 'consent-1', consentExpiresAt: null,
    });
  }
  const account = db.prepare(
    `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, mask, balance_minor, balance_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  );
  account.run('A1', 'conn-memorial', 'm-acc-1', 'Everyday', 'checking', 'GBP', '1234', 123456, '2026-02-20T09:00:00Z');
  account.run('A2', 'conn-memorial', 'm-acc-2', 'Savings', 'savings', 'GBP', null, 50000, '2026-02-20T09:00:00Z');
  account.run('B1', 'conn-harbor', 'h-acc-1', 'Checking', 'checking', 'USD', '9876', 700001, '2026-02-20T09:00:00Z');
  account.run('Y1', 'conn-harbor', 'h-acc-2', 'Yen', 'checking', 'JPY', '5555', 12345, '2026-02-20T09:00:00Z');
  const snap = db.prepare(`INSERT INTO balance_snapshots (account_id, date, balance_minor, currency, source) VALUES (?, ?, ?, ?, 'bank')`);
  snap.run('A1', '2026-02-19', 120000, 'GBP');
  snap.run('A1', '2026-02-20', 123456, 'GBP');
  snap.run('B1', '2026-02-20', 700001, 'USD');
  snap.run('Y1', '2026-02-20', 12345, 'JPY');
  addTransactions(db, SEED_TXS);
  db.prepare(`INSERT INTO rules (id, field, op, value, category_id, created_at) VALUES ('r1', 'merchant', 'contains', 'Tesco', 'groceries', '2026-02-01T00:00:00Z')`).run();
}

/** Seeds the database file `file` (created at the app's schema) and closes it. */
export function seedFile(file: string): void {
  const db = openDatabase(file);
  try {
    seed(db);
  } finally {
    db.close();
  }
}

/** Runs `fn` on a second connection to a MyBucks database file (as another writer would), opened as the app opens it. */
export function withDb<T>(file: string, fn: (db: Db) => T): T {
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const count = (db: Db, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
