/** A small ledger for the budget tests: GBP and USD accounts, ECB rates from 1 Oct 2026, any transactions. */
import { defaultProfile } from '../../../src/main/core/banks/profile';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import type { Db } from '../../../src/main/core/db/database';
import { refreshDaysOf, SearchTexts } from '../../../src/main/core/db/derived';

/** 1 EUR in GBP and in USD from 2026-10-01 on: 1 USD = 0.85 / 1.10 GBP. */
export const RATES = { GBP: 0.85, USD: 1.1, from: '2026-10-01' };

export interface Tx {
  account?: 'GBP1' | 'GBP2' | 'USD1';
  day: string;
  minor: number;
  category: string | null;
  status?: 'booked' | 'pending';
}

/** Accounts GBP1 (current), GBP2 (savings) and USD1 in one bank; ECB rates for GBP and USD. */
export function seedLedger(db: Db): void {
  new ProvidersRepo(db).upsert({
    id: 'memorial', name: 'Memorial Bank', color: '#1f4e8c', issuer: 'https://memorial.test', clientId: 'x', scopes: [],
    apiBase: 'https://memorial.test/api', logoText: 'MB', tagline: null, custom: false, profile: defaultProfile(),
  });
  new ConnectionsRepo(db).insert({
    id: 'conn-memorial', providerId: 'memorial', status: 'ok', statusReason: null, sub: 'sarah', name: null, scopes: [], consentId: null, consentExpiresAt: null,
  });
  const account = db.prepare(
    `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, created_at, updated_at)
     VALUES (?, 'conn-memorial', ?, ?, ?, ?, 'x', 'x')`,
  );
  account.run('GBP1', 'g1', 'Everyday', 'checking', 'GBP');
  account.run('GBP2', 'g2', 'Savings', 'savings', 'GBP');
  account.run('USD1', 'u1', 'Dollars', 'checking', 'USD');
  const rate = db.prepare(`INSERT INTO fx_rates (source, currency, day, per_eur, fetched_at) VALUES ('ecb', ?, ?, ?, 'x')`);
  rate.run('GBP', RATES.from, RATES.GBP);
  rate.run('USD', RATES.from, RATES.USD);
}

let next = 1;

/** Inserts transactions and refreshes their days' totals, as the sync does; returns their ids. */
export function addTxs(db: Db, txs: Tx[]): number[] {
  const texts = new SearchTexts(db);
  const insert = db.prepare(
    `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, status,
       category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
     VALUES (@account, @bankTxId, @day, @day || 'T10:00:00Z', @minor, @currency, 'Card payment', NULL, @status, @category, @text, 1, 1, 1)`,
  );
  return db.transaction(() => {
    const ids = txs.map((t) => {
      const account = t.account ?? 'GBP1';
      const row = { ...t, account, bankTxId: `b-${next++}`, status: t.status ?? 'booked', currency: account === 'USD1' ? 'USD' : 'GBP', text: texts.idOf('Card payment', null) };
      return Number(insert.run(row).lastInsertRowid);
    });
    refreshDaysOf(db, txs.map((t) => ({ accountId: t.account ?? 'GBP1', day: t.day })));
    return ids;
  })();
}

/** Pairs two rows as a transfer between own accounts (the categories stay as given). */
export function pair(db: Db, outId: number, inId: number): void {
  db.prepare(`INSERT INTO transfer_pairs (out_tx_id, in_tx_id, method, created_at) VALUES (?, ?, 'manual', 'x')`).run(outId, inId);
}

export const count = (db: Db, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
