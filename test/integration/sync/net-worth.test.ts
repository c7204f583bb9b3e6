/**
 * Net worth over time against the real mock bank: for every past day, what the app reports per
 * currency equals what the bank's own history implies (each account's booked balance now minus the
 * signed sum of its booked transactions after that day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import type { Db } from '../../../src/main/core/db/database';
import { netWorth } from '../../../src/main/core/reports/spending';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { bankAccounts, bearerFetch, connectionIdOf, linkedDb, mintTokens, sandbox, USER } from './harness';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-18T10:00:00Z');
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let clock = T0;
let handle: MockBankHandle;
let tokens: Record<string, string>;

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 11, transactionsPerAccount: 240, now: () => new Date(clock) });
  tokens = await mintTokens(handle);
});
afterAll(async () => {
  await handle?.close();
});

const engineFor = (db: Db) => new SyncEngine({ db, fetchResource: bearerFetch(tokens), retry: { baseDelayMs: 20, maxAttempts: 3, timeoutMs: 5000 } });

interface BankTx {
  Status: string;
  BookingDateTime: string;
  CreditDebitIndicator: 'Credit' | 'Debit';
  Amount: { Amount: string };
}

/** Every booked transaction of an account as the bank's API lists it: booking day and signed minor units. */
async function bookedHistory(bankId: string, accountId: string): Promise<{ day: string; minor: number }[]> {
  const bank = handle.banks.find((b) => b.id === bankId)!;
  const out: { day: string; minor: number }[] = [];
  let url: string | null = `${bank.apiBase}/accounts/${accountId}/transactions`;
  while (url) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${tokens[connectionIdOf(bankId)]}` } });
    const body = (await res.json()) as { Data: { Transaction: BankTx[] }; Links?: { Next?: string } };
    for (const t of body.Data.Transaction) {
      if (t.Status !== 'BOOK' && t.Status !== 'Booked') continue;
      const minor = Math.round(Number(t.Amount.Amount) * 100);
      out.push({ day: t.BookingDateTime.slice(0, 10), minor: t.CreditDebitIndicator === 'Debit' ? -minor : minor });
    }
    url = body.Links?.Next ?? null;
  }
  return out;
}

interface BankBook {
  currency: string;
  bookedMinor: number;
  history: { day: string; minor: number }[];
}

/** Each account's booked balance now and booked history, from the bank. */
async function bankBooks(bankIds: string[]): Promise<BankBook[]> {
  const out: BankBook[] = [];
  for (const bankId of bankIds) {
    for (const a of await bankAccounts(handle, bankId)) out.push({ currency: a.currency, bookedMinor: a.bookedMinor, history: await bookedHistory(bankId, a.accountId) });
  }
  return out;
}

/** Net worth per currency and day as the bank's books imply it, for the given days. */
function implied(books: BankBook[], days: string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const { currency, bookedMinor, history } of books) {
    const series = (out[currency] ??= {});
    for (const day of days) {
      const after = history.filter((t) => t.day > day).reduce((sum, t) => sum + t.minor, 0);
      series[day] = (series[day] ?? 0) + bookedMinor - after;
    }
  }
  return out;
}

function reported(db: Db, days: string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of netWorth(db, { from: days[0], to: days.at(-1)!, granularity: 'day' })) {
    out[s.currency] = Object.fromEntries(s.points.map((p) => [p.date, p.minor]));
  }
  return out;
}

const daysUpTo = (end: number, count: number) => Array.from({ length: count }, (_, i) => isoDay(end - (count - 1 - i) * DAY));

const accountType = (db: Db, bankId: string, type: string) =>
  db.prepare('SELECT id, bank_account_id AS bankAccountId, balance_minor AS balance FROM accounts WHERE connection_id = ? AND type = ?').get(connectionIdOf(bankId), type) as
    | { id: string; bankAccountId: string; balance: number }
    | undefined;

describe('net worth over time agrees with the bank', () => {
  it('after a first sync of every bank, each past day matches the bank-implied history per currency, credit cards included', async () => {
    clock = T0;
    const db = linkedDb(handle);
    const engine = engineFor(db);
    for (const bank of handle.banks) expect((await engine.sync(connectionIdOf(bank.id))).outcome).toBe('ok');
    for (const bank of handle.banks) expect(accountType(db, bank.id, 'credit_card')?.balance).toBeLessThan(0);

    const books = await bankBooks(handle.banks.map((b) => b.id));
    const days = daysUpTo(T0, 120);
    expect(Object.keys(implied(books, days)).sort()).toEqual(['EUR', 'GBP', 'USD']);
    expect(reported(db, days)).toEqual(implied(books, days));

    // At the start of the history every account is there with its opening balance: the day before the
    // last of the accounts' first transactions, and the days after it.
    const lastStart = books.map((b) => b.history.reduce((min, t) => (t.day < min ? t.day : min), '9999')).sort().at(-1)!;
    const early = daysUpTo(Date.parse(lastStart) + 10 * DAY, 12);
    expect(early[0]).toBe(isoDay(Date.parse(lastStart) - DAY));
    expect(reported(db, early)).toEqual(implied(books, early));
    db.close();
  });

  it('a bank linked days later and a re-sync on that later day keep every day right, and the new bank balance continues the history', async () => {
    clock = T0;
    const db = linkedDb(handle);
    const engine = engineFor(db);
    const memorial = connectionIdOf('memorial');
    expect((await engine.sync(memorial)).outcome).toBe('ok');

    // Between the two syncs the bank books more: later the same day, on the next days, on the card too,
    // and a pending card payment books £5 larger on the day of the second sync.
    const checking = accountType(db, 'memorial', 'checking')!;
    const card = accountType(db, 'memorial', 'credit_card')!;
    const post = (accountId: string, id: string, amount: string, at: number) =>
      sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${accountId}/transactions`, {
        transactionId: id, amount, description: `Later ${id}`, bookingDateTime: new Date(at).toISOString(),
      });
    await post(checking.bankAccountId, 'nw-same-day', '-250.00', T0 + 5 * 3_600_000);
    await post(checking.bankAccountId, 'nw-next-day', '1200.00', T0 + DAY);
    await post(card.bankAccountId, 'nw-card', '-75.40', T0 + DAY + 3_600_000);
    await post(checking.bankAccountId, 'nw-third-day', '-31.99', T0 + 2 * DAY);
    clock = T0 + 3 * DAY;
    const [pending] = (await bankAccounts(handle, 'memorial')).find((a) => a.accountId === card.bankAccountId)!.pending;
    await sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${card.bankAccountId}/transactions/${pending.transactionId}/book`, {
      amount: (pending.amountMinor / 100 - 5).toFixed(2),
    });

    expect((await engine.sync(connectionIdOf('summit'))).outcome).toBe('ok');
    // Before Memorial syncs again, today's GBP total carries Memorial's last known balances forward.
    const stored = (bankId: string, currency: string) =>
      (db.prepare('SELECT sum(balance_minor) AS n FROM accounts WHERE connection_id = ? AND currency = ?').get(connectionIdOf(bankId), currency) as { n: number }).n;
    expect(reported(db, [isoDay(clock)]).GBP).toEqual({ [isoDay(clock)]: stored('memorial', 'GBP') + stored('summit', 'GBP') });
    expect(stored('memorial', 'GBP')).not.toBe(0);

    expect((await engine.sync(memorial)).outcome).toBe('ok');

    const days = daysUpTo(clock, 90);
    expect(reported(db, days)).toEqual(implied(await bankBooks(['memorial', 'summit']), days));

    // Today's row is the bank's balance; the earlier sync's day now holds that day's closing balance.
    const rows = db
      .prepare('SELECT date, balance_minor AS minor, source FROM balance_snapshots WHERE account_id = ? AND date >= ? ORDER BY date')
      .all(checking.id, isoDay(T0)) as { date: string; minor: number; source: string }[];
    const bookedNow = (await bankAccounts(handle, 'memorial')).find((a) => a.accountId === checking.bankAccountId)!.bookedMinor;
    expect(rows.at(-1)).toEqual({ date: isoDay(clock), minor: bookedNow, source: 'bank' });
    expect(rows.slice(0, -1).map((r) => r.source)).toEqual(rows.slice(0, -1).map(() => 'derived'));
    expect(rows.map((r) => r.date)).toContain(isoDay(T0));
    db.close();
  });

  it('a transaction the bank books while the sync runs (after the balances were read) does not shift the past days', async () => {
    clock = T0 + 5 * DAY;
    const db = linkedDb(handle);
    const [checking] = await bankAccounts(handle, 'harbor');
    let posted = false;
    const fetchResource = bearerFetch(tokens);
    const engine = new SyncEngine({
      db,
      fetchResource: async (connectionId, url, init) => {
        if (!posted && url.includes(`/accounts/${checking.accountId}/transactions`)) {
          posted = true;
          clock += 60_000;
          await sandbox(handle, 'POST', `/banks/harbor/users/${USER}/accounts/${checking.accountId}/transactions`, {
            transactionId: 'nw-mid-sync', amount: '-480.00', description: 'Booked during the sync',
          });
        }
        return fetchResource(connectionId, url, init);
      },
    });
    expect((await engine.sync(connectionIdOf('harbor'))).outcome).toBe('ok');
    expect(posted).toBe(true);
    expect(db.prepare("SELECT status FROM transactions WHERE bank_tx_id = 'nw-mid-sync'").get()).toEqual({ status: 'booked' });

    const past = daysUpTo(clock - DAY, 60);
    expect(reported(db, past)).toEqual(implied(await bankBooks(['harbor']), past));
    db.close();
  });
});
