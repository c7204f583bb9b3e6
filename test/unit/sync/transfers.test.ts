import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { rebuildDailyTotals, SearchTexts } from '../../../src/main/core/db/derived';
import { listSyncRuns, listTransactions, setTransactionCategory, spendingByCategory } from '../../../src/main/core/reports';
import { pairTransfer, transferCandidates, unpairTransfer } from '../../../src/main/core/reports/transfers';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { pairPendingTransfers, perEurOn, settleTransferOrphans } from '../../../src/main/core/sync/transfers';
import { transactionQuerySchema } from '../../../src/shared/contract';
import { defaultProfile } from '../../../src/main/core/banks/profile';
import { FakeBank } from './fake-bank';
import { dbWithConnection } from './setup';

let db: Db;
let texts: SearchTexts;

function addBank(id: string, name: string) {
  new ProvidersRepo(db).upsert({ id, name, color: '#123456', issuer: `https://${id}.test`, clientId: 'x', scopes: [], apiBase: `https://${id}.test/api`, logoText: 'XX', tagline: null, custom: false, profile: defaultProfile() });
  new ConnectionsRepo(db).insert({ id: `conn-${id}`, providerId: id, status: 'ok', statusReason: null, sub: 'sarah', name: null, scopes: [], consentId: null, consentExpiresAt: null });
}

function addAccount(id: string, bank: string, name: string, currency = 'GBP', type = 'checking') {
  db.prepare(
    `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')`,
  ).run(id, `conn-${bank}`, id, name, type, currency);
}

let nextTx = 1;
/** A booked row; returns its id. The category is what the categoriser would have said. */
function tx(account: string, date: string, amount: number, description: string, opts: { currency?: string; category?: string | null; mcc?: string } = {}): string {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, mcc, status,
         category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
       VALUES (?, ?, ?, ? || 'T10:00:00Z', ?, ?, ?, NULL, ?, 'booked', ?, ?, 1, 1, 1)`,
    )
    .run(account, `b${nextTx++}`, date, date, amount, opts.currency ?? 'GBP', description, opts.mcc ?? null, opts.category === undefined ? null : opts.category, texts.idOf(description, null));
  return String(lastInsertRowid);
}

function ecbRate(currency: string, day: string, perEur: number) {
  db.prepare(`INSERT INTO fx_rates (source, currency, day, per_eur, fetched_at) VALUES ('ecb', ?, ?, ?, 'x')`).run(currency, day, perEur);
}

/** Hands every day with a row to the pairing pass, as if a sync had just written them all. */
function pairAll(): number {
  db.prepare('INSERT OR IGNORE INTO transfer_pending_days (day) SELECT DISTINCT booking_date FROM transactions').run();
  return pairPendingTransfers(db);
}

const categoryOf = (id: string) => db.prepare('SELECT category_id FROM transactions WHERE id = ?').pluck().get(Number(id)) as string | null;
const pairs = () => db.prepare('SELECT out_tx_id AS outId, in_tx_id AS inId, method, rate FROM transfer_pairs ORDER BY out_tx_id').all() as { outId: number; inId: number; method: string; rate: number | null }[];
const list = () => listTransactions(db, transactionQuerySchema.parse({ sort: 'date_asc' })).rows;
/** Spending in GBP in March 2026 (transfers left out), from the daily totals. */
const spentGbp = () =>
  (spendingByCategory(db, { from: '2026-03-01', to: '2026-03-31' }).find((s) => s.currency === 'GBP')?.items ?? []).reduce((sum, i) => sum + i.minor, 0);

beforeEach(() => {
  db = dbWithConnection('https://fake.test/api');
  texts = new SearchTexts(db);
  addBank('memorial', 'Memorial Bank');
  addBank('harbor', 'Harbor Credit Union');
  addAccount('cur', 'memorial', 'Everyday');
  addAccount('sav', 'harbor', 'Holiday Fund');
  addAccount('eur', 'harbor', 'Euro Account', 'EUR');
  addAccount('card', 'memorial', 'Visa', 'GBP', 'credit_card');
});

describe('automatic transfer pairing', () => {
  it('pairs a debit and an equal credit in another bank two days later, and takes both out of spending', () => {
    const out = tx('cur', '2026-03-02', -25000, 'STANDING ORDER HOLIDAY', { category: 'bills' });
    const inn = tx('sav', '2026-03-04', 25000, 'FROM S LEE', { category: 'income' });
    tx('cur', '2026-03-03', -1200, 'Pret', { category: 'eating-out', mcc: '5814' });
    rebuildDailyTotals(db);
    expect(spentGbp()).toBe(26200);

    expect(pairAll()).toBe(1);
    expect(pairs()).toEqual([{ outId: Number(out), inId: Number(inn), method: 'auto', rate: null }]);
    expect([categoryOf(out), categoryOf(inn)]).toEqual(['transfers', 'transfers']);
    expect(spentGbp()).toBe(1200);
    const rows = list();
    expect(rows.find((r) => r.id === out)!.transfer).toEqual({ pairedWithId: inn, accountName: 'Holiday Fund', providerName: 'Harbor Credit Union', method: 'auto' });
    expect(rows.find((r) => r.id === inn)!.transfer).toEqual({ pairedWithId: out, accountName: 'Everyday', providerName: 'Memorial Bank', method: 'auto' });
    expect(rows.find((r) => r.description === 'Pret')!.transfer).toBeNull();
    // a second pass finds nothing new
    expect(pairAll()).toBe(0);
  });

  it('when one side is deleted (by its bank, or with its bank\'s data), the other leaves Transfers and counts again', () => {
    const out = tx('cur', '2026-03-02', -25000, 'STANDING ORDER HOLIDAY');
    const inn = tx('sav', '2026-03-04', 25000, 'FROM S LEE');
    rebuildDailyTotals(db);
    expect(pairAll()).toBe(1);
    expect(spentGbp()).toBe(0);

    db.prepare('DELETE FROM transactions WHERE id = ?').run(Number(inn)); // the bank took the credit back
    expect(categoryOf(out)).toBe('transfers');
    expect(pairAll()).toBe(0);
    expect(categoryOf(out)).not.toBe('transfers');
    expect(spentGbp()).toBe(25000);
    expect(list().find((r) => r.id === out)!.transfer).toBeNull();

    // it can be the side of another transfer, and when that bank is disconnected with its data it is spending again
    const again = tx('eur', '2026-03-03', 28800, 'INCOMING GBP', { currency: 'EUR' });
    ecbRate('GBP', '2026-03-02', 0.87);
    expect(pairAll()).toBe(1);
    expect(pairs()).toMatchObject([{ outId: Number(out), inId: Number(again) }]);
    expect(spentGbp()).toBe(0);
    db.prepare(`DELETE FROM accounts WHERE connection_id = 'conn-harbor'`).run();
    expect(settleTransferOrphans(db)).toBe(1);
    expect(categoryOf(out)).not.toBe('transfers');
    expect(spentGbp()).toBe(25000);
  });

  it('leaves a category the user chose when the other side goes', () => {
    const out = tx('cur', '2026-03-02', -25000, 'STANDING ORDER HOLIDAY');
    const inn = tx('sav', '2026-03-04', 25000, 'FROM S LEE');
    expect(pairAll()).toBe(1);
    db.prepare(`UPDATE transactions SET category_id = 'travel', category_manual = 1 WHERE id = ?`).run(Number(out));
    db.prepare('DELETE FROM transactions WHERE id = ?').run(Number(inn));
    expect(settleTransferOrphans(db)).toBe(0);
    expect(categoryOf(out)).toBe('travel');
  });

  it('pairs a card repayment with the payment the card account received', () => {
    const out = tx('cur', '2026-03-10', -43210, 'CARD REPAYMENT VISA');
    const inn = tx('card', '2026-03-11', 43210, 'PAYMENT RECEIVED - THANK YOU');
    expect(pairAll()).toBe(1);
    expect(pairs()[0]).toMatchObject({ outId: Number(out), inId: Number(inn) });
  });

  it('pairs GBP -450.00 with the EUR credit worth it at that day\'s ECB rate, within 3 %', () => {
    ecbRate('GBP', '2026-02-27', 0.9); // older: not used
    ecbRate('GBP', '2026-03-02', 0.86);
    expect(perEurOn(db, 'GBP', '2026-03-03')).toBe(0.86);
    // 450 / 0.86 = 523.26 EUR; the bank's spread makes it 515.00 (1.6 % less)
    const out = tx('cur', '2026-03-02', -45000, 'TO EURO ACCOUNT');
    const inn = tx('eur', '2026-03-03', 51500, 'INCOMING GBP', { currency: 'EUR' });
    expect(pairAll()).toBe(1);
    const [pair] = pairs();
    expect(pair).toMatchObject({ outId: Number(out), inId: Number(inn), method: 'auto' });
    expect(pair.rate).toBeCloseTo(515 / 450, 6);
  });

  it('does not pair across currencies beyond the tolerance, nor without a rate', () => {
    ecbRate('GBP', '2026-03-02', 0.86);
    tx('cur', '2026-03-02', -45000, 'TO EURO ACCOUNT');
    tx('eur', '2026-03-03', 49000, 'INCOMING GBP', { currency: 'EUR' }); // 6.4 % under 523.26
    tx('cur', '2026-03-05', -10000, 'TO USD');
    addAccount('usd', 'harbor', 'Dollar', 'USD');
    tx('usd', '2026-03-05', 13000, 'INCOMING', { currency: 'USD' }); // no USD rate at all
    expect(pairAll()).toBe(0);
  });

  it('does not pair rows more than four days apart', () => {
    tx('cur', '2026-03-02', -25000, 'TO SAVINGS');
    tx('sav', '2026-03-07', 25000, 'FROM CURRENT');
    expect(pairAll()).toBe(0);
    tx('sav', '2026-03-06', 25000, 'FROM CURRENT AGAIN');
    expect(pairAll()).toBe(1);
  });

  it('leaves two equally good matches to the user', () => {
    const out = tx('cur', '2026-03-02', -5000, 'TRANSFER');
    tx('sav', '2026-03-03', 5000, 'IN 1');
    tx('card', '2026-03-01', 5000, 'IN 2');
    expect(pairAll()).toBe(0);
    expect(categoryOf(out)).toBeNull();
    // a closer one is a clear winner
    const close = tx('eur', '2026-03-02', 5000, 'IN 3', { currency: 'GBP' });
    expect(pairAll()).toBe(1);
    expect(pairs()[0]).toMatchObject({ outId: Number(out), inId: Number(close) });
  });

  it('never pairs a row the user unpaired, and leaves a category the user chose', () => {
    const out = tx('cur', '2026-03-02', -7000, 'TO SAVINGS');
    const inn = tx('sav', '2026-03-02', 7000, 'FROM CURRENT', { category: 'income' });
    db.prepare('INSERT INTO transfer_refusals (tx_id) VALUES (?)').run(Number(out));
    expect(pairAll()).toBe(0);
    db.prepare('DELETE FROM transfer_refusals').run();
    setTransactionCategory(db, inn, 'shopping');
    expect(pairAll()).toBe(1);
    expect([categoryOf(out), categoryOf(inn)]).toEqual(['transfers', 'shopping']);
  });

  it('looks only at the days handed to it, and pairs a row there with one stored long before', () => {
    tx('cur', '2026-01-02', -7000, 'TO SAVINGS');
    tx('sav', '2026-01-02', 7000, 'FROM CURRENT');
    const older = tx('cur', '2026-03-01', -9000, 'TO SAVINGS');
    const newer = tx('sav', '2026-03-04', 9000, 'FROM CURRENT');
    db.prepare("INSERT INTO transfer_pending_days (day) VALUES ('2026-02-01'), ('2026-03-04')").run();
    expect(pairPendingTransfers(db)).toBe(1);
    expect(pairs()).toEqual([{ outId: Number(older), inId: Number(newer), method: 'auto', rate: null }]);
    expect(db.prepare('SELECT count(*) FROM transfer_pending_days').pluck().get()).toBe(0);
    // the January pair was not on a day handed to it
    expect(pairPendingTransfers(db)).toBe(0);
    expect(pairAll()).toBe(1);
  });

  it('judges a row on a handed day against candidates stored before: a tie with an older row is left alone', () => {
    tx('cur', '2026-03-02', -5000, 'TRANSFER');
    tx('card', '2026-03-01', 5000, 'IN, STORED BEFORE');
    tx('sav', '2026-03-03', 5000, 'IN, NEW');
    db.prepare("INSERT INTO transfer_pending_days (day) VALUES ('2026-03-03')").run();
    expect(pairPendingTransfers(db)).toBe(0);
  });
});

describe('pairing by hand', () => {
  it('pairs across currencies, changes spending by the amount, and unpairs back to the categoriser with a refusal', () => {
    const out = tx('cur', '2026-03-02', -30000, 'AMAZON UK', { category: 'shopping' });
    const inn = tx('eur', '2026-03-09', 10000, 'SOMETHING', { currency: 'EUR', category: 'income' });
    tx('cur', '2026-03-03', -1000, 'TESCO', { category: 'groceries' });
    rebuildDailyTotals(db);
    expect(spentGbp()).toBe(31000);

    pairTransfer(db, { outTransactionId: out, inTransactionId: inn });
    expect(pairs()[0]).toMatchObject({ outId: Number(out), inId: Number(inn), method: 'manual' });
    expect(spentGbp()).toBe(1000);
    expect(list().find((r) => r.id === out)!.transfer).toEqual({ pairedWithId: inn, accountName: 'Euro Account', providerName: 'Harbor Credit Union', method: 'manual' });

    unpairTransfer(db, inn);
    expect(pairs()).toEqual([]);
    expect([categoryOf(out), categoryOf(inn)]).toEqual(['shopping', 'income']);
    expect(spentGbp()).toBe(31000);
    expect(db.prepare('SELECT tx_id FROM transfer_refusals ORDER BY tx_id').pluck().all()).toEqual([Number(out), Number(inn)]);
    expect(list().find((r) => r.id === out)!.transfer).toBeNull();

    // pairing again by hand clears the refusal
    pairTransfer(db, { outTransactionId: out, inTransactionId: inn });
    expect(db.prepare('SELECT count(*) FROM transfer_refusals').pluck().get()).toBe(0);
  });

  it('explains why two rows cannot be paired', () => {
    const a = tx('cur', '2026-03-02', -1000, 'A');
    const b = tx('cur', '2026-03-02', 1000, 'B');
    const c = tx('sav', '2026-03-02', 1000, 'C');
    const d = tx('card', '2026-03-02', 1000, 'D');
    expect(() => pairTransfer(db, { outTransactionId: a, inTransactionId: b })).toThrow(/same account/);
    expect(() => pairTransfer(db, { outTransactionId: c, inTransactionId: a })).toThrow(/money out/);
    expect(() => pairTransfer(db, { outTransactionId: '999999', inTransactionId: c })).toThrow(/no longer in MyBucks/);
    pairTransfer(db, { outTransactionId: a, inTransactionId: c });
    expect(() => pairTransfer(db, { outTransactionId: a, inTransactionId: d })).toThrow(/already paired.*Unpair it first/);
    expect(() => unpairTransfer(db, d)).toThrow(/not paired/);
  });

  it('offers the rows of other accounts that could be the other side, best first', () => {
    ecbRate('GBP', '2026-03-01', 0.86);
    const out = tx('cur', '2026-03-02', -45000, 'TO SOMEWHERE');
    tx('cur', '2026-03-02', 45000, 'SAME ACCOUNT');
    const exact = tx('sav', '2026-03-05', 45000, 'EXACT, 3 DAYS');
    const eur = tx('eur', '2026-03-02', 52000, 'EUR, SAME DAY', { currency: 'EUR' });
    tx('card', '2026-03-02', 90000, 'TWICE THE SIZE');
    tx('sav', '2026-03-20', 45000, 'TOO LATE');
    tx('sav', '2026-03-02', -45000, 'ALSO MONEY OUT');
    expect(transferCandidates(db, out).map((r) => r.id)).toEqual([exact, eur]);
  });
});

describe('pairing after a sync', () => {
  it('records the transfers each run paired', async () => {
    const bank = new FakeBank([
      {
        id: 'acc-1', currency: 'GBP', nickname: 'Everyday', type: 'CACC', opening: 100000,
        txs: [
          { id: 't1', date: '2026-03-02', amount: -20000, status: 'BOOK', info: 'TO RAINY DAY', code: 'TFR' },
          { id: 't2', date: '2026-03-03', amount: -1299, status: 'BOOK', merchant: 'Netflix' },
        ],
      },
      { id: 'acc-2', currency: 'GBP', nickname: 'Rainy day', type: 'SVGS', opening: 0, txs: [{ id: 's1', date: '2026-03-03', amount: 20000, status: 'BOOK', info: 'FROM EVERYDAY' }] },
    ]);
    const syncDb = dbWithConnection(bank.apiBase);
    const engine = new SyncEngine({ db: syncDb, fetchResource: bank.fetchResource, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2, timeoutMs: 2000 }, now: () => new Date('2026-03-31T13:00:00Z') });
    await engine.sync('c1');
    expect(listSyncRuns(syncDb, { limit: 5 })[0]).toMatchObject({ outcome: 'ok', transfersPaired: 1 });
    expect(syncDb.prepare('SELECT category_id FROM transactions WHERE bank_tx_id IN (?, ?)').pluck().all('t1', 's1')).toEqual(['transfers', 'transfers']);
    await engine.sync('c1');
    expect(listSyncRuns(syncDb, { limit: 5 }).map((r) => r.transfersPaired)).toEqual([0, 1]);
  });

  it('a re-sync leaves paired rows as they are, and pairs a new row with the other side an earlier sync stored', async () => {
    const bank = new FakeBank([
      { id: 'acc-1', currency: 'GBP', nickname: 'Everyday', type: 'CACC', opening: 100000, txs: [{ id: 't1', date: '2026-03-02', amount: -20000, status: 'BOOK', info: 'TO RAINY DAY' }] },
      { id: 'acc-2', currency: 'GBP', nickname: 'Rainy day', type: 'SVGS', opening: 0, txs: [{ id: 's1', date: '2026-03-03', amount: 20000, status: 'BOOK', info: 'FROM EVERYDAY' }] },
    ]);
    const syncDb = dbWithConnection(bank.apiBase);
    const engine = new SyncEngine({ db: syncDb, fetchResource: bank.fetchResource, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2, timeoutMs: 2000 }, now: () => new Date('2026-03-31T13:00:00Z') });
    const rows = () =>
      syncDb.prepare('SELECT bank_tx_id AS id, category_id AS category, last_seen_run AS seen, changed_run AS changed FROM transactions ORDER BY bank_tx_id').all();
    const first = await engine.sync('c1');
    const afterFirst = rows();
    expect(afterFirst).toEqual([
      { id: 's1', category: 'transfers', seen: first.runId, changed: first.runId },
      { id: 't1', category: 'transfers', seen: first.runId, changed: first.runId },
    ]);

    // the bank adds a debit whose credit arrives only in the next sync
    bank.account('acc-1').txs.push({ id: 't2', date: '2026-03-20', amount: -5000, status: 'BOOK', info: 'TO RAINY DAY' });
    const second = await engine.sync('c1');
    expect(second).toMatchObject({ outcome: 'ok', error: null, counts: { added: 1, updated: 0 } });
    expect(rows()).toEqual([...afterFirst, { id: 't2', category: expect.not.stringMatching(/^transfers$/), seen: second.runId, changed: second.runId }]);
    expect(syncDb.prepare('SELECT count(*) FROM transfer_pending_days').pluck().get()).toBe(0);

    bank.account('acc-2').txs.push({ id: 's2', date: '2026-03-22', amount: 5000, status: 'BOOK', info: 'FROM EVERYDAY' });
    await engine.sync('c1');
    expect(listSyncRuns(syncDb, { limit: 5 }).map((r) => r.transfersPaired)).toEqual([1, 0, 1]);
    const t2 = syncDb.prepare("SELECT id FROM transactions WHERE bank_tx_id = 't2'").pluck().get();
    const s2 = syncDb.prepare("SELECT id FROM transactions WHERE bank_tx_id = 's2'").pluck().get();
    expect(syncDb.prepare('SELECT out_tx_id, in_tx_id FROM transfer_pairs WHERE out_tx_id = ?').raw().get(t2)).toEqual([t2, s2]);
    expect(rows().filter((r) => ['s1', 't1'].includes((r as { id: string }).id))).toEqual(afterFirst);
  });

  it('pairs the days a sync that died wrote, after the next sync', async () => {
    const bank = new FakeBank([
      { id: 'acc-1', currency: 'GBP', nickname: 'Everyday', type: 'CACC', opening: 100000, txs: [{ id: 't1', date: '2026-03-02', amount: -20000, status: 'BOOK', info: 'TO RAINY DAY' }] },
      { id: 'acc-2', currency: 'GBP', nickname: 'Rainy day', type: 'SVGS', opening: 0, txs: [{ id: 's1', date: '2026-03-03', amount: 20000, status: 'BOOK', info: 'FROM EVERYDAY' }] },
    ]);
    const syncDb = dbWithConnection(bank.apiBase);
    const engine = new SyncEngine({ db: syncDb, fetchResource: bank.fetchResource, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2, timeoutMs: 2000 }, now: () => new Date('2026-03-31T13:00:00Z') });
    await engine.sync('c1');
    // as a process killed after the pages were written and before the pairing pass leaves it
    syncDb.prepare('DELETE FROM transfer_pairs').run();
    syncDb.prepare("INSERT INTO transfer_pending_days (day) VALUES ('2026-03-02'), ('2026-03-03')").run();
    await engine.sync('c1');
    expect(listSyncRuns(syncDb, { limit: 5 }).map((r) => r.transfersPaired)).toEqual([1, 1]);
    expect(syncDb.prepare('SELECT count(*) FROM transfer_pairs').pluck().get()).toBe(1);
  });
});

describe('rules and paired transfers', () => {
  it('a new rule, or handing a row back to the rules, leaves a paired transfer in the transfer category', async () => {
    const { createRule } = await import('../../../src/main/core/reports');
    const out = tx('cur', '2026-03-02', -7000, 'ACME SAVINGS POT');
    const inn = tx('sav', '2026-03-02', 7000, 'ACME SAVINGS POT');
    expect(pairAll()).toBe(1);
    const { updated } = createRule(db, { field: 'description', op: 'contains', value: 'acme', categoryId: 'shopping', applyToExisting: true });
    expect(updated).toBe(0);
    setTransactionCategory(db, out, 'bills');
    setTransactionCategory(db, out, null);
    expect([categoryOf(out), categoryOf(inn)]).toEqual(['transfers', 'transfers']);
  });
});
