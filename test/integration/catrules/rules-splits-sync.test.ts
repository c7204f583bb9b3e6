/** Rules and splits against the real mock bank: a rule applies on sync; a split survives a re-sync; a bank's new amount flags it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { apiSchemas, ruleInputSchema } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { createRule, ruleMatchCounts } from '../../../src/main/core/rules';
import * as splits from '../../../src/main/core/categories/splits';
import { listTransactions } from '../../../src/main/core/reports';
import { bankAccounts, bearerFetch, connectionIdOf, linkedDb, mintTokens, sandbox, USER } from '../sync/harness';
import { expectExactTotals } from '../../unit/catrules/exact-totals';

let handle: MockBankHandle;
let db: Db;
let dir: string;
let engine: SyncEngine;
const memorial = connectionIdOf('memorial');

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 11, transactionsPerAccount: 80, pageSize: 50 });
  dir = mkdtempSync(join(tmpdir(), 'mybucks-catrules-'));
  db = linkedDb(handle, join(dir, 'mybucks.sqlite'));
  engine = new SyncEngine({ db, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4, timeoutMs: 5000 }, fetchResource: bearerFetch(await mintTokens(handle)) });
  expect((await engine.sync(memorial)).outcome).toBe('ok');
});
afterAll(async () => {
  db?.close();
  await handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const row = (bankTxId: string) =>
  db.prepare('SELECT CAST(id AS TEXT) AS id, amount_minor AS amount, category_id AS category, status FROM transactions WHERE bank_tx_id = ?').get(bankTxId) as {
    id: string;
    amount: number;
    category: string | null;
    status: string;
  };

describe('rules and splits through a sync', () => {
  it('a rule made before a sync categorises and renames what the sync brings', async () => {
    const { rule } = createRule(db, ruleInputSchema.parse({ field: 'merchant', op: 'equals', value: 'corner shop', categoryId: 'entertainment', payeeName: 'The corner shop' }));
    const [account] = await bankAccounts(handle, 'memorial');
    await sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions`, {
      transactionId: 'rule-new-1', amount: '-4.20', description: 'Corner shop', merchantName: 'Corner Shop', merchantCategoryCode: '5411',
    });
    expect((await engine.sync(memorial)).outcome).toBe('ok');
    expect(row('rule-new-1').category).toBe('entertainment'); // the rule beats the grocery MCC
    expect(ruleMatchCounts(db)).toEqual([{ ruleId: rule.id, matches: 1 }]);
    const page = splits.decoratePage(db, listTransactions(db, { search: 'corner', sort: 'date_desc', limit: 10 }));
    expect(page.rows.map((r) => [r.merchant, r.payeeName])).toEqual([['Corner Shop', 'The corner shop']]);
    expectExactTotals(db);
  });

  it('a split survives a re-sync and a booking at the same amount; a new amount puts it in "needs attention"', async () => {
    const pendings = (await bankAccounts(handle, 'memorial')).flatMap((a) => a.pending.map((p) => ({ ...p, accountId: a.accountId }))).filter((p) => p.amountMinor < -200);
    expect(pendings.length).toBeGreaterThanOrEqual(2);
    const [same, changed] = pendings;
    for (const p of [same, changed]) {
      splits.splitTransaction(db, apiSchemas.splitTransaction.parse({
        transactionId: row(p.transactionId).id,
        parts: [{ categoryId: 'health', amountMinor: -100 }, { categoryId: 'travel', amountMinor: p.amountMinor + 100 }],
      }));
    }
    const booked = db.prepare(`SELECT bank_tx_id FROM transactions WHERE status = 'booked' AND amount_minor < -500 ORDER BY booking_date DESC LIMIT 1`).pluck().get() as string;
    splits.splitTransaction(db, { transactionId: row(booked).id, parts: [{ categoryId: 'health', amountMinor: -300 }, { categoryId: null, amountMinor: row(booked).amount + 300 }] });

    const book = (p: typeof same, amountMinor: number) =>
      sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${p.accountId}/transactions/${p.transactionId}/book`, { amount: (amountMinor / 100).toFixed(2) });
    await book(same, same.amountMinor);
    await book(changed, changed.amountMinor - 500);
    expect((await engine.sync(memorial, undefined, { full: true })).outcome).toBe('ok');

    expect(row(same.transactionId)).toMatchObject({ status: 'booked', amount: same.amountMinor });
    expect(row(changed.transactionId)).toMatchObject({ status: 'booked', amount: changed.amountMinor - 500 });
    const attention = splits.splitsNeedingAttention(db);
    expect(attention.map((t) => t.id)).toEqual([row(changed.transactionId).id]);
    expect(attention[0].split).toMatchObject({ needsAttention: true, splitAmountMinor: changed.amountMinor });
    const kept = splits.splitsOf(db, [row(same.transactionId).id, row(booked).id]);
    expect([...kept.values()].map((s) => s.needsAttention)).toEqual([false, false]);
    // the parts of the kept splits count in the daily totals; the changed one counts whole until split again
    const healthOn = (bankTxId: string) =>
      db.prepare(`SELECT coalesce(sum(d.expense_minor), 0) FROM daily_category_totals d JOIN transactions t ON t.account_id = d.account_id AND t.booking_date = d.day
                  WHERE t.bank_tx_id = ? AND d.category_id = 'health'`).pluck().get(bankTxId) as number;
    expect(healthOn(same.transactionId)).toBeGreaterThanOrEqual(100);
    expectExactTotals(db);
  });
});
