/**
 * A preview's staged rows answer the same whether they are held in memory or in the staging file, and they go to the
 * file when the open previews' rows outgrow the memory budget or when they are to be matched against stored rows.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { attachStaging, RowBudget, StagedRows } from '../../../src/main/core/import/staging';
import type { StatementTransaction } from '../../../src/main/core/import/statement';
import { seed } from '../../integration/backup/seed';
import { useTempDirs } from '../auth/temp-dirs';

const tempDir = useTempDirs();
let db: Db;
beforeEach(() => {
  db = openDatabase(path.join(tempDir('mybucks-staging-'), 'mybucks.sqlite'));
  seed(db);
  attachStaging(db);
});
/** Every preview's rows are dropped, as the pipeline drops them. */
const made: StagedRows[] = [];
const staged = (id: string, budget: RowBudget) => {
  const rows = new StagedRows(db, id, budget);
  made.push(rows);
  return rows;
};
afterEach(() => {
  for (const rows of made.splice(0)) rows.drop();
  db.close();
});

const stagedTables = () => db.prepare("SELECT name FROM import_staging.sqlite_master WHERE type = 'table'").pluck().all() as string[];

/** 5,000 rows over three pages: keys repeat (ids F7 three times, F100 twice), a pending row, a batch payment, one row in EUR. */
function fill(rows: StagedRows): void {
  for (let i = 0; i < 5_000; i++) {
    const id = i === 2_500 || i === 4_999 ? 7 : i === 3_000 ? 100 : i;
    const t: StatementTransaction = {
      where: `line ${i + 2}`,
      bookingDate: `2025-${String(1 + ((i * 7) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      amountMinor: i % 5 === 0 ? 120_000 : -(100 + i),
      currency: i === 4_321 ? 'EUR' : 'GBP',
      description: `Shop ${i}`,
      payee: i % 3 ? `Payee ${i % 40}` : undefined,
      bankTxCode: i % 2 ? 'POS' : undefined,
      status: i % 97 === 0 ? 'pending' : 'booked',
    };
    rows.add(t, `imp:id:F${id}`, i === 42 ? 'imp:id:BATCH1' : null);
  }
  rows.flush();
}

function answers(rows: StagedRows) {
  const suffixed = rows.suffixKeys('imp:id:');
  const all = [];
  for (let page = rows.page(-1); page.length > 0; page = rows.page(page[page.length - 1].idx)) all.push(...page);
  const writable = [];
  for (let page = rows.writablePage(-1); page.length > 0; page = rows.writablePage(page[page.length - 1].idx)) writable.push(...page);
  return {
    suffixed,
    count: rows.count,
    range: rows.dateRange(),
    otherCurrency: rows.firstInOtherCurrency('GBP'),
    none: rows.firstInOtherCurrency('XXX') === undefined ? 'none' : 'some',
    firstTwo: rows.page(-1, 2),
    all,
    writable: writable.length,
    kinds: [rows.kindOf(0), rows.kindOf(4_999), rows.kindOf(5_000)],
    sum: rows.sumAndLastDay(),
  };
}

describe('staged rows', () => {
  it('answer the same in memory and in the staging file', () => {
    const inMemory = staged('aa01', new RowBudget(10_000));
    fill(inMemory);
    const onDisk = staged('bb02', new RowBudget(0));
    fill(onDisk);
    expect(stagedTables()).toEqual(['rows_bb02']);
    const memoryAnswers = answers(inMemory);
    const diskAnswers = answers(onDisk);
    expect(memoryAnswers).toEqual(diskAnswers);
    // and what they answer is right
    expect(memoryAnswers.suffixed).toBe(3);
    expect(memoryAnswers.all.filter((r) => /^imp:id:F7(#|$)/.test(r.key)).map((r) => [r.idx, r.key])).toEqual([[7, 'imp:id:F7'], [2_500, 'imp:id:F7#2'], [4_999, 'imp:id:F7#3']]);
    expect(memoryAnswers.all.filter((r) => /^imp:id:F100(#|$)/.test(r.key)).map((r) => r.key)).toEqual(['imp:id:F100', 'imp:id:F100#2']);
    expect(memoryAnswers.otherCurrency).toEqual({ where: 'line 4323', currency: 'EUR' });
    expect(memoryAnswers.kinds).toEqual(['new', 'new', undefined]);
    expect(memoryAnswers.writable).toBe(5_000);
    expect(memoryAnswers.all.map((r) => r.idx)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(stagedTables()).toEqual(['rows_bb02']);
  });

  it('go to the staging file once every open preview\'s rows are over the budget, and a dropped preview frees its share', () => {
    const budget = new RowBudget(7_000);
    const first = staged('cc03', budget);
    fill(first);
    expect(stagedTables()).toEqual([]);
    const second = staged('dd04', budget);
    fill(second); // 10,000 rows would be over the budget: the second's pages go to disk from the first that does not fit
    expect(stagedTables()).toEqual(['rows_dd04']);
    expect(answers(second)).toEqual(answers(first));
    first.drop();
    const third = staged('ee05', budget);
    fill(third);
    expect(stagedTables()).toEqual(['rows_dd04']);
  });

  it('go to the staging file to be matched against stored rows, and kinds are kept there', () => {
    const rows = staged('ff06', new RowBudget(10_000));
    fill(rows);
    rows.suffixKeys('imp:id:');
    const accountId = db.prepare('SELECT account_id FROM transactions LIMIT 1').pluck().get() as string;
    const day = db.prepare('SELECT booking_date FROM transactions WHERE account_id = ? LIMIT 1').pluck().get(accountId) as string;
    expect(stagedTables()).toEqual([]);
    rows.candidates(accountId, day, day, 3);
    expect(stagedTables()).toEqual(['rows_ff06']);
    rows.setKinds([[3, 'duplicate'], [9, 'ambiguous']]);
    expect([rows.kindOf(3), rows.kindOf(9), rows.kindOf(10)]).toEqual(['duplicate', 'ambiguous', 'new']);
    expect(rows.writablePage(-1).map((r) => r.idx).slice(0, 4)).toEqual([0, 1, 2, 4]);
    rows.drop();
    expect(stagedTables()).toEqual([]);
  });
});
