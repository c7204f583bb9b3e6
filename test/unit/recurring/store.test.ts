/** Recurring series in the database: suggestions follow the data, confirmed series keep attaching, dismissed stay away. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/core/db/database';
import { SearchTexts } from '../../../src/main/core/db/derived';
import { addMonths, dayNumber, dayString } from '../../../src/main/core/recurring/cadence';
import { recurringOverview } from '../../../src/main/core/recurring/overview';
import { confirmSeries, dismissSeries, editSeries, refreshRecurring } from '../../../src/main/core/recurring/store';
import { dbWithConnection } from '../sync/setup';

let db: Db;
let texts: SearchTexts;
let nextTx = 1;

function addTx(day: string, amountMinor: number, merchant: string | null, description: string, run: number, account = 'A1'): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, status,
         search_text_id, first_seen_run, last_seen_run, changed_run)
       VALUES (?, ?, ?, ? || 'T09:00:00Z', ?, 'GBP', ?, ?, 'booked', ?, ?, ?, ?)`,
    )
    .run(account, `tx-${nextTx++}`, day, day, amountMinor, description, merchant, texts.idOf(description, merchant), run, run, run);
  return Number(lastInsertRowid);
}
const monthly = (start: string, k: number) => dayString(addMonths(dayNumber(start), k));
const overview = (today: string) => recurringOverview(db, today);
const named = (today: string, name: string) => overview(today).series.find((s) => s.name === name);

beforeEach(() => {
  db = dbWithConnection('https://bank.test/api');
  texts = new SearchTexts(db);
  for (const [id, name] of [
    ['A1', 'Everyday'],
    ['A2', 'Savings'],
  ]) {
    db.prepare(
      `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, created_at, updated_at) VALUES (?, 'c1', ?, ?, 'checking', 'GBP', '2025-01-01', '2025-01-01')`,
    ).run(id, id, name);
  }
  for (let k = 0; k < 12; k++) addTx(monthly('2025-11-03', k), -999, 'Disney+', `DISNEY+ ONLINE ref ${100000 + k}`, 1);
  for (let k = 0; k < 12; k++) addTx(monthly('2025-11-18', k), -2500, 'EE Mobile', 'EE MOBILE DIRECT DEBIT', 1);
});

describe('recurring series in the database', () => {
  it('suggests what detection finds, with its rows linked, and attaches the next payment once confirmed', () => {
    refreshRecurring(db, 1, '2026-10-20');
    const disney = named('2026-10-20', 'Disney+')!;
    expect(disney).toMatchObject({ status: 'suggested', cadence: 'monthly', expectedMinor: 999, occurrences: 12, nextDay: '2026-11-03', yearlyMinor: 11_988 });
    confirmSeries(db, disney.id);
    const id = addTx('2026-11-04', -999, 'Disney+', 'DISNEY+ ONLINE ref 200001', 2);
    addTx('2026-11-05', -450, 'Disney+', 'DISNEY+ ONLINE ref 200002', 2); // a one-off purchase at the same payee
    refreshRecurring(db, 2, '2026-11-10');
    const after = named('2026-11-10', 'Disney+')!;
    expect(after).toMatchObject({ status: 'confirmed', occurrences: 13, lastDay: '2026-11-04', nextDay: '2026-12-03' });
    expect(db.prepare('SELECT series_id FROM recurring_links WHERE tx_id = ?').pluck().get(id)).toBe(Number(disney.id));
  });

  it('reads only the payees of new rows after a sync', () => {
    refreshRecurring(db, 1, '2026-10-20');
    addTx('2026-11-04', -999, 'Disney+', 'DISNEY+ ONLINE ref 200001', 2);
    expect(refreshRecurring(db, 2, '2026-11-10')).toMatchObject({ payees: 1, rows: 13 });
    expect(refreshRecurring(db, 3, '2026-11-10')).toMatchObject({ payees: 0, rows: 0 });
  });

  it('looks again at a payee whose recent row the bank changed, when the run says it changed rows', () => {
    refreshRecurring(db, 1, '2026-10-20');
    const run = (updated: number) =>
      Number(db.prepare(`INSERT INTO sync_runs (connection_id, started_at, outcome, transactions_updated) VALUES ('c1', '2026-10-21', 'ok', ?)`).run(updated).lastInsertRowid);
    const quiet = run(0);
    db.prepare(`UPDATE transactions SET changed_run = ? WHERE merchant = 'EE Mobile' AND booking_date = '2026-10-18'`).run(quiet);
    expect(refreshRecurring(db, quiet, '2026-10-21').payees).toBe(0);
    const changed = run(1);
    db.prepare(`UPDATE transactions SET changed_run = ?, amount_minor = -2600 WHERE merchant = 'EE Mobile' AND booking_date = '2026-10-18'`).run(changed);
    expect(refreshRecurring(db, changed, '2026-10-21')).toMatchObject({ payees: 1, rows: 12 });
    expect(named('2026-10-21', 'EE Mobile')?.expectedMinor).toBe(2600);
  });

  it('never suggests a dismissed series again, and unlinks its rows', () => {
    refreshRecurring(db, 1, '2026-10-20');
    const ee = named('2026-10-20', 'EE Mobile')!;
    dismissSeries(db, ee.id);
    addTx('2026-11-18', -2500, 'EE Mobile', 'EE MOBILE DIRECT DEBIT', 2);
    refreshRecurring(db, 2, '2026-11-20');
    refreshRecurring(db, null, '2026-11-20');
    expect(named('2026-11-20', 'EE Mobile')).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM recurring_links WHERE series_id = ?').pluck().get(Number(ee.id))).toBe(0);
    expect(() => confirmSeries(db, ee.id)).toThrow(expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(/dismissed/) }));
  });

  it('keeps the user’s name and amount through later detection, and moves the next day when the cadence changes', () => {
    refreshRecurring(db, 1, '2026-10-20');
    const ee = named('2026-10-20', 'EE Mobile')!;
    editSeries(db, ee.id, { name: 'Phone', expectedMinor: 3000 }, '2026-10-20');
    addTx('2026-11-18', -2500, 'EE Mobile', 'EE MOBILE DIRECT DEBIT', 2);
    refreshRecurring(db, 2, '2026-11-20');
    expect(named('2026-11-20', 'Phone')).toMatchObject({ status: 'confirmed', expectedMinor: 3000, occurrences: 13, nextDay: '2026-12-18' });
    editSeries(db, ee.id, { cadence: 'quarterly' }, '2026-11-20');
    expect(named('2026-11-20', 'Phone')).toMatchObject({ cadence: 'quarterly', nextDay: '2027-02-18', yearlyMinor: 12_000 });
  });

  it('drops a suggestion its payee no longer supports, and leaves paired transfers out', () => {
    refreshRecurring(db, 1, '2026-10-20');
    expect(named('2026-10-20', 'EE Mobile')).toBeDefined();
    db.prepare(`DELETE FROM transactions WHERE merchant = 'EE Mobile' AND booking_date > '2025-12-31'`).run();
    addTx('2026-11-18', -4100, 'EE Mobile', 'EE MOBILE DIRECT DEBIT', 2);
    refreshRecurring(db, 2, '2026-11-20');
    expect(named('2026-11-20', 'EE Mobile')).toBeUndefined();

    // monthly transfers to savings, paired with their other side: not a bill
    for (let k = 0; k < 12; k++) {
      const out = addTx(monthly('2025-11-27', k), -20_000, null, 'Transfer to Savings', 3);
      const inn = addTx(monthly('2025-11-27', k), 20_000, null, 'Transfer from Everyday', 3, 'A2');
      db.prepare(`INSERT INTO transfer_pairs (out_tx_id, in_tx_id, method, created_at) VALUES (?, ?, 'auto', '2026-01-01')`).run(out, inn);
    }
    refreshRecurring(db, 3, '2026-11-20');
    expect(overview('2026-11-20').series.filter((s) => /transfer/i.test(s.name))).toEqual([]);
  });

  it('refuses unknown series with a message that says what to do', () => {
    for (const id of ['424242', 'not-a-number']) {
      expect(() => confirmSeries(db, id)).toThrow(expect.objectContaining({ code: 'not_found', message: expect.stringMatching(/Reload the Bills page/) }));
      expect(() => editSeries(db, id, { name: 'x' }, '2026-11-20')).toThrow(expect.objectContaining({ code: 'not_found' }));
      expect(() => dismissSeries(db, id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
  });
});
