import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ruleInputSchema } from '../../../src/shared/contract';
import { openDatabase } from '../../../src/main/core/db/database';
import { exportData } from '../../../src/main/core/backup/export';
import { createRule } from '../../../src/main/core/rules';
import { splitTransaction } from '../../../src/main/core/categories/splits';
import { updateCategory } from '../../../src/main/core/categories';
import { fixtureDb } from '../reports/fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('export of categories, rules and splits', () => {
  it('writes hidden categories, every rule field and the split parts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mybucks-export-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const memory = fixtureDb();
    await memory.backup(file);
    memory.close();
    const db = openDatabase(file);
    updateCategory(db, { categoryId: 'cash', hidden: true });
    createRule(db, ruleInputSchema.parse({ minAmountMinor: 1050, amountCurrency: 'GBP', accountId: 'A1', payeeName: 'Big spend', enabled: false, applyToExisting: false }));
    const tx = db.prepare(`SELECT CAST(id AS TEXT) FROM transactions WHERE booking_date = '2026-02-10'`).pluck().get() as string;
    splitTransaction(db, { transactionId: tx, parts: [{ categoryId: 'groceries', amountMinor: -6000 }, { categoryId: 'health', amountMinor: -1000 }] });
    db.close();

    const result = await exportData({ format: 'json', databaseFile: file, target: dir, defaultFolder: dir, now: new Date('2026-03-01T00:00:00Z') });
    const data = JSON.parse(fs.readFileSync(result.path, 'utf8')) as Record<string, Record<string, unknown>[]>;
    expect(data.categories.find((c) => c.id === 'cash')).toMatchObject({ hidden: true });
    expect(data.rules).toEqual([
      expect.objectContaining({ field: null, minAmount: '10.50', maxAmount: null, amountCurrency: 'GBP', accountId: 'A1', payeeName: 'Big spend', markTransfer: false, enabled: false }),
    ]);
    expect(data.transactionSplits).toEqual([
      { transactionId: tx, part: 1, amount: '-60.00', amountMinor: -6000, currency: 'GBP', categoryId: 'groceries', categoryName: 'Groceries', splitOfAmount: '-70.00' },
      { transactionId: tx, part: 2, amount: '-10.00', amountMinor: -1000, currency: 'GBP', categoryId: 'health', categoryName: 'Health', splitOfAmount: '-70.00' },
    ]);
  });
});
