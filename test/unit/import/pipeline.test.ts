/**
 * The import pipeline on a real SQLite file, with statements given as ParsedStatement objects: the parsers are
 * replaced by one that reads a statement written as JSON (their own tests cover real files), so these tests
 * are about what the pipeline decides and writes.
 */
import path from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { rebuildDailyTotals } from '../../../src/main/core/db/derived';
import { ChunkDecoder } from '../../../src/main/core/import/decode';
import { ImportPipeline, PREVIEW_TTL_MS } from '../../../src/main/core/import/pipeline';
import { HEAD_BYTES } from '../../../src/main/core/import/source';
import { RowBudget, StagedUpload } from '../../../src/main/core/import/staging';
import type { ParsedStatement, StatementTransaction } from '../../../src/main/core/import/statement';
import { apiSchemas, type ApiInput } from '../../../src/shared/contract';
import type { ImportProgressDTO } from '../../../src/shared/dto';
import { seed } from '../../integration/backup/seed';
import { useTempDirs } from '../auth/temp-dirs';

vi.mock('../../../src/main/core/import/statement', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/main/core/import/statement')>();
  const parse = (text: string): ParsedStatement => {
    const value = JSON.parse(text) as ParsedStatement | { error: string; where: string };
    if ('error' in value) throw new real.StatementError(value.error, value.where);
    return value;
  };
  return {
    ...real,
    detectFormat: (head: Uint8Array) => (head[0] === 0x7b ? 'ofx' : null),
    parseOfxStream: async (chunks: AsyncIterable<string>, _opts: unknown, onRow: (t: StatementTransaction) => void) => {
      let text = '';
      for await (const chunk of chunks) text += chunk;
      const { transactions, ...summary } = parse(text);
      transactions.forEach(onRow);
      return summary;
    },
  };
});

const tempDir = useTempDirs();
let db: Db;
let dir: string;
let clock: { now: number };
let pipeline: ImportPipeline;

beforeEach(() => {
  dir = tempDir('mybucks-import-');
  db = openDatabase(path.join(dir, 'mybucks.sqlite'));
  seed(db);
  clock = { now: Date.parse('2026-03-01T09:00:00Z') };
  pipeline = new ImportPipeline(db, () => new Date(clock.now));
});
afterEach(() => db.close());

const tx = (where: string, bookingDate: string, amountMinor: number, description: string, more: Partial<StatementTransaction> = {}): StatementTransaction => ({
  where, bookingDate, amountMinor, currency: 'GBP', description, status: 'booked', ...more,
});

function file(name: string, statement: Partial<ParsedStatement> | { error: string; where: string }): string {
  const p = path.join(dir, name);
  writeFileSync(p, JSON.stringify('error' in statement ? statement : { format: 'ofx', account: {}, warnings: [], transactions: [], ...statement }));
  return p;
}

const preview = (input: ApiInput<'importPreview'>) => pipeline.preview(apiSchemas.importPreview.parse(input));
const commit = (input: ApiInput<'importCommit'>) => pipeline.commit(apiSchemas.importCommit.parse(input));
const totals = () => db.prepare('SELECT * FROM daily_category_totals ORDER BY account_id, day, currency, category_id').all();
const merchantTotals = () => db.prepare('SELECT * FROM daily_merchant_totals ORDER BY account_id, day, currency, merchant, category_id').all();
const txCount = () => db.prepare('SELECT count(*) FROM transactions').pluck().get() as number;

/** The derived totals recomputed from the transactions alone. */
function recomputedTotals() {
  rebuildDailyTotals(db);
  return { category: totals(), merchant: merchantTotals() };
}

const MARCH = [
  tx('line 2', '2026-02-27', -1850, 'Card payment', { payee: 'Waitrose', fileId: 'F1' }),
  tx('line 3', '2026-02-28', -1200, 'Pret A Manger', { fileId: 'F2' }),
  tx('line 4', '2026-02-28', 250000, 'Salary', { fileId: 'F3' }),
];

describe('import into an existing account', () => {
  it('previews without writing, commits new rows with categories and totals, and the same file again adds nothing', async () => {
    const before = txCount();
    const p = await preview({ source: { path: file('march.ofx', { transactions: MARCH }) }, target: { accountId: 'A1' } });
    expect(p.counts).toEqual({ total: 3, new: 3, duplicate: 0, ambiguous: 0 });
    expect(p.target).toEqual({ accountId: 'A1', name: 'Everyday', currency: 'GBP' });
    expect(txCount()).toBe(before);

    const result = commit({ previewId: p.previewId });
    expect(result).toMatchObject({ added: 3, duplicates: 0, skipped: 0, accountId: 'A1' });
    expect(result.message).toBe('Added 3 transactions from march.ofx (OFX) to “Everyday”.');
    const rows = db.prepare("SELECT description, merchant, category_id AS category, import_id AS importId FROM transactions WHERE import_id IS NOT NULL ORDER BY booking_date, amount_minor").all();
    expect(rows).toEqual([
      { description: 'Card payment', merchant: 'Waitrose', category: 'groceries', importId: Number(result.importId) },
      { description: 'Pret A Manger', merchant: null, category: 'eating-out', importId: Number(result.importId) },
      { description: 'Salary', merchant: null, category: 'income', importId: Number(result.importId) },
    ]);
    const after = { category: totals(), merchant: merchantTotals() };
    expect(after).toEqual(recomputedTotals());

    const again = await preview({ source: { path: file('march.ofx', { transactions: MARCH }) }, target: { accountId: 'A1' } });
    expect(again.counts).toEqual({ total: 3, new: 0, duplicate: 3, ambiguous: 0 });
    expect(again.importedBefore).toEqual({ importId: result.importId, at: '2026-03-01T09:00:00.000Z' });
    expect(again.duplicates.map((d) => d.reason)).toEqual(['same_key', 'same_key', 'same_key']);
    const second = commit({ previewId: again.previewId });
    expect(second).toMatchObject({ importId: null, added: 0, duplicates: 3 });
    expect(second.message).toBe('Nothing new in march.ofx: nothing was added to “Everyday”; 3 rows already in MyBucks were left out.');
    expect(txCount()).toBe(before + 3);
  });

  it('rows without file ids: the same file again is all duplicates, and identical rows within one file both stay', async () => {
    const rows = [tx('line 2', '2026-02-26', -300, 'Bus fare'), tx('line 3', '2026-02-26', -300, 'Bus fare')];
    const first = await preview({ source: { path: file('a.ofx', { transactions: rows }) }, target: { accountId: 'A2' } });
    expect(first.counts.new).toBe(2);
    expect(commit({ previewId: first.previewId }).added).toBe(2);
    const second = await preview({ source: { path: file('a.ofx', { transactions: rows }) }, target: { accountId: 'A2' } });
    expect(second.counts).toMatchObject({ new: 0, duplicate: 2 });
  });

  it('a row the bank already has (same amount, a day apart, similar text) is a duplicate; a weak match waits for the user', async () => {
    // the seed's bank rows in A1: TESCO STORES 123 (-5000, 2026-01-06, merchant Tesco), Pret A Manger "Soho" (-1200, 2026-02-03)
    const p = await preview({
      source: {
        path: file('jan.ofx', {
          transactions: [tx('line 2', '2026-01-05', -5000, 'Tesco Stores'), tx('line 3', '2026-02-03', -1200, 'Costa Coffee'), tx('line 4', '2026-02-04', -700, 'Costa Coffee')],
        }),
      },
      target: { accountId: 'A1' },
    });
    expect(p.counts).toEqual({ total: 3, new: 1, duplicate: 1, ambiguous: 1 });
    expect(p.duplicates[0]).toMatchObject({ where: 'line 2', reason: 'match', match: { bookingDate: '2026-01-06', merchant: 'Tesco', source: 'bank' } });
    expect(p.ambiguous[0]).toMatchObject({ where: 'line 3', candidates: [{ description: 'Pret A Manger, "Soho"', source: 'bank' }] });

    const result = commit({ previewId: p.previewId, decisions: [{ index: 1, action: 'import' }] });
    expect(result).toMatchObject({ added: 2, duplicates: 1, skipped: 0 });
    const skipped = await preview({ source: { path: file('jan2.ofx', { transactions: [tx('line 2', '2026-02-10', -3000, 'Something else')] }) }, target: { accountId: 'A1' } });
    // the seed's '=HYPERLINK("x") Mystery' row of -3000 is 4 days away: outside the bank window
    expect(skipped.counts.new).toBe(1);
  });

  it('an ambiguous row not chosen is skipped and counted; a decision for a row that is not ambiguous is refused', async () => {
    const p = await preview({ source: { path: file('b.ofx', { transactions: [tx('line 2', '2026-02-03', -1200, 'Costa Coffee')] }) }, target: { accountId: 'A1' } });
    expect(() => commit({ previewId: p.previewId, decisions: [{ index: 5, action: 'import' }] })).toThrow('Row 6 of b.ofx is not one of the rows to decide on');
    const result = commit({ previewId: p.previewId, decisions: [{ index: 0, action: 'skip' }] });
    expect(result).toMatchObject({ importId: null, added: 0, skipped: 1 });
    expect(result.message).toContain('1 row you chose to skip was not imported');
    expect(() => commit({ previewId: p.previewId })).toThrow('This preview is no longer open');
  });

  it('refuses rows in another currency than the account, naming the row, and writes nothing', async () => {
    const before = txCount();
    await expect(
      preview({ source: { path: file('usd.ofx', { transactions: [MARCH[0], { ...MARCH[1], currency: 'USD' }] }) }, target: { accountId: 'A1' } }),
    ).rejects.toThrow('MyBucks could not import usd.ofx (line 3): this row is in USD, but “Everyday” is in GBP. MyBucks does not convert imported rows');
    await expect(preview({ source: { path: file('xyz.ofx', { transactions: [{ ...MARCH[0], currency: 'XYZ' }] }) }, target: { accountId: 'A1' } })).rejects.toThrow(
      '(line 2): “XYZ” is not a currency MyBucks knows',
    );
    expect(txCount()).toBe(before);
  });

  it("a parser's error names the file and where, and nothing is written", async () => {
    const before = txCount();
    await expect(
      preview({ source: { path: file('bad.ofx', { error: 'The file ends in the middle of a transaction: download it again.', where: 'line 40' }) }, target: { accountId: 'A1' } }),
    ).rejects.toThrow('MyBucks could not import bad.ofx (line 40): The file ends in the middle of a transaction: download it again. Nothing was imported.');
    const notAStatement = path.join(dir, 'notes.txt');
    writeFileSync(notAStatement, 'hello');
    await expect(preview({ source: { path: notAStatement }, target: { accountId: 'A1' } })).rejects.toThrow('MyBucks could not tell what kind of statement notes.txt is');
    await expect(preview({ source: { path: path.join(dir, 'missing.ofx') }, target: { accountId: 'A1' } })).rejects.toMatchObject({ code: 'not_found' });
    expect(txCount()).toBe(before);
  });

  it('a failure while writing rolls the whole batch back', async () => {
    const before = { count: txCount(), totals: totals(), imports: db.prepare('SELECT count(*) FROM imports').pluck().get() };
    const p = await preview({ source: { path: file('c.ofx', { transactions: MARCH }) }, target: { accountId: 'A1' } });
    db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON transactions WHEN NEW.description = 'Salary' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => commit({ previewId: p.previewId })).toThrow('disk full');
    expect({ count: txCount(), totals: totals(), imports: db.prepare('SELECT count(*) FROM imports').pluck().get() }).toEqual(before);
  });
});

describe('remove an import', () => {
  it('deletes exactly its rows: the totals are what they were, and a transfer partner goes back to its category', async () => {
    // the seed's +10000 'From current' in A2 as a sync categorises an unpaired credit
    db.prepare("UPDATE transactions SET category_id = 'income' WHERE bank_tx_id = 'm-5'").run();
    rebuildDailyTotals(db);
    const beforeTotals = { category: totals(), merchant: merchantTotals() };
    const beforeRows = db.prepare('SELECT id, category_id FROM transactions ORDER BY id').all();
    // -10000 out of A1 on 2026-01-24 pairs with the seed's +10000 'From current' in A2 on 2026-01-25
    const p = await preview({
      source: { path: file('d.ofx', { transactions: [...MARCH, tx('line 5', '2026-01-24', -10000, 'To savings account', { fileId: 'F4' })] }) },
      target: { accountId: 'A1' },
    });
    const result = commit({ previewId: p.previewId });
    expect(db.prepare('SELECT count(*) FROM transfer_pairs').pluck().get()).toBe(1);
    expect(db.prepare("SELECT category_id FROM transactions WHERE bank_tx_id = 'm-5'").pluck().get()).toBe('transfers');

    const undone = pipeline.undo(result.importId!);
    expect(undone).toMatchObject({ id: result.importId, added: 4, undoneAt: '2026-03-01T09:00:00.000Z', fileName: 'd.ofx', accountName: 'Everyday' });
    expect(db.prepare('SELECT id, category_id FROM transactions ORDER BY id').all()).toEqual(beforeRows);
    expect({ category: totals(), merchant: merchantTotals() }).toEqual(beforeTotals);
    expect({ category: totals(), merchant: merchantTotals() }).toEqual(recomputedTotals());
    expect(() => pipeline.undo(result.importId!)).toThrow('was already removed on 2026-03-01');
    expect(pipeline.list('A1')[0]).toMatchObject({ id: result.importId, undoneAt: '2026-03-01T09:00:00.000Z' });
    // once removed, the same file can come in again
    const again = await preview({ source: { path: file('d.ofx', { transactions: MARCH }) }, target: { accountId: 'A1' } });
    expect(again.counts.new).toBe(3);
  });
});

describe('import into a new manual account', () => {
  it("creates it at commit with the file's currency and closing balance; nothing is created by the preview", async () => {
    const accounts = () => db.prepare('SELECT count(*) FROM accounts').pluck().get();
    const before = accounts();
    const p = await preview({
      source: { path: file('card.ofx', { account: { currency: 'EUR', name: 'Old card' }, transactions: MARCH.map((t) => ({ ...t, currency: 'EUR' })), closingBalance: { amountMinor: -4321, currency: 'EUR', date: '2026-02-28' } }) },
      target: { newAccount: { group: 'credit' } },
    });
    expect(p.target).toEqual({ accountId: null, name: 'Old card', currency: 'EUR' });
    expect(accounts()).toBe(before);
    const result = commit({ previewId: p.previewId });
    const account = db.prepare('SELECT name, currency, account_group AS grp, balance_minor AS balance, connection_id AS conn FROM accounts WHERE id = ?').get(result.accountId);
    expect(account).toEqual({ name: 'Old card', currency: 'EUR', grp: 'credit', balance: -4321, conn: 'manual' });
    expect(result).toMatchObject({ added: 3, accountName: 'Old card' });
  });

  it('a new account takes the name typed for it, and its balance is the sum of the rows without a closing balance', async () => {
    const p = await preview({ source: { path: file('cash.ofx', { transactions: MARCH }) }, target: { newAccount: { name: 'Cash box', group: 'cash', currency: 'GBP' } } });
    const result = commit({ previewId: p.previewId });
    expect(db.prepare('SELECT name, balance_minor FROM accounts WHERE id = ?').get(result.accountId)).toEqual({ name: 'Cash box', balance_minor: 250000 - 1850 - 1200 });
  });
});

describe('uploads and previews in memory', () => {
  const upload = (input: ApiInput<'importUpload'>) => pipeline.upload(apiSchemas.importUpload.parse(input));

  it('takes a file in chunks and previews it like a path', async () => {
    const bytes = Buffer.from(JSON.stringify({ format: 'ofx', account: {}, warnings: ['2 entries without FITID'], transactions: MARCH }));
    const half = Math.floor(bytes.length / 2);
    const first = upload({ fileName: 'up.ofx', totalBytes: bytes.length, offset: 0, chunkBase64: bytes.subarray(0, half).toString('base64') });
    expect(first.receivedBytes).toBe(half);
    await expect(preview({ source: { uploadId: first.uploadId }, target: { accountId: 'A1' } })).rejects.toThrow(`Only ${half} of ${bytes.length} bytes of up.ofx arrived`);
    expect(() => upload({ uploadId: first.uploadId, fileName: 'up.ofx', totalBytes: bytes.length, offset: 0, chunkBase64: 'AA==' })).toThrow('arrived out of order');
    const again = upload({ fileName: 'up.ofx', totalBytes: bytes.length, offset: 0, chunkBase64: bytes.subarray(0, half).toString('base64') });
    upload({ uploadId: again.uploadId, fileName: 'up.ofx', totalBytes: bytes.length, offset: half, chunkBase64: bytes.subarray(half).toString('base64') });
    const p = await preview({ source: { uploadId: again.uploadId }, target: { accountId: 'A1' } });
    expect(p).toMatchObject({ fileName: 'up.ofx', counts: { new: 3 }, warnings: ['2 entries without FITID'] });
  });

  it('an upload a preview is reading stays open while newer uploads push older ones out', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => tx(`line ${i + 2}`, `2025-0${1 + (i % 9)}-1${i % 10}`, -(100 + i), `Shop ${i}`, { fileId: `U${i}` }));
    const bytes = Buffer.from(JSON.stringify({ format: 'ofx', account: {}, warnings: [], transactions: rows }));
    const small = Buffer.from(JSON.stringify({ format: 'ofx', account: {}, warnings: [], transactions: MARCH }));
    let uploadId: string | undefined;
    const newer: string[] = [];
    pipeline = new ImportPipeline(db, () => new Date(clock.now), (p) => {
      if (p.id !== uploadId || p.phase !== 'read' || p.done === p.total || newer.length > 0) return;
      for (let i = 0; i < 5; i++) newer.push(upload({ fileName: `other-${i}.ofx`, totalBytes: small.length, offset: 0, chunkBase64: small.toString('base64') }).uploadId);
    });
    for (let offset = 0; offset < bytes.length; offset += 50_000) {
      const chunk = bytes.subarray(offset, offset + 50_000).toString('base64');
      ({ uploadId } = upload({ uploadId, fileName: 'big.ofx', totalBytes: bytes.length, offset, chunkBase64: chunk }));
    }
    const p = await preview({ source: { uploadId: uploadId! }, target: { newAccount: { name: 'Old card', group: 'credit', currency: 'GBP' } } });
    expect(newer).toHaveLength(5);
    expect(p.counts).toEqual({ total: 3_000, new: 3_000, duplicate: 0, ambiguous: 0 });
    // the room came from the oldest uploads nobody was reading: the first two of the five
    for (const closed of newer.slice(0, 2)) await expect(preview({ source: { uploadId: closed }, target: { accountId: 'A1' } })).rejects.toThrow('The uploaded file is no longer open');
    expect((await preview({ source: { uploadId: newer[4] }, target: { accountId: 'A1' } })).counts.total).toBe(3);
  });

  it('refuses a file over the limit before any byte is taken', () => {
    expect(() => upload({ fileName: 'huge.csv', totalBytes: 200 * 1024 * 1024, offset: 0, chunkBase64: '' })).toThrow(
      /^MyBucks could not import huge\.csv: This file is 200 MB; MyBucks imports statement files up to \d+ MB\..*Nothing was imported\.$/,
    );
  });

  it('a preview closes after its time', async () => {
    const p = await preview({ source: { path: file('e.ofx', { transactions: MARCH }) }, target: { accountId: 'A1' } });
    clock.now += PREVIEW_TTL_MS + 1;
    expect(() => commit({ previewId: p.previewId })).toThrow('This preview is no longer open');
  });
});

describe.each([
  ['in the staging file', 0],
  ['in memory', new RowBudget().limit],
])('rows staged %s, read a page at a time', (_where, memoryRows) => {
  beforeEach(() => {
    pipeline = new ImportPipeline(db, () => new Date(clock.now), undefined, new RowBudget(memoryRows));
  });

  /** 4,500 rows over three pages of STAGING_PAGE: rows 0–9 have twins without file ids at 2,100–2,109, row 3,000 may be a bank row. */
  function bigFile(): StatementTransaction[] {
    const rows: StatementTransaction[] = [];
    for (let i = 0; i < 4_500; i++) {
      const twin = i >= 2_100 && i < 2_110 ? i - 2_100 : i;
      rows.push(tx(`line ${i + 2}`, `2025-0${1 + (twin % 9)}-1${twin % 10}`, -(100 + twin), `Shop ${twin}`, twin < 10 ? {} : { fileId: `B${twin}` }));
    }
    rows[3_000] = tx('line 3002', '2026-02-03', -1200, 'Costa Coffee', { fileId: 'B3000' });
    return rows;
  }

  it('keys, duplicates and the rows to decide stay right across pages; the same file again adds nothing', async () => {
    const rows = bigFile();
    const p = await preview({ source: { path: file('big.ofx', { transactions: rows }) }, target: { accountId: 'A1' } });
    expect(p.counts).toEqual({ total: 4_500, new: 4_499, duplicate: 0, ambiguous: 1 });
    expect(p.newRows).toHaveLength(50);
    expect(p.ambiguous.map((a) => [a.index, a.where])).toEqual([[3_000, 'line 3002']]);
    expect(commit({ previewId: p.previewId, decisions: [{ index: 3_000, action: 'import' }] })).toMatchObject({ added: 4_500, skipped: 0 });
    // the twins are two transactions each
    expect(db.prepare("SELECT count(*) FROM transactions WHERE bank_tx_id LIKE 'imp:row:%#2'").pluck().get()).toBe(10);

    const again = await preview({ source: { path: file('big.ofx', { transactions: rows }) }, target: { accountId: 'A1' } });
    expect(again.counts).toEqual({ total: 4_500, new: 0, duplicate: 4_500, ambiguous: 0 });
    expect(commit({ previewId: again.previewId })).toMatchObject({ added: 0, duplicates: 4_500 });
  });

  it('an OFX whose FITIDs repeat: the rows are kept apart, the warning counts them, and the file again adds nothing', async () => {
    const rows = [MARCH[0], { ...MARCH[1], fileId: 'F1' }, MARCH[2], { ...MARCH[2], where: 'line 5', bookingDate: '2026-02-20', fileId: 'F1' }];
    const p = await preview({ source: { path: file('reused.ofx', { transactions: rows }) }, target: { accountId: 'A2' } });
    expect(p.counts).toEqual({ total: 4, new: 4, duplicate: 0, ambiguous: 0 });
    expect(p.warnings).toEqual(['2 entries repeat the FITID of an earlier entry in this file: the bank reuses its ids, so they are not reliable for finding duplicates.']);
    commit({ previewId: p.previewId });
    expect(db.prepare("SELECT bank_tx_id FROM transactions WHERE bank_tx_id LIKE 'imp:id:F1%' ORDER BY bank_tx_id").pluck().all()).toEqual(['imp:id:F1', 'imp:id:F1#2', 'imp:id:F1#3']);
    const again = await preview({ source: { path: file('reused.ofx', { transactions: rows }) }, target: { accountId: 'A2' } });
    expect(again.counts).toMatchObject({ new: 0, duplicate: 4 });
  });

  it('the payments of a CAMT batch entry imported whole before (as one transaction with its id) are already in MyBucks', async () => {
    const whole = tx('Ntry[1]', '2026-02-27', -31040, 'Garage November; Mitgliedschaft', { fileId: 'CH-88001' });
    expect(commit({ previewId: (await preview({ source: { path: file('old.ofx', { transactions: [whole] }) }, target: { accountId: 'A2' } })).previewId }).added).toBe(1);
    const parts = [
      tx('Ntry[1]/NtryDtls[1]/TxDtls[1]', '2026-02-27', -25000, 'Garage November', { fileId: 'CH-88001/E2E-RENT', batchFileId: 'CH-88001' }),
      tx('Ntry[1]/NtryDtls[1]/TxDtls[2]', '2026-02-27', -6040, 'Mitgliedschaft', { fileId: 'CH-88001/E2E-GYM', batchFileId: 'CH-88001' }),
      tx('Ntry[2]', '2026-02-28', -990, 'Bakery', { fileId: 'CH-88002' }),
    ];
    const p = await preview({ source: { path: file('new.ofx', { transactions: parts }) }, target: { accountId: 'A2' } });
    expect(p.counts).toEqual({ total: 3, new: 1, duplicate: 2, ambiguous: 0 });
    expect(p.duplicates.map((d) => [d.where, d.reason, d.match?.amountMinor])).toEqual([
      ['Ntry[1]/NtryDtls[1]/TxDtls[1]', 'same_key', -31040],
      ['Ntry[1]/NtryDtls[1]/TxDtls[2]', 'same_key', -31040],
    ]);
    expect(commit({ previewId: p.previewId }).added).toBe(1);
  });

  it('the staging file beside the database goes when the pipeline closes', async () => {
    const staging = path.join(dir, 'mybucks.sqlite-import');
    await preview({ source: { path: file('e.ofx', { transactions: MARCH }) }, target: { accountId: 'A1' } });
    expect(existsSync(staging)).toBe(true);
    pipeline.close();
    expect(existsSync(staging)).toBe(false);
    expect(db.prepare('SELECT count(*) FROM transactions').pluck().get()).toBeGreaterThan(0);
  });

  it('reports reading (bytes), checking and writing (rows) with counts that grow to the total', async () => {
    const seen: ImportProgressDTO[] = [];
    pipeline = new ImportPipeline(db, () => new Date(clock.now), (p) => seen.push(p));
    const bytes = Buffer.from(JSON.stringify({ format: 'ofx', account: {}, warnings: [], transactions: bigFile() }));
    let uploadId: string | undefined;
    for (let offset = 0; offset < bytes.length; offset += 100_000) {
      const chunk = bytes.subarray(offset, offset + 100_000).toString('base64');
      ({ uploadId } = pipeline.upload(apiSchemas.importUpload.parse({ uploadId, fileName: 'big.ofx', totalBytes: bytes.length, offset, chunkBase64: chunk })));
    }
    const p = await preview({ source: { uploadId: uploadId! }, target: { accountId: 'A1' } });
    commit({ previewId: p.previewId, decisions: [{ index: 3_000, action: 'skip' }] });
    const of = (id: string, phase: ImportProgressDTO['phase']) => seen.filter((e) => e.id === id && e.phase === phase);
    const grows = (events: ImportProgressDTO[], total: number) => {
      expect(events.length).toBeGreaterThan(2);
      expect(events.every((e) => e.total === total)).toBe(true);
      expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
      expect(events.at(-1)!.done).toBe(total);
    };
    grows(of(uploadId!, 'read'), bytes.length);
    grows(of(uploadId!, 'check'), 4_500);
    grows(of(p.previewId, 'write'), 4_499);
    expect(seen.map((e) => e.phase).join(' ')).toMatch(/^(read )+(check )+(write ?)+$/);
  });

  it("a CSV's column step reads only the file's start; the confirmed preview decodes the file once, and an upload is read once", async () => {
    const lines = ['Date,Details,Amount'];
    for (let i = 0; i < 8_000; i++) lines.push(`0${1 + (i % 9)}/01/2025,Corner shop purchase number ${i},-${1 + (i % 50)}.25`);
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(2 * HEAD_BYTES);
    const decoded = vi.spyOn(ChunkDecoder.prototype, 'write');
    const reads = vi.spyOn(StagedUpload.prototype, 'parts');
    const decodedBytes = () => decoded.mock.calls.reduce((n, [b]) => n + b.length, 0);
    const { uploadId } = pipeline.upload(apiSchemas.importUpload.parse({ fileName: 'shop.csv', totalBytes: bytes.length, offset: 0, chunkBase64: bytes.toString('base64') }));

    const columns = await preview({ source: { uploadId }, target: { accountId: 'A1' }, format: 'csv' });
    expect(columns.needsMapping).toBe(true);
    expect(decodedBytes()).toBeLessThanOrEqual(HEAD_BYTES);
    expect(reads).not.toHaveBeenCalled();

    decoded.mockClear();
    const p = await preview({ source: { uploadId }, target: { accountId: 'A1' }, format: 'csv', csvMapping: columns.csv!.mapping });
    expect(p.counts.total).toBe(8_000);
    expect(decodedBytes()).toBeLessThanOrEqual(bytes.length + HEAD_BYTES);
    expect(reads).toHaveBeenCalledTimes(1);
    decoded.mockRestore();
    reads.mockRestore();
  });
});

describe('the staging file', () => {
  const stagedTables = () => db.prepare("SELECT name FROM import_staging.sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

  it("a preview's rows and an upload's bytes are on disk until the commit, the preview's end or a failed read", async () => {
    pipeline = new ImportPipeline(db, () => new Date(clock.now), undefined, new RowBudget(0));
    expect(stagedTables()).toEqual([]);
    const bytes = Buffer.from(JSON.stringify({ format: 'ofx', account: {}, warnings: [], transactions: MARCH }));
    const { uploadId } = pipeline.upload(apiSchemas.importUpload.parse({ fileName: 'up.ofx', totalBytes: bytes.length, offset: 0, chunkBase64: bytes.toString('base64') }));
    const p = await preview({ source: { uploadId }, target: { accountId: 'A1' } });
    expect(stagedTables().map((t) => t.replace(/_[0-9a-f]+$/, ''))).toEqual(['rows', 'upload']);
    expect(db.prepare(`SELECT count(*) FROM import_staging.${stagedTables()[0]}`).pluck().get()).toBe(3);
    commit({ previewId: p.previewId });
    expect(stagedTables()).toEqual([]);

    await preview({ source: { path: file('e.ofx', { transactions: MARCH }) }, target: { accountId: 'A1' } });
    expect(stagedTables()).toHaveLength(1);
    clock.now += PREVIEW_TTL_MS + 1;
    await expect(preview({ source: { path: file('bad.ofx', { transactions: [{ ...MARCH[0], currency: 'USD' }] }) }, target: { accountId: 'A1' } })).rejects.toThrow('this row is in USD');
    expect(stagedTables()).toEqual([]);
  });

  it("a file's rows stay in memory while the open previews' rows fit the budget, and go to disk beyond it", async () => {
    pipeline = new ImportPipeline(db, () => new Date(clock.now), undefined, new RowBudget(5));
    const newAccount = { newAccount: { name: 'Old card', group: 'credit', currency: 'GBP' } } as const;
    const first = await preview({ source: { path: file('m.ofx', { transactions: MARCH }) }, target: newAccount });
    expect(stagedTables()).toEqual([]);
    const second = await preview({ source: { path: file('n.ofx', { transactions: MARCH }) }, target: newAccount });
    expect(stagedTables().map((t) => t.replace(/_[0-9a-f]+$/, ''))).toEqual(['rows']);
    expect(commit({ previewId: first.previewId }).added).toBe(3);
    expect(commit({ previewId: second.previewId }).added).toBe(3);
    expect(stagedTables()).toEqual([]);
  });
});
