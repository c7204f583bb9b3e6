import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import type { Db } from '../../../src/main/core/db/database';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { listAccounts } from '../../../src/main/core/reports/accounts';
import { bankAccounts, bearerFetch, connectionIdOf, duplicateCount, expectAgreesWithBank, linkedDb, mintTokens, sandbox, totalsConsistent, USER } from './harness';

let handle: MockBankHandle;
let tokens: Record<string, string>;
let db: Db;
let requests: string[];
let beforeRequest: ((url: string) => Promise<void>) | null;

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 7, transactionsPerAccount: 120, pageSize: 50 });
  tokens = await mintTokens(handle);
});
afterAll(async () => {
  await handle?.close();
});

beforeEach(() => {
  db = linkedDb(handle);
  requests = [];
  beforeRequest = null;
});

function engine(): SyncEngine {
  const fetchResource = bearerFetch(tokens);
  return new SyncEngine({
    db,
    retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4, timeoutMs: 5000 },
    fetchResource: async (id, url, init) => {
      requests.push(url);
      if (beforeRequest) await beforeRequest(url);
      return fetchResource(id, url, init);
    },
  });
}
const memorial = connectionIdOf('memorial');
const txIds = (accountId: string) =>
  (db.prepare('SELECT bank_tx_id AS id FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.bank_account_id = ? ORDER BY 1').all(accountId) as { id: string }[]).map((r) => r.id);
const txRow = (bankTxId: string) => db.prepare('SELECT status, amount_minor AS amount FROM transactions WHERE bank_tx_id = ?').all(bankTxId);
const snapshot = () => db.prepare('SELECT account_id, bank_tx_id, status, amount_minor, booking_date, description FROM transactions ORDER BY account_id, bank_tx_id').all();

describe('sync against the mock bank', () => {
  it('first sync of three banks stores everything and agrees with the bank', async () => {
    const e = engine();
    for (const bank of handle.banks) {
      const out = await e.sync(connectionIdOf(bank.id));
      expect(out.outcome).toBe('ok');
      expect(out.counts.accounts).toBe(3);
      expect(out.counts.added).toBe(out.counts.seen);
    }
    expect(requests.some((u) => u.includes('page=2'))).toBe(true);
    expect(requests.filter((u) => u.includes('/transactions')).every((u) => !u.includes('fromBookingDateTime'))).toBe(true);
    await expectAgreesWithBank(db, handle, expect);
    expect(duplicateCount(db)).toBe(0);
    const net = db.prepare("SELECT count(*) AS n FROM balance_snapshots WHERE source = 'derived'").get() as { n: number };
    expect(net.n).toBeGreaterThan(100);
  });

  it('incremental sync re-reads only the overlap window and picks up a new transaction', async () => {
    const e = engine();
    await e.sync(memorial);
    requests.length = 0;
    const again = await e.sync(memorial);
    expect(again.counts).toMatchObject({ added: 0, updated: 0, removed: 0 });
    const txRequests = requests.filter((u) => u.includes('/transactions'));
    expect(txRequests.length).toBeGreaterThan(0);
    expect(txRequests.every((u) => new URL(u).searchParams.has('fromBookingDateTime'))).toBe(true);
    const [account] = await bankAccounts(handle, 'memorial');
    await sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions`, {
      transactionId: 'sandbox-new-1', amount: '-12.34', description: 'Corner shop', merchantName: 'Corner Shop', merchantCategoryCode: '5411',
    });
    const third = await e.sync(memorial);
    expect(third.counts).toMatchObject({ added: 1, updated: 0, removed: 0 });
    expect(db.prepare("SELECT amount_minor AS a, merchant AS m, category_id AS c FROM transactions WHERE bank_tx_id = 'sandbox-new-1'").get()).toEqual({ a: -1234, m: 'Corner Shop', c: 'groceries' });
    await expectAgreesWithBank(db, handle, expect, ['memorial']);
  });

  it('a pending transaction that books under a new id with a changed amount shows once', async () => {
    const e = engine();
    await e.sync(memorial);
    const account = (await bankAccounts(handle, 'memorial')).find((a) => a.pending.length > 0)!;
    const pending = account.pending[0];
    expect(txRow(pending.transactionId)).toEqual([{ status: 'pending', amount: pending.amountMinor }]);
    const bookedAmount = pending.amountMinor - 250;
    await sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions/${pending.transactionId}/book`, {
      newTransactionId: 'booked-twin-1', amount: (bookedAmount / 100).toFixed(2),
    });
    const out = await e.sync(memorial);
    expect(out.outcome).toBe('ok');
    expect(txRow(pending.transactionId)).toEqual([]);
    expect(txRow('booked-twin-1')).toEqual([{ status: 'booked', amount: bookedAmount }]);
    await expectAgreesWithBank(db, handle, expect, ['memorial']);
  });

  it('a transaction the bank removes is removed', async () => {
    const e = engine();
    await e.sync(memorial);
    const [account] = await bankAccounts(handle, 'memorial');
    const latest = db
      .prepare(`SELECT bank_tx_id AS id FROM transactions t JOIN accounts a ON a.id = t.account_id
                WHERE a.bank_account_id = ? AND t.status = 'booked' ORDER BY booking_at DESC LIMIT 1`)
      .get(account.accountId) as { id: string };
    await sandbox(handle, 'DELETE', `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions/${latest.id}`);
    const out = await e.sync(memorial);
    expect(out.counts.removed).toBe(1);
    expect(txIds(account.accountId)).not.toContain(latest.id);
    await expectAgreesWithBank(db, handle, expect, ['memorial']);
  });

  it('a booked transaction the bank moves to a later date is counted on its new day only (totals and balances)', async () => {
    const e = engine();
    await e.sync(memorial);
    const [account] = await bankAccounts(handle, 'memorial');
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const moved = db
      .prepare(
        `SELECT bank_tx_id AS id, booking_date AS date, amount_minor AS amount, description FROM transactions t JOIN accounts a ON a.id = t.account_id
         WHERE a.bank_account_id = ? AND t.status = 'booked' AND booking_date <= ? AND amount_minor < 0 ORDER BY booking_date DESC LIMIT 1`,
      )
      .get(account.accountId, day(15)) as { id: string; date: string; amount: number; description: string };
    const spentOn = (date: string) =>
      db.prepare('SELECT coalesce(sum(expense_minor), 0) AS spent, coalesce(sum(tx_count), 0) AS n FROM daily_category_totals WHERE day = ?').get(date);
    const before = spentOn(moved.date) as { spent: number; n: number };

    await sandbox(handle, 'DELETE', `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions/${moved.id}`);
    await sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions`, {
      transactionId: moved.id,
      amount: (moved.amount / 100).toFixed(2),
      description: moved.description,
      bookingDateTime: `${day(3)}T10:00:00Z`,
    });
    expect((await e.sync(memorial)).outcome).toBe('ok');

    expect(db.prepare('SELECT booking_date AS date FROM transactions WHERE bank_tx_id = ?').get(moved.id)).toEqual({ date: day(3) });
    expect(spentOn(moved.date)).toEqual({ spent: before.spent + moved.amount, n: before.n - 1 });
    expect(totalsConsistent(db)).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM stale_days').get()).toEqual({ n: 0 });
    await expectAgreesWithBank(db, handle, expect, ['memorial']);
    // The derived closing balances between the two days no longer include the moved amount.
    const history = db
      .prepare(
        `SELECT s.date, s.balance_minor AS minor FROM balance_snapshots s JOIN accounts a ON a.id = s.account_id
         WHERE a.bank_account_id = ? ORDER BY s.date`,
      )
      .all(account.accountId) as { date: string; minor: number }[];
    const opening = history[0].minor;
    const bookedUpTo = (date: string) =>
      (db
        .prepare(
          `SELECT coalesce(sum(amount_minor), 0) AS s FROM transactions t JOIN accounts a ON a.id = t.account_id
           WHERE a.bank_account_id = ? AND t.status = 'booked' AND booking_date <= ?`,
        )
        .get(account.accountId, date) as { s: number }).s;
    for (const point of history.filter((p) => p.date >= moved.date && p.date < day(3) && p.date < day(0))) {
      expect([point.date, point.minor]).toEqual([point.date, opening + bookedUpTo(point.date)]);
    }
  });

  it('a deep reconciliation re-reads the whole history, repairs old corrections, and records what it found', async () => {
    const e = engine();
    await e.sync(memorial);
    const [account] = await bankAccounts(handle, 'memorial');
    const localId = (db.prepare('SELECT id FROM accounts WHERE bank_account_id = ?').get(account.accountId) as { id: string }).id;
    const accountDto = () => listAccounts(db).find((a) => a.id === localId)!;
    expect(accountDto().verification).toEqual({ matched: true, summary: expect.stringMatching(/^Read the whole history from Memorial Bank: \d+ transactions\.$/) });

    const old = db
      .prepare(
        `SELECT bank_tx_id AS id, booking_at AS at, amount_minor AS amount, description FROM transactions
         WHERE account_id = ? AND status = 'booked' AND amount_minor < 0 ORDER BY booking_date LIMIT 2`,
      )
      .all(localId) as { id: string; at: string; amount: number; description: string }[];
    const path = `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions`;
    // The bank withdraws one old transaction and corrects the amount of another, both long before the overlap window.
    await sandbox(handle, 'DELETE', `${path}/${old[0].id}`);
    await sandbox(handle, 'DELETE', `${path}/${old[1].id}`);
    await sandbox(handle, 'POST', path, { transactionId: old[1].id, amount: ((old[1].amount - 500) / 100).toFixed(2), description: old[1].description, bookingDateTime: old[1].at });

    expect((await e.sync(memorial)).counts).toMatchObject({ removed: 0, updated: 0 }); // an incremental sync cannot see them
    expect(txIds(account.accountId)).toContain(old[0].id);

    const out = await e.sync(memorial, undefined, { full: true });
    expect(out.outcome).toBe('ok');
    expect(txIds(account.accountId)).not.toContain(old[0].id);
    expect(txRow(old[1].id)).toEqual([{ status: 'booked', amount: old[1].amount - 500 }]);
    await expectAgreesWithBank(db, handle, expect, ['memorial']);
    expect(totalsConsistent(db)).toBe(true);
    const found = db.prepare('SELECT * FROM reconciliations WHERE account_id = ? ORDER BY id DESC LIMIT 1').get(localId) as Record<string, number>;
    expect(found).toMatchObject({ removed: 1, updated: 1, added: 0, local_count: found.bank_count + 1 });
    // The withdrawn debit is back in the balance, the correction took 5.00 more: exactly what the old history missed.
    expect(found.bank_balance_minor - found.implied_balance_minor).toBe(-old[0].amount - 500);
    const v = accountDto().verification!;
    expect(v.matched).toBe(false);
    expect(v.summary).toMatch(/^Repaired from Memorial Bank's full history: 1 transaction the bank had changed, 1 transaction the bank no longer lists\. Before the repair MyBucks' history implied a balance of .+; Memorial Bank says .+\.$/);
    expect(accountDto().lastVerifiedAt).not.toBeNull();

    // A week later an ordinary sync re-reads the whole history by itself, and now it matches.
    const weekLater = new SyncEngine({ db, fetchResource: bearerFetch(tokens), now: () => new Date(Date.now() + 8 * 86_400_000) });
    expect((await weekLater.sync(memorial)).outcome).toBe('ok');
    expect(accountDto().verification).toEqual({ matched: true, summary: expect.stringMatching(/^Matched Memorial Bank: \d+ transactions, the same as MyBucks held\.$/) });
  });

  it.each([
    ['500', { kind: '500', count: 2 }],
    ['503', { kind: '503', count: 1 }],
    ['429 + Retry-After', { kind: '429', count: 1, retryAfterSeconds: 1 }],
    ['latency', { kind: 'latency', count: 2, latencyMs: 300 }],
    ['truncated body', { kind: 'truncated', count: 1 }],
  ])('a %s fault on a transactions page is retried and the run completes', async (_name, fault) => {
    const e = engine();
    let armed = false;
    beforeRequest = async (url) => {
      if (!armed && url.includes('/transactions') && url.includes('page=2')) {
        armed = true;
        await sandbox(handle, 'POST', '/faults', { target: 'resource', bankId: 'memorial', ...fault });
      }
    };
    const out = await e.sync(memorial);
    expect(armed).toBe(true);
    expect(out).toMatchObject({ outcome: 'ok', error: null });
    expect((await sandbox<{ faults: unknown[] }>(handle, 'GET', '/faults')).faults).toEqual([]);
    await expectAgreesWithBank(db, handle, expect, ['memorial']);
    expect(duplicateCount(db)).toBe(0);
  });

  it('a malformed page fails the run with a recorded error and leaves that page unwritten', async () => {
    const e = engine();
    await e.sync(memorial);
    const before = snapshot();
    // Make the next sync re-read a whole account, then break its second page.
    db.prepare("UPDATE accounts SET reconcile_from = '' WHERE connection_id = ?").run(memorial);
    beforeRequest = async (url) => {
      if (url.includes('/transactions') && url.includes('page=2')) {
        beforeRequest = null;
        await sandbox(handle, 'POST', '/faults', { target: 'resource', bankId: 'memorial', kind: 'malformed', count: 1 });
      }
    };
    const out = await e.sync(memorial);
    expect(out.outcome).toBe('error');
    expect(out.error).toMatch(/GET \/accounts\/[^/]+\/transactions: malformed JSON/);
    expect(snapshot()).toEqual(before);
    const run = db.prepare('SELECT outcome, error, finished_at FROM sync_runs ORDER BY id DESC LIMIT 1').get() as { outcome: string; error: string; finished_at: string };
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('malformed JSON');
    expect(db.prepare('SELECT status FROM connections WHERE id = ?').get(memorial)).toEqual({ status: 'error' });
    const next = await e.sync(memorial);
    expect(next.outcome).toBe('ok');
    await expectAgreesWithBank(db, handle, expect, ['memorial']);
  });
});
