/**
 * A new account's daily totals are summed while its rows are inserted (sync-store.ts, DayTotals) instead
 * of recomputed from every row at the end of the window. They must equal a fresh aggregate of the rows,
 * also when something else changed the account's rows or totals between two pages.
 */
import { describe, expect, it } from 'vitest';
import type { BankTransaction } from '../../../src/main/core/banks/ob-client';
import type { Db } from '../../../src/main/core/db/database';
import { setTransactionCategory } from '../../../src/main/core/reports/categories';
import { Categoriser } from '../../../src/main/core/sync/categoriser';
import { SyncStore } from '../../../src/main/core/sync/sync-store';
import { expectExactTotals } from '../catrules/exact-totals';
import { dbWithConnection } from './setup';

const MERCHANTS = ['Tesco', 'Netflix', 'Shell', null, 'Pret'];

function rows(from: number, n: number): BankTransaction[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const day = `2026-0${1 + (i % 3)}-${String(1 + (i % 7)).padStart(2, '0')}`;
    return {
      bankTxId: `tx-${i}`,
      status: i % 11 === 0 ? 'pending' : 'booked',
      bookingDate: day,
      bookingAt: `${day}T09:00:00Z`,
      valueDate: null,
      amountMinor: i % 5 === 0 ? 250_000 : i % 13 === 0 ? 0 : -(100 + i * 37),
      currency: i % 4 === 0 ? 'EUR' : 'GBP',
      description: `Card payment ${i % 9}`,
      merchant: MERCHANTS[i % MERCHANTS.length],
      mcc: null,
      bankTxCode: i % 6 === 0 ? 'DD' : null,
    };
  });
}

function merchantTotalsAgree(db: Db): void {
  const kept = db.prepare('SELECT account_id, day, currency, merchant, category_id, spent_minor, tx_count FROM daily_merchant_totals ORDER BY 1, 2, 3, 4, 5').all();
  const fresh = db
    .prepare(
      `SELECT account_id, booking_date AS day, currency, merchant, coalesce(category_id, '') AS category_id, -sum(amount_minor) AS spent_minor, count(*) AS tx_count
       FROM transactions WHERE status = 'booked' AND merchant IS NOT NULL AND amount_minor < 0 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
  expect(kept.length).toBeGreaterThan(0);
  expect(kept).toEqual(fresh);
}

function newAccount() {
  const db = dbWithConnection('https://bank.test/api');
  const store = new SyncStore(db, () => new Date('2026-03-10T12:00:00Z'));
  const [account] = store.upsertAccounts('c1', [{ bankAccountId: 'acc-1', name: 'Current', type: 'checking', currency: 'GBP', mask: null, status: 'enabled' }], 'GBP');
  const runId = store.startRun('c1');
  const read = store.beginWindow(account.id, runId, { fetchFrom: null, reconcileFrom: '' });
  return { db, store, read, categoriser: new Categoriser(store.rules()) };
}

describe('daily totals of a first sync', () => {
  it('equal a fresh aggregate of the rows written, pages written together or alone', () => {
    const { db, store, read, categoriser } = newAccount();
    store.writePages([
      { read, rows: rows(0, 400), categoriser },
      { read, rows: rows(400, 300), categoriser },
    ]);
    store.writePage(read, rows(700, 250), categoriser);
    expect(read.totals?.count).toBeGreaterThan(0);
    store.finishWindow(read);
    expectExactTotals(db);
    merchantTotalsAgree(db);
  });

  it('stay exact when the user re-categorises a row between two pages', () => {
    const { db, store, read, categoriser } = newAccount();
    store.writePage(read, rows(0, 300), categoriser);
    const id = db.prepare(`SELECT id FROM transactions WHERE status = 'booked' AND merchant = 'Tesco' LIMIT 1`).pluck().get() as number;
    setTransactionCategory(db, String(id), 'health');
    store.writePage(read, rows(300, 300), categoriser);
    store.finishWindow(read);
    expect(db.prepare('SELECT category_id FROM transactions WHERE id = ?').pluck().get(id)).toBe('health');
    expectExactTotals(db);
    merchantTotalsAgree(db);
  });

  it('stay exact when the bank sends a row twice, changed', () => {
    const { db, store, read, categoriser } = newAccount();
    store.writePage(read, rows(0, 200), categoriser);
    const again = rows(7, 1).map((t) => ({ ...t, merchant: 'Netflix', description: 'Netflix subscription' }));
    store.writePage(read, [...again, ...rows(200, 200)], categoriser);
    store.finishWindow(read);
    expectExactTotals(db);
    merchantTotalsAgree(db);
  });

  it('stay exact when a batch rolls back and its pages are written again', () => {
    const { db, store, read, categoriser } = newAccount();
    store.writePage(read, rows(0, 200), categoriser);
    const broken = rows(200, 100).map((t, k) => (k === 50 ? { ...t, currency: null as unknown as string } : t));
    expect(() => store.writePages([{ read, rows: rows(300, 100), categoriser }, { read, rows: broken, categoriser }])).toThrow();
    store.writePage(read, rows(300, 200), categoriser);
    store.finishWindow(read);
    expectExactTotals(db);
    merchantTotalsAgree(db);
  });
});
