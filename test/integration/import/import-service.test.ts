/**
 * Statement import through the service on a real SQLite file, with the real parsers: a statement overlapping
 * what the mock bank synced, the same file twice, removing an import, a sync after an import, and bad files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';
import { CallbackUrlOpener } from '../../../src/main/adapters/node/url-opener';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { silentLogger } from '../../../src/main/core/log';
import type { FileDialogs, FileFilter } from '../../../src/main/core/ports';
import { createService, DATABASE_FILE, type Core } from '../../../src/main/core/service';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { apiSchemas, type ApiInput, type AppEvent } from '../../../src/shared/contract';
import { minorToDecimal } from '../../../src/shared/money';
import { BRIDGE_API_PREFIX, BRIDGE_SECRET_HEADER } from '../../../src/shared/bridge';
import { startBridge } from '../../../src/main/bridge/http-bridge';
import { UPLOAD_CHUNK_BYTES } from '../../../src/main/core/import/pipeline';
import { useTempDirs } from '../../unit/auth/temp-dirs';
import { bearerFetch, connectionIdOf, linkedDb, mintTokens, totalsConsistent } from '../sync/harness';

const tempDir = useTempDirs();
const FIXTURES = path.join(process.cwd(), 'test/fixtures/import');
let handle: MockBankHandle;
let tokens: Record<string, string>;
const open: Core[] = [];

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 11, transactionsPerAccount: 120, pageSize: 200 });
  tokens = await mintTokens(handle);
});
afterAll(async () => {
  await handle?.close();
});
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

const engineOn = (db: Db) => new SyncEngine({ db, fetchResource: bearerFetch(tokens), retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4, timeoutMs: 5000 } });

/** A data folder with Memorial Bank synced for Sarah, and the service on it. */
async function syncedService(dialogs?: FileDialogs): Promise<{ core: Core; dataDir: string; dbFile: string }> {
  const base = tempDir('mybucks-import-');
  const dataDir = path.join(base, 'data');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dbFile = path.join(dataDir, DATABASE_FILE);
  const db = linkedDb(handle, dbFile);
  try {
    expect((await engineOn(db).sync(connectionIdOf('memorial'))).outcome).toBe('ok');
  } finally {
    db.close();
  }
  const core = createService({
    dataDir,
    cipher: new FileKeyCipher({ keyFile: path.join(base, 'vault-key') }),
    settings: new ConfSettingsStore({ dir: dataDir }),
    opener: new CallbackUrlOpener(),
    logger: silentLogger,
    backups: { firstCheckDelayMs: 3_600_000 },
    dialogs,
  });
  open.push(core);
  return { core, dataDir, dbFile };
}

const read = <T>(dbFile: string, fn: (db: Db) => T): T => {
  const db = openDatabase(dbFile);
  try {
    return fn(db);
  } finally {
    db.close();
  }
};
const totals = (db: Db) => db.prepare('SELECT * FROM daily_category_totals ORDER BY account_id, day, currency, category_id').all();
const count = (db: Db) => db.prepare('SELECT count(*) FROM transactions').pluck().get() as number;

interface Row {
  date: string;
  amountMinor: number;
  name: string;
  fitid: string;
}

/** An OFX 1.x (SGML) bank statement, written the way banks write them. */
function ofx(currency: string, rows: Row[]): string {
  const d = (iso: string) => iso.replaceAll('-', '');
  const body = rows
    .map(
      (r) => `<STMTTRN>
<TRNTYPE>${r.amountMinor < 0 ? 'DEBIT' : 'CREDIT'}
<DTPOSTED>${d(r.date)}120000[0:GMT]
<TRNAMT>${minorToDecimal(r.amountMinor, currency)}
<FITID>${r.fitid}
<NAME>${r.name}
</STMTTRN>`,
    )
    .join('\n');
  return `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261128<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>${currency}
<BANKACCTFROM><BANKID>400000<ACCTID>12345678<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260101<DTEND>20261128
${body}
</BANKTRANLIST>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('import through the service', () => {
  it('a statement overlapping synced bank data: the overlap is duplicates, the rest is added, a sync keeps it, and removing it restores every total', async () => {
    const { core, dataDir, dbFile } = await syncedService();
    const service = core.service;
    const account = (await service.listAccounts()).find((a) => a.providerId === 'memorial' && a.type === 'checking')!;
    // booked rows whose amount is unique within a week either side in the account, so each has one clear twin
    const bankRows = read(dbFile, (db) =>
      db
        .prepare(
          `SELECT booking_date AS date, amount_minor AS amountMinor, coalesce(merchant, description) AS name FROM transactions t
           WHERE account_id = ? AND status = 'booked' AND NOT EXISTS (SELECT 1 FROM transactions o WHERE o.account_id = t.account_id AND o.id <> t.id
             AND o.amount_minor = t.amount_minor AND abs(julianday(o.booking_date) - julianday(t.booking_date)) <= 7)
           ORDER BY booking_date DESC LIMIT 20`,
        )
        .all(account.id) as Omit<Row, 'fitid'>[],
    );
    expect(bankRows.length).toBe(20);
    // the statement books some a day earlier than the API does and writes names in capitals
    const overlap = bankRows.map((r, i) => ({ ...r, date: i % 2 ? addDays(r.date, -1) : r.date, name: r.name.toUpperCase(), fitid: `S${i}` }));
    const fresh = [
      { date: bankRows[0].date, amountMinor: -123_457, name: 'HARDWARE SHOP', fitid: 'N1' },
      { date: bankRows[5].date, amountMinor: 98_761, name: 'REFUND FROM ACME', fitid: 'N2' },
    ];
    const file = path.join(dataDir, 'statement.ofx');
    fs.writeFileSync(file, ofx(account.currency, [...overlap, ...fresh]));
    const before = read(dbFile, (db) => ({ count: count(db), totals: totals(db) }));

    const preview = await service.importPreview(apiSchemas.importPreview.parse({ source: { path: file }, target: { accountId: account.id } }));
    expect(preview.counts).toEqual({ total: 22, new: 2, duplicate: 20, ambiguous: 0 });
    expect(preview.duplicates.every((d) => d.reason === 'match' && d.match?.source === 'bank')).toBe(true);
    expect(preview.newRows.map((r) => r.description).sort()).toEqual(['HARDWARE SHOP', 'REFUND FROM ACME']);
    const result = await service.importCommit(apiSchemas.importCommit.parse({ previewId: preview.previewId }));
    expect(result).toMatchObject({ added: 2, duplicates: 20, skipped: 0 });
    read(dbFile, (db) => {
      expect(count(db)).toBe(before.count + 2);
      expect(totalsConsistent(db)).toBe(true);
    });

    // a full re-read of the bank keeps the imported rows (the bank never had them)
    const db2 = openDatabase(dbFile);
    try {
      expect((await engineOn(db2).sync(connectionIdOf('memorial'), undefined, { full: true })).outcome).toBe('ok');
      expect(db2.prepare('SELECT count(*) FROM transactions WHERE import_id = ?').pluck().get(Number(result.importId))).toBe(2);
      // and its comparison with the bank counts the bank's rows only: they agree
      const check = db2.prepare('SELECT bank_count AS bank, local_count AS local, bank_booked_minor AS bankSum, local_booked_minor AS localSum FROM reconciliations WHERE account_id = ? ORDER BY id DESC LIMIT 1').get(account.id) as Record<string, number>;
      expect(check.local).toBe(check.bank);
      expect(check.localSum).toBe(check.bankSum);
    } finally {
      db2.close();
    }

    // the same file again adds nothing, and says so
    const again = await service.importPreview(apiSchemas.importPreview.parse({ source: { path: file }, target: { accountId: account.id } }));
    expect(again.counts).toEqual({ total: 22, new: 0, duplicate: 22, ambiguous: 0 });
    expect(again.importedBefore?.importId).toBe(result.importId);
    const second = await service.importCommit(apiSchemas.importCommit.parse({ previewId: again.previewId }));
    expect(second.message).toBe(`Nothing new in statement.ofx: nothing was added to “${account.name}”; 22 rows already in MyBucks were left out.`);

    await service.undoImport({ importId: result.importId! });
    read(dbFile, (db) => {
      expect(count(db)).toBe(before.count);
      expect(totals(db)).toEqual(before.totals);
      expect(totalsConsistent(db)).toBe(true);
    });
    expect((await service.listImports({})).map((b) => [b.fileName, b.added, b.undoneAt !== null])).toEqual([['statement.ofx', 2, true]]);
  });

  it('a real-world OFX file into a new manual account, then twice: nothing added the second time', async () => {
    const { core, dbFile } = await syncedService();
    const fixture = path.join(FIXTURES, 'ofx1-sgml-checking.ofx');
    const first = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { newAccount: { name: 'Old current account' } } }));
    expect(first.counts.new).toBe(first.counts.total);
    const result = await core.service.importCommit({ previewId: first.previewId, decisions: [] });
    expect(result.added).toBe(first.counts.total);
    const again = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { accountId: result.accountId } }));
    expect(again.counts).toMatchObject({ new: 0, duplicate: first.counts.total });
    read(dbFile, (db) => expect(totalsConsistent(db)).toBe(true));
  });

  it('a file holding two statements: the preview names both, reads the first, and the second on request', async () => {
    const { core } = await syncedService();
    const fixture = path.join(FIXTURES, 'ofx2-xml-two-accounts.ofx');
    const first = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { newAccount: {} } }));
    expect(first.statements).toEqual({
      accounts: [expect.objectContaining({ accountId: '41123456', currency: 'GBP' }), expect.objectContaining({ accountId: '7654321', currency: 'JPY' })],
      chosen: 0,
    });
    expect(first.target.currency).toBe('GBP');
    const second = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { newAccount: {} }, statement: 1 }));
    expect(second.statements?.chosen).toBe(1);
    expect(second.target.currency).toBe('JPY');
    expect(second.newRows.every((r) => r.currency === 'JPY')).toBe(true);
    expect(second.counts.total).toBeGreaterThan(0);
  });

  it('the desktop app picks the file with the system dialog (statement files offered), then previews that path', async () => {
    const asked: { title: string; filters?: FileFilter[] }[] = [];
    const fixture = path.join(FIXTURES, 'camt053-v02-sparkasse.xml');
    const dialogs: FileDialogs = {
      chooseOpenFile: async (options) => (asked.push(options), fixture),
      chooseSaveFile: async () => null,
      chooseFolder: async () => null,
    };
    const { core } = await syncedService(dialogs);
    const { path: chosen } = await core.service.chooseFile({ purpose: 'import' });
    expect(chosen).toBe(fixture);
    expect(asked).toEqual([{ title: 'Import a statement file', filters: [expect.objectContaining({ extensions: ['ofx', 'qfx', 'csv', 'txt', 'xml', 'qif'] }), { name: 'All files', extensions: ['*'] }] }]);
    const preview = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: chosen }, target: { newAccount: {} } }));
    expect(preview).toMatchObject({ fileName: 'camt053-v02-sparkasse.xml', format: 'camt.053', target: { currency: 'EUR' } });
    expect(preview.counts.new).toBeGreaterThan(0);
  });

  it('a bank CSV: the columns are asked for, then remembered for the account; the same rows again are duplicates', async () => {
    const { core, dbFile } = await syncedService();
    const fixture = path.join(FIXTURES, 'csv-uk-nationwide.csv');
    const account = await core.service.createManualAccount({ name: 'FlexAccount', group: 'cash', currency: 'GBP', balanceMinor: 0 });
    const ask = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { accountId: account.id } }));
    expect(ask).toMatchObject({ needsMapping: true, previewId: '', counts: { total: 0 }, csv: { saved: false, headers: ['Date', 'Transaction type', 'Description', 'Paid out', 'Paid in', 'Balance'] } });
    const preview = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { accountId: account.id }, csvMapping: ask.csv!.mapping }));
    expect(preview.needsMapping).toBe(false);
    expect(preview.counts.new).toBe(preview.counts.total);
    expect(preview.counts.total).toBeGreaterThan(2);
    const tesco = preview.newRows.find((r) => r.description.startsWith('TESCO STORES'));
    expect(tesco).toMatchObject({ amountMinor: -4210, currency: 'GBP', bookingDate: '2026-11-27' });
    const result = await core.service.importCommit(apiSchemas.importCommit.parse({ previewId: preview.previewId }));
    expect(result.added).toBe(preview.counts.total);
    const again = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { accountId: account.id } }));
    expect(again).toMatchObject({ needsMapping: false, csv: { saved: true, mapping: ask.csv!.mapping }, counts: { new: 0, duplicate: preview.counts.total } });
    read(dbFile, (db) => {
      expect(db.prepare("SELECT category_id FROM transactions WHERE description LIKE 'TESCO STORES%' AND import_id IS NOT NULL").pluck().get()).toBe('groceries');
      expect(totalsConsistent(db)).toBe(true);
    });
  });

  it('a CSV whose columns do not map: the line and column named, nothing written', async () => {
    const { core, dbFile } = await syncedService();
    const fixture = path.join(FIXTURES, 'csv-uk-nationwide.csv');
    const account = (await core.service.listAccounts()).find((a) => a.currency === 'GBP')!;
    const ask = await core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { accountId: account.id } }));
    const before = read(dbFile, (db) => ({ count: count(db), mappings: db.prepare('SELECT count(*) FROM import_mappings').pluck().get() }));
    const wrong = { ...ask.csv!.mapping, debit: undefined, credit: undefined, amount: ask.csv!.mapping.description };
    await expect(
      core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: fixture }, target: { accountId: account.id }, csvMapping: wrong })),
    ).rejects.toThrow(/^MyBucks could not import csv-uk-nationwide\.csv: Line 6, column 3 \("Description"\): "TESCO STORES 2041 LONDON" is not an amount\..* Nothing was imported\.$/);
    read(dbFile, (db) => expect({ count: count(db), mappings: db.prepare('SELECT count(*) FROM import_mappings').pluck().get() }).toEqual(before));
  });

  it('the browser-mode bridge takes a file in chunks of the largest size, and previews it, reporting how far it is', async () => {
    const { core, dataDir } = await syncedService();
    const bridge = await startBridge({ service: core.service, subscribe: (l) => core.events.on(l) });
    const progress: Extract<AppEvent, { type: 'import-progress' }>[] = [];
    // what happened in order: a read event emitted by the core, or received by a window over the bridge's event stream
    const order: string[] = [];
    core.events.on((e) => {
      if (e.type === 'import-progress') progress.push(e);
      if (e.type === 'import-progress' && e.phase === 'read') order.push(`emitted ${e.done}`);
    });
    const stream = new AbortController();
    const received = (async () => {
      const res = await fetch(`${bridge.origin}/api/events`, { headers: { [BRIDGE_SECRET_HEADER]: bridge.secret }, signal: stream.signal });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        for (const done of decoder.decode(chunk).matchAll(/"phase":"read","done":(\d+)/g)) order.push(`received ${done[1]}`);
      }
    })().catch(() => {});
    try {
      const post = async (method: string, input: unknown) => {
        const res = await fetch(`${bridge.origin}${BRIDGE_API_PREFIX}${method}`, { method: 'POST', headers: { [BRIDGE_SECRET_HEADER]: bridge.secret }, body: JSON.stringify(input) });
        return { status: res.status, body: (await res.json()) as { result?: { uploadId: string; receivedBytes: number; counts?: { total: number } }; error?: { message: string } } };
      };
      // an OFX file a little over two chunks, padded with the blank lines banks put between entries
      const rows = Array.from({ length: 40 }, (_, i) => ({ date: '2026-11-02', amountMinor: -100 - i, name: `SHOP ${i}`, fitid: `F${i}` }));
      const bytes = Buffer.from(ofx('GBP', rows).replace('<BANKTRANLIST>', `<BANKTRANLIST>${'\n'.repeat(2 * UPLOAD_CHUNK_BYTES)}`));
      fs.writeFileSync(path.join(dataDir, 'big.ofx'), bytes);
      let uploadId: string | undefined;
      for (let offset = 0; offset < bytes.length; offset += UPLOAD_CHUNK_BYTES) {
        const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
        const answer = await post('importUpload', { uploadId, fileName: 'big.ofx', totalBytes: bytes.length, offset, chunkBase64: chunk.toString('base64') });
        expect(answer.status).toBe(200);
        expect(answer.body.result!.receivedBytes).toBe(offset + chunk.length);
        uploadId = answer.body.result!.uploadId;
      }
      const preview = await post('importPreview', { source: { uploadId }, target: { newAccount: {} } });
      expect(preview.body.result?.counts?.total).toBe(40);
      // the app event the windows get: the file read chunk by chunk, then its rows checked
      expect(progress.filter((e) => e.phase === 'read').map((e) => [e.id, e.done])).toEqual([
        [uploadId, UPLOAD_CHUNK_BYTES],
        [uploadId, 2 * UPLOAD_CHUNK_BYTES],
        [uploadId, bytes.length],
      ]);
      expect(progress.at(-1)).toEqual({ type: 'import-progress', id: uploadId, phase: 'check', done: 40, total: 40 });
      // a window hears how far the reading is while it goes on, not all at once when the preview is done
      expect(order.indexOf(`received ${UPLOAD_CHUNK_BYTES}`), order.join(', ')).toBeGreaterThan(-1);
      expect(order.indexOf(`received ${UPLOAD_CHUNK_BYTES}`), order.join(', ')).toBeLessThan(order.indexOf(`emitted ${bytes.length}`));
      const tooBig = await post('importUpload', { fileName: 'x.ofx', totalBytes: 10 * UPLOAD_CHUNK_BYTES, offset: 0, chunkBase64: Buffer.alloc(UPLOAD_CHUNK_BYTES + 1).toString('base64') });
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error?.message).toBe(`A part of x.ofx was larger than ${UPLOAD_CHUNK_BYTES} bytes. Choose the file again.`);
    } finally {
      stream.abort();
      await received;
      await bridge.close();
    }
  });

  describe('bad files: a clear message naming where, and nothing written', () => {
    const attempts: [string, () => string | Buffer, string, RegExp][] = [
      ['a truncated OFX file', () => fs.readFileSync(path.join(FIXTURES, 'ofx1-truncated.ofx')), 'cut.ofx', /^MyBucks could not import cut\.ofx: The file ends before <\/OFX> \(inside <STMTTRN> opened at line \d+\).* nothing was imported\.$/],
      ['a truncated CAMT file', () => fs.readFileSync(path.join(FIXTURES, 'camt053-truncated.xml')), 'cut.xml', /^MyBucks could not import cut\.xml: The file ends inside Document\/BkToCstmrStmt\/Stmt\/Ntry.* nothing was imported\.$/],
      ['the wrong format (a PNG picture)', () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'statement.ofx', /^MyBucks could not tell what kind of statement statement\.ofx is\./],
      [
        'an unknown currency',
        () => ofx('GBP', [{ date: '2026-11-02', amountMinor: -100, name: 'X', fitid: '1' }]).replace('<CURDEF>GBP', '<CURDEF>ZZZ'),
        'zzz.ofx',
        /^MyBucks could not import zzz\.ofx: Line \d+: CURDEF "ZZZ" is not an ISO 4217 currency code.* Nothing was imported\.$/,
      ],
      [
        'a date that does not parse',
        () => ofx('GBP', [{ date: '2026-11-02', amountMinor: -100, name: 'X', fitid: '1' }]).replace('<DTPOSTED>20261102', '<DTPOSTED>20261345'),
        'date.ofx',
        /^MyBucks could not import date\.ofx \(line \d+\): Line \d+: <DTPOSTED> "20261345120000\[0:GMT\]" is not a date.* Nothing was imported\.$/,
      ],
      ['QIF dates that could be either order', () => fs.readFileSync(path.join(FIXTURES, 'qif-bank-ambiguous-dates.qif')), 'gym.qif', /^MyBucks could not import gym\.qif: The dates in this file \(such as 03\/04\/2026\) can be read as day\/month or month\/day\..* Nothing was imported\.$/],
    ];

    it.each(attempts)('%s', async (_what, bytes, name, message) => {
      const { core, dataDir, dbFile } = await syncedService();
      const account = (await core.service.listAccounts()).find((a) => a.currency === 'GBP')!;
      const file = path.join(dataDir, name);
      fs.writeFileSync(file, bytes());
      const before = read(dbFile, (db) => ({ count: count(db), totals: totals(db), accounts: db.prepare('SELECT count(*) FROM accounts').pluck().get() }));
      const input: ApiInput<'importPreview'> = { source: { path: file }, target: { accountId: account.id } };
      const error = await core.service.importPreview(apiSchemas.importPreview.parse(input)).then(
        () => null,
        (e: Error & { code?: string }) => e,
      );
      expect(error?.code).toBe('invalid_input');
      expect(error?.message).toMatch(message);
      read(dbFile, (db) => expect({ count: count(db), totals: totals(db), accounts: db.prepare('SELECT count(*) FROM accounts').pluck().get() }).toEqual(before));
    });

    it('a file over the limit, by path and by upload', async () => {
      const { core, dataDir } = await syncedService();
      const file = path.join(dataDir, 'huge.csv');
      fs.closeSync(fs.openSync(file, 'w'));
      fs.truncateSync(file, 200 * 1024 * 1024); // sparse: nothing is written to disk
      await expect(core.service.importPreview(apiSchemas.importPreview.parse({ source: { path: file }, target: { newAccount: {} } }))).rejects.toThrow(
        /^MyBucks could not import huge\.csv: This file is 200 MB; MyBucks imports statement files up to \d+ MB\./,
      );
      await expect(core.service.importUpload({ fileName: 'huge.csv', totalBytes: 200 * 1024 * 1024, offset: 0, chunkBase64: '' })).rejects.toThrow('This file is 200 MB');
    });
  });
});
