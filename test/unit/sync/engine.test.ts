import { beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { createRule, setTransactionCategory } from '../../../src/main/core/reports';
import { ruleInputSchema } from '../../../src/shared/contract';
import { rebuildDailyTotals } from '../../../src/main/core/db/derived';
import { FakeBank, type FakeTx } from './fake-bank';
import { dbWithConnection } from './setup';

const fastRetry = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3, timeoutMs: 2000 };

function history(): FakeTx[] {
  return [
    { id: 't1', date: '2026-01-02', amount: 250000, status: 'BOOK', info: 'ACME LTD SALARY', code: 'SAL' },
    { id: 't2', date: '2026-01-03', amount: -4523, status: 'BOOK', merchant: 'Tesco', mcc: '5411' },
    { id: 't3', date: '2026-01-10', amount: -1299, status: 'BOOK', merchant: 'Netflix' },
    { id: 't4', date: '2026-02-01', amount: -95000, status: 'BOOK', info: 'Rent February', code: 'SO' },
    { id: 't5', date: '2026-03-20', amount: -350, status: 'BOOK', merchant: 'Pret A Manger', mcc: '5814' },
    { id: 't6', date: '2026-03-29', amount: -2000, status: 'PDNG', merchant: 'Shell', mcc: '5541' },
    { id: 't7', date: '2026-03-30', amount: -800, status: 'PDNG', merchant: 'Costa' },
    { id: 'rej', date: '2026-03-30', amount: -100, status: 'RJCT', merchant: 'Declined' },
  ];
}

let bank: FakeBank;
let db: Db;
let events: AppEvent[];
let engine: SyncEngine;

beforeEach(() => {
  bank = new FakeBank([
    { id: 'acc-1', currency: 'GBP', nickname: 'Everyday', type: 'CACC', opening: 10000, txs: history() },
    { id: 'acc-2', currency: 'GBP', nickname: 'Rainy day', type: 'SVGS', opening: 500000, txs: [{ id: 's1', date: '2026-02-15', amount: 1234, status: 'BOOK', info: 'Interest', code: 'INT' }] },
  ]);
  db = dbWithConnection(bank.apiBase);
  events = [];
  engine = new SyncEngine({ db, fetchResource: bank.fetchResource, emit: (e) => events.push(e), retry: fastRetry, now: () => new Date('2026-03-31T13:00:00Z') });
});

const rows = () =>
  db.prepare(`SELECT t.bank_tx_id AS id, t.status, t.amount_minor AS amount, t.booking_date AS date, t.category_id AS cat
              FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.bank_account_id = 'acc-1' ORDER BY t.bank_tx_id`).all() as { id: string; status: string; amount: number; date: string; cat: string | null }[];
const ids = () => rows().map((r) => r.id);
/** The daily totals the sync maintains equal a fresh aggregate of the transactions. */
function expectTotalsConsistent() {
  const kept = db.prepare('SELECT account_id, day, currency, category_id, income_minor, expense_minor, tx_count FROM daily_category_totals ORDER BY 1, 2, 3, 4').all();
  const fresh = db.prepare(`SELECT account_id, booking_date AS day, currency, coalesce(category_id, '') AS category_id,
      sum(max(amount_minor, 0)) AS income_minor, -sum(min(amount_minor, 0)) AS expense_minor, count(*) AS tx_count
    FROM transactions WHERE status = 'booked' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`).all();
  expect(kept).toEqual(fresh);
  expect(kept.length).toBeGreaterThan(0);
}
const lastRun = () => db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT 1').get() as Record<string, unknown>;

describe('SyncEngine', () => {
  it('first sync stores accounts, balances, transactions (rejected ones skipped) and records the run', async () => {
    const out = await engine.sync('c1');
    expect(out.outcome).toBe('ok');
    expect(ids()).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
    expect(out.counts).toEqual({ accounts: 2, seen: 8, added: 8, updated: 0, removed: 0 });
    const accounts = db.prepare('SELECT bank_account_id AS id, name, type, currency, balance_minor AS bal FROM accounts ORDER BY bank_account_id').all();
    expect(accounts).toEqual([
      { id: 'acc-1', name: 'Everyday', type: 'checking', currency: 'GBP', bal: 10000 + 250000 - 4523 - 1299 - 95000 - 350 },
      { id: 'acc-2', name: 'Rainy day', type: 'savings', currency: 'GBP', bal: 501234 },
    ]);
    expect(lastRun()).toMatchObject({ outcome: 'ok', accounts: 2, transactions_seen: 8, transactions_added: 8, error: null });
    expect(lastRun().finished_at).toBeTruthy();
    expect(db.prepare("SELECT last_sync_at FROM connections WHERE id = 'c1'").get()).toEqual({ last_sync_at: '2026-03-31T13:00:00.000Z' });
    // booked sum + opening = the bank's booked balance
    const sum = db.prepare("SELECT sum(amount_minor) AS s FROM transactions WHERE status = 'booked' AND account_id = (SELECT id FROM accounts WHERE bank_account_id = 'acc-1')").get() as { s: number };
    expect(sum.s + 10000).toBe(bank.bookedBalance('acc-1'));
    expect(events.at(-1)).toEqual({ type: 'data-changed' });
    expect(events).toContainEqual({ type: 'sync-finished', connectionId: 'c1', outcome: 'ok', error: null });
    const progress = events.filter((e) => e.type === 'sync-progress');
    expect(progress.map((e) => e.phase)).toEqual(expect.arrayContaining(['accounts', 'balances', 'transactions']));
    expect(progress.at(-1)).toMatchObject({ accountsDone: 2, accountsTotal: 2, transactions: 8 });
  });

  it.each([
    ['again, unchanged', -4523],
    ['again with another amount', -4999],
  ])('after a first sync both daily totals tables agree with a rebuild, also when the bank lists a row %s', async (_case, amount) => {
    const totals = () => ({
      category: db.prepare('SELECT * FROM daily_category_totals ORDER BY account_id, day, currency, category_id').all(),
      merchant: db.prepare('SELECT * FROM daily_merchant_totals ORDER BY account_id, day, currency, merchant, category_id').all(),
    });
    bank.pageSize = 1; // t2 comes back on the next page
    bank.accounts[0].txs.push({ id: 't2', date: '2026-01-03', amount, status: 'BOOK', merchant: 'Tesco', mcc: '5411' });
    expect((await engine.sync('c1')).outcome).toBe('ok');
    const kept = totals();
    expect(kept.merchant.length).toBeGreaterThan(0);
    rebuildDailyTotals(db);
    expect(kept).toEqual(totals());
    expect(db.prepare("SELECT sum(expense_minor) FROM daily_category_totals WHERE day = '2026-01-03'").pluck().get()).toBe(-amount);
  });

  it('categorises from MCC, bank code and merchant text', async () => {
    await engine.sync('c1');
    expect(Object.fromEntries(rows().map((r) => [r.id, r.cat]))).toEqual({
      t1: 'income', t2: 'groceries', t3: 'entertainment', t4: 'transfers', t5: 'eating-out', t6: 'transport', t7: 'eating-out',
    });
  });

  it('derives a daily balance history on the first sync, from the opening balance to the bank balance', async () => {
    await engine.sync('c1');
    const snaps = db.prepare(`SELECT s.date, s.balance_minor AS b, s.source FROM balance_snapshots s JOIN accounts a ON a.id = s.account_id
                              WHERE a.bank_account_id = 'acc-1' ORDER BY s.date`).all();
    expect(snaps).toEqual([
      { date: '2026-01-01', b: 10000, source: 'derived' },
      { date: '2026-01-02', b: 260000, source: 'derived' },
      { date: '2026-01-03', b: 255477, source: 'derived' },
      { date: '2026-01-10', b: 254178, source: 'derived' },
      { date: '2026-02-01', b: 159178, source: 'derived' },
      { date: '2026-03-20', b: 158828, source: 'derived' },
      { date: '2026-03-31', b: 158828, source: 'bank' },
    ]);
  });

  it('re-sync with nothing new is incremental and changes nothing', async () => {
    await engine.sync('c1');
    const before = db.prepare('SELECT * FROM transactions ORDER BY id').all();
    bank.requests.length = 0;
    const out = await engine.sync('c1');
    expect(out.counts).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(db.prepare('SELECT * FROM transactions ORDER BY id').all().map((r) => ({ ...(r as object), last_seen_run: 0 }))).toEqual(
      before.map((r) => ({ ...(r as object), last_seen_run: 0 })),
    );
    // last booked 2026-03-20 minus 10 days overlap = 2026-03-10, asked from one day earlier
    const txRequest = bank.requests.find((u) => u.includes('/accounts/acc-1/transactions'));
    expect(new URL(txRequest!).searchParams.get('fromBookingDateTime')).toBe('2026-03-09T00:00:00');
  });

  it('a pending row that books under a new id with a changed amount never shows twice', async () => {
    await engine.sync('c1');
    const acc = bank.account('acc-1');
    acc.txs = acc.txs.filter((t) => t.id !== 't6');
    acc.txs.push({ id: 't6-booked', date: '2026-03-30', amount: -2150, status: 'BOOK', merchant: 'Shell', mcc: '5541' });
    const out = await engine.sync('c1');
    expect(out.counts).toMatchObject({ added: 1, removed: 1, updated: 0 });
    expect(rows().filter((r) => r.id.startsWith('t6'))).toEqual([{ id: 't6-booked', status: 'booked', amount: -2150, date: '2026-03-30', cat: 'transport' }]);
    expectTotalsConsistent();
  });

  it('a pending row that books under the same id is updated in place', async () => {
    await engine.sync('c1');
    const t7 = bank.account('acc-1').txs.find((t) => t.id === 't7')!;
    Object.assign(t7, { status: 'BOOK', amount: -950, date: '2026-03-31', info: 'COSTA COFFEE LONDON (final)' });
    const out = await engine.sync('c1');
    expect(out.counts).toMatchObject({ added: 0, updated: 1, removed: 0 });
    expect(rows().find((r) => r.id === 't7')).toEqual({ id: 't7', status: 'booked', amount: -950, date: '2026-03-31', cat: 'eating-out' });
    expect(rows()).toHaveLength(7);
  });

  it('removes a transaction the bank no longer returns within the window, keeps older history', async () => {
    await engine.sync('c1');
    const acc = bank.account('acc-1');
    acc.txs = acc.txs.filter((t) => t.id !== 't5' && t.id !== 't7');
    const out = await engine.sync('c1');
    expect(out.counts.removed).toBe(2);
    expect(ids()).toEqual(['t1', 't2', 't3', 't4', 't6']);
    expectTotalsConsistent();
  });

  it('a full re-read writes only the rows that changed, and still removes the ones the bank dropped', async () => {
    await engine.sync('c1');
    const marks = () => Object.fromEntries((db.prepare('SELECT bank_tx_id AS id, last_seen_run AS seen, changed_run AS changed FROM transactions').all() as { id: string; seen: number; changed: number }[]).map((r) => [r.id, [r.seen, r.changed]]));
    const acc = bank.account('acc-1');
    acc.txs = acc.txs.filter((t) => t.id !== 't2');
    acc.txs.find((t) => t.id === 't3')!.amount = -1399;
    const out = await engine.sync('c1', undefined, { full: true });
    expect(out.counts).toMatchObject({ added: 0, updated: 1, removed: 1 });
    expect(ids()).toEqual(['t1', 't3', 't4', 't5', 't6', 't7']);
    const run = out.runId!;
    expect(marks()).toEqual({ t1: [1, 1], t3: [run, run], t4: [1, 1], t5: [1, 1], t6: [1, 1], t7: [1, 1], s1: [1, 1] });
    expectTotalsConsistent();
    // and once more with nothing changed: nothing written, nothing removed
    const again = await engine.sync('c1', undefined, { full: true });
    expect(again.counts).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(marks()).toEqual({ t1: [1, 1], t3: [run, run], t4: [1, 1], t5: [1, 1], t6: [1, 1], t7: [1, 1], s1: [1, 1] });
  });

  it('applies user rules on sync and never overwrites a manual category', async () => {
    createRule(db, ruleInputSchema.parse({ field: 'merchant', op: 'equals', value: 'costa', categoryId: 'shopping' }));
    await engine.sync('c1');
    expect(rows().find((r) => r.id === 't7')?.cat).toBe('shopping');
    const t5 = db.prepare("SELECT id FROM transactions WHERE bank_tx_id = 't5'").pluck().get() as number;
    setTransactionCategory(db, String(t5), 'health');
    // the bank revises t5 (in the re-read window) and adds a Costa row: the manual choice stays, the rule applies
    Object.assign(bank.account('acc-1').txs.find((t) => t.id === 't5')!, { amount: -375, info: 'PRET A MANGER revised' });
    bank.account('acc-1').txs.push({ id: 't8', date: '2026-03-31', amount: -450, status: 'BOOK', merchant: 'COSTA' });
    const out = await engine.sync('c1');
    expect(out.counts).toMatchObject({ added: 1, updated: 1 });
    expect(db.prepare("SELECT amount_minor AS a, category_id AS c, category_manual AS m FROM transactions WHERE bank_tx_id = 't5'").get()).toEqual({ a: -375, c: 'health', m: 1 });
    expect(rows().find((r) => r.id === 't8')?.cat).toBe('shopping');
    expectTotalsConsistent();
  });

  it('retries 500, 429 with Retry-After and network errors, then completes', async () => {
    bank.faults.push(
      { match: /\/accounts$/, fault: { kind: 'status', status: 500 } },
      { match: /acc-1\/balances/, fault: { kind: 'status', status: 429, retryAfter: '0' } },
      { match: /acc-1\/transactions/, fault: { kind: 'network' } },
    );
    const out = await engine.sync('c1');
    expect(out.outcome).toBe('ok');
    expect(ids()).toHaveLength(7);
    expect(bank.faults).toHaveLength(0);
  });

  it.each([
    ['malformed', /malformed JSON/],
    ['truncated', /malformed JSON/],
    ['invalid', /does not match the Open Banking schema/],
  ] as const)('a %s page fails the run with a clear error and leaves that page unwritten', async (kind, message) => {
    bank.faults.push({ match: /acc-1\/transactions.*page=1/, fault: { kind } });
    const out = await engine.sync('c1');
    expect(out.outcome).toBe('error');
    expect(out.error).toMatch(message);
    expect(out.error).toContain('GET /accounts/acc-1/transactions');
    expect(ids()).toEqual(['t1', 't2', 't3']); // page 0 committed, page 1 not
    // acc-2 is read concurrently with acc-1: whatever of it landed before the failure is counted too.
    const stored = db.prepare('SELECT count(*) FROM transactions').pluck().get() as number;
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(lastRun()).toMatchObject({ outcome: 'error', transactions_added: stored });
    expect(db.prepare("SELECT status, status_reason FROM connections WHERE id = 'c1'").get()).toMatchObject({ status: 'error' });
    const next = await engine.sync('c1');
    expect(next.outcome).toBe('ok');
    expect(ids()).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
    expect(db.prepare("SELECT status FROM connections WHERE id = 'c1'").get()).toEqual({ status: 'ok' });
  });

  it('gives up after bounded attempts on persistent 503', async () => {
    for (let i = 0; i < 3; i++) bank.faults.push({ match: /\/accounts$/, fault: { kind: 'status', status: 503 } });
    const out = await engine.sync('c1');
    expect(out.error).toBe(
      'Fake Bank answered GET /accounts with HTTP 503 (UK.OBIE.UnexpectedError boom), 3 attempts. Nothing already in MyBucks was lost; it will try again at the next sync.',
    );
  });

  it('says where it looked when the bank has no account-data API there (404), and offers to correct the address', async () => {
    bank.faults.push({ match: /\/accounts$/, fault: { kind: 'status', status: 404 } });
    const out = await engine.sync('c1');
    expect(out.error).toBe(
      `MyBucks could not find Fake Bank's account data at ${bank.apiBase} (HTTP 404). Check the bank's API address and correct it (Change API address).`,
    );
    expect(db.prepare("SELECT status, status_code FROM connections WHERE id = 'c1'").get()).toEqual({ status: 'error', status_code: 'api_not_found' });
    expect(bank.faults).toHaveLength(0); // not retried
  });

  it('stops at once on a vault that cannot save the rotated token, keeping its message', async () => {
    const message = 'MyBucks could not save its access to Fake Bank: the disk is full. Free some space.';
    const error = Object.assign(new Error(message), { name: 'VaultWriteError' });
    for (let i = 0; i < 2; i++) bank.faults.push({ match: /\/accounts$/, fault: { kind: 'throw', error } });
    const out = await engine.sync('c1');
    expect(out.error).toBe(message);
    expect(bank.faults).toHaveLength(1); // one attempt, no retry
    expect(db.prepare("SELECT status, status_code FROM connections WHERE id = 'c1'").get()).toEqual({ status: 'error', status_code: 'vault_write_failed' });
  });

  it('retries a sign-in renewal the bank could not do right now, then completes', async () => {
    const error = Object.assign(new Error("Fake Bank could not renew MyBucks' access right now (HTTP 503)."), { name: 'BankUnavailableError', retryable: true });
    for (let i = 0; i < 2; i++) bank.faults.push({ match: /\/accounts$/, fault: { kind: 'throw', error } });
    expect((await engine.sync('c1')).outcome).toBe('ok');
    expect(bank.faults).toHaveLength(0);
  });

  it('a revoked grant stops the run and marks the connection as needing re-authorization', async () => {
    bank.faults.push({ match: /\/accounts$/, fault: { kind: 'reauth' } });
    const out = await engine.sync('c1');
    expect(out.outcome).toBe('error');
    expect(db.prepare("SELECT status, status_reason FROM connections WHERE id = 'c1'").get()).toEqual({ status: 'needs_reauth', status_reason: 'refresh token revoked' });
  });

  it('an interrupted window is reconciled by the next run even after the window moved', async () => {
    await engine.sync('c1');
    const acc = bank.account('acc-1');
    // t6 (pending, 2026-03-29) books under a new id much later; t3 (2026-01-10) is withdrawn by the bank.
    acc.txs = acc.txs.filter((t) => t.id !== 't6' && t.id !== 't3');
    acc.txs.push({ id: 't6-booked', date: '2026-03-30', amount: -2000, status: 'BOOK', merchant: 'Shell' });
    // Force a full re-read window by marking the account as interrupted from the start of the year,
    // then crash after the first page.
    db.prepare("UPDATE accounts SET reconcile_from = '2026-01-01' WHERE bank_account_id = 'acc-1'").run();
    bank.faults.push({ match: /acc-1\/transactions.*page=1/, fault: { kind: 'malformed' } });
    expect((await engine.sync('c1')).outcome).toBe('error');
    expect(ids()).toContain('t3'); // not yet reconciled
    const out = await engine.sync('c1');
    expect(out.outcome).toBe('ok');
    expect(ids()).toEqual(['t1', 't2', 't4', 't5', 't6-booked', 't7']);
    expectTotalsConsistent();
    expect(db.prepare("SELECT reconcile_from FROM accounts WHERE bank_account_id = 'acc-1'").get()).toEqual({ reconcile_from: null });
  });

  it('cancellation stops the run and records it as cancelled', async () => {
    const controller = new AbortController();
    const cancelling = new SyncEngine({
      db,
      retry: fastRetry,
      fetchResource: async (id, url, init) => {
        if (url.includes('page=1')) controller.abort();
        return bank.fetchResource(id, url, init);
      },
    });
    const out = await cancelling.sync('c1', controller.signal);
    expect(out.outcome).toBe('cancelled');
    expect(lastRun()).toMatchObject({ outcome: 'cancelled', error: null });
  });

  it('closes a run left running by a dead process', async () => {
    db.prepare("INSERT INTO sync_runs (connection_id, started_at, outcome) VALUES ('c1', '2026-03-01T00:00:00Z', 'running')").run();
    await engine.sync('c1');
    expect(db.prepare('SELECT outcome, error FROM sync_runs ORDER BY id').all()).toEqual([
      { outcome: 'error', error: 'interrupted (MyBucks stopped during the sync)' },
      { outcome: 'ok', error: null },
    ]);
  });

  it('skips data the grant does not cover (403)', async () => {
    bank.faults.push({ match: /acc-2\/balances/, fault: { kind: 'status', status: 403 } }, { match: /acc-2\/transactions/, fault: { kind: 'status', status: 403 } });
    const out = await engine.sync('c1');
    expect(out.outcome).toBe('ok');
    expect(db.prepare("SELECT balance_minor, reconcile_from FROM accounts WHERE bank_account_id = 'acc-2'").get()).toEqual({ balance_minor: null, reconcile_from: null });
    expect(out.counts.seen).toBe(7); // acc-1 only (its rejected row skipped)
  });
});
