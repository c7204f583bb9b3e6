/** Backups, restore and export against real files: the core service with its node adapters, no bank needed. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, DATABASE_FILE, type Core } from '../../../src/main/core/service';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';
import { CallbackUrlOpener } from '../../../src/main/adapters/node/url-opener';
import { silentLogger } from '../../../src/main/core/log';
import { openDatabase } from '../../../src/main/core/db/database';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/main/core/db/migrations';
import { appTables } from '../../../src/main/core/backup/restore';
import { apiSchemas, type ApiInput, type AppEvent } from '../../../src/shared/contract';
import { useTempDirs } from '../../unit/auth/temp-dirs';
import { SEED_TXS, addTransactions, count, seed, seedFile, withDb } from './seed';

const tempDir = useTempDirs();
const POSIX = process.platform !== 'win32';
const DAY = 86_400_000;

interface Harness {
  core: Core;
  dataDir: string;
  dbFile: string;
  settings: ConfSettingsStore;
  events: AppEvent[];
  clock: { now: number };
}

const open: Core[] = [];
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

/** A MyBucks data folder (seeded unless `empty`) and the core service on it. */
function start(opts: { empty?: boolean; dataDir?: string; vaultFor?: string[] } = {}): Harness {
  const base = opts.dataDir ? path.dirname(opts.dataDir) : tempDir('mybucks-backup-');
  const dataDir = opts.dataDir ?? path.join(base, 'data');
  const dbFile = path.join(dataDir, DATABASE_FILE);
  if (!opts.dataDir) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!opts.empty) seedFile(dbFile);
  }
  const settings = new ConfSettingsStore({ dir: dataDir });
  // The vault's entries on this computer (only their presence matters to a restore).
  for (const id of opts.vaultFor ?? ['conn-memorial', 'conn-harbor']) settings.set(`vault.${id}`, { v: 1, ciphertext: 'c2VhbGVk' });
  const clock = { now: Date.parse('2026-03-01T09:00:00Z') };
  const core = createService({
    dataDir,
    cipher: new FileKeyCipher({ keyFile: path.join(base, 'vault-key') }),
    settings,
    opener: new CallbackUrlOpener(),
    logger: silentLogger,
    backups: { now: () => new Date(clock.now), firstCheckDelayMs: 3_600_000 },
  });
  open.push(core);
  const events: AppEvent[] = [];
  core.events.on((e) => events.push(e));
  return { core, dataDir, dbFile, settings, events, clock };
}

const rows = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};
const txs = (h: Harness, q: ApiInput<'listTransactions'> = {}) => h.core.service.listTransactions(apiSchemas.listTransactions.parse(q));
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe('createBackup', () => {
  it('writes an online backup into the backups folder: a complete SQLite file equal to the live data, 0600 in a 0700 folder', async () => {
    const h = start();
    const backup = await h.core.service.createBackup({});
    expect(backup).toMatchObject({ kind: 'manual', createdAt: '2026-03-01T09:00:00.000Z' });
    expect(path.dirname(backup.path)).toBe(path.join(h.dataDir, 'backups'));
    expect(backup.bytes).toBe(fs.statSync(backup.path).size);
    if (POSIX) {
      expect(modeOf(backup.path)).toBe(0o600);
      expect(modeOf(path.dirname(backup.path))).toBe(0o700);
    }
    // One self-contained file: no temporary file, no -wal beside it.
    expect(fs.readdirSync(path.dirname(backup.path))).toEqual([path.basename(backup.path)]);
    for (const table of ['connections', 'accounts', 'balance_snapshots', 'transactions', 'categories', 'rules', 'daily_category_totals']) {
      const sql = `SELECT * FROM ${table} ORDER BY 1, 2`;
      expect(rows(backup.path, sql), table).toEqual(rows(h.dbFile, sql));
    }
    expect(rows(backup.path, 'PRAGMA user_version')).toEqual([{ user_version: LATEST_VERSION }]);
    expect(await h.core.service.listBackups()).toEqual([backup]);
  });

  it('writes to a file the user picked (or into a folder they picked), and refuses relative paths, missing folders and the live database', async () => {
    const h = start();
    const dir = tempDir('mybucks-chosen-');
    const target = path.join(dir, 'my backup.sqlite');
    const backup = await h.core.service.createBackup({ path: target });
    expect(backup).toMatchObject({ path: target, kind: 'manual' });
    expect(rows(target, 'SELECT count(*) AS n FROM transactions')).toEqual([{ n: SEED_TXS.length }]);
    expect(fs.readdirSync(dir)).toEqual(['my backup.sqlite']);
    const intoFolder = await h.core.service.createBackup({ path: dir });
    expect(intoFolder.path).toBe(path.join(dir, 'mybucks-backup-2026-03-01.sqlite'));
    expect(await h.core.service.listBackups()).toEqual([]); // only the backups folder is listed

    await expect(h.core.service.createBackup({ path: 'backup.sqlite' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/full path/) });
    await expect(h.core.service.createBackup({ path: path.join(dir, 'nope', 'b.sqlite') })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/does not exist/),
    });
    await expect(h.core.service.createBackup({ path: h.dbFile })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/MyBucks is using/) });
    // An older backup may be replaced; any other file is not.
    await expect(h.core.service.createBackup({ path: target })).resolves.toMatchObject({ path: target });
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'my notes');
    await expect(h.core.service.createBackup({ path: notes })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/not a MyBucks backup/) });
    expect(fs.readFileSync(notes, 'utf8')).toBe('my notes');
  });
});

describe('automatic backups', () => {
  it('makes one a day when the newest automatic backup is older than a day, and keeps the newest N', async () => {
    const h = start();
    await h.core.service.createBackup({}); // manual backups are never rotated away
    expect(await h.core.service.getBackupSettings()).toEqual({ automatic: true, keep: 7, folder: path.join(h.dataDir, 'backups'), lastAutomaticAt: null });
    await h.core.service.setBackupSettings({ automatic: true, keep: 3 });

    const made: string[] = [];
    for (let day = 0; day < 5; day++) {
      const backup = await h.core.dataSafety.automaticCheck();
      expect(backup?.kind).toBe('automatic');
      made.push(backup!.path);
      h.clock.now += 6 * 3_600_000;
      expect(await h.core.dataSafety.automaticCheck()).toBeNull(); // not yet a day old
      h.clock.now += 18 * 3_600_000;
    }
    const list = await h.core.service.listBackups();
    expect(list.filter((b) => b.kind === 'automatic').map((b) => b.path)).toEqual(made.slice(2).reverse());
    expect(list.filter((b) => b.kind === 'manual')).toHaveLength(1);
    for (const b of list) expect(fs.existsSync(b.path)).toBe(true);
    expect((await h.core.service.getBackupSettings()).lastAutomaticAt).toBe(list.find((b) => b.kind === 'automatic')!.createdAt);

    // Keeping fewer removes the oldest at once; turning them off stops them.
    await h.core.service.setBackupSettings({ automatic: false, keep: 1 });
    expect((await h.core.service.listBackups()).filter((b) => b.kind === 'automatic').map((b) => b.path)).toEqual([made[4]]);
    h.clock.now += 3 * DAY;
    expect(await h.core.dataSafety.automaticCheck()).toBeNull();
    expect(h.settings.get('backups.automatic')).toBe(false);
    expect(h.settings.get('backups.keep')).toBe(1);
  });

  it('makes none while there is nothing to back up', async () => {
    const h = start({ empty: true });
    expect(await h.core.dataSafety.automaticCheck()).toBeNull();
    expect(await h.core.service.listBackups()).toEqual([]);
  });
});

describe('inspectBackup', () => {
  it('says what a backup holds and what restoring it would replace', async () => {
    const h = start();
    const backup = await h.core.service.createBackup({});
    withDb(h.dbFile, (db) => addTransactions(db, [{ account: 'A1', bankTxId: 'late-1', date: '2026-02-28', amount: -999, description: 'Later', merchant: null }]));
    const inspection = await h.core.service.inspectBackup({ path: backup.path });
    inspection.contains.connections.sort((a, b) => a.providerName.localeCompare(b.providerName));
    expect(inspection).toEqual({
      path: backup.path,
      restorable: true,
      problems: [],
      schemaVersion: LATEST_VERSION,
      contains: {
        connections: [
          { providerName: 'Harbor Credit Union', name: 'Sarah Lee' },
          { providerName: 'Memorial Bank', name: 'Sarah Lee' },
        ],
        accounts: 4,
        transactions: SEED_TXS.length,
        newestTransaction: '2026-02-21',
      },
      replaces: { connections: 2, accounts: 4, transactions: SEED_TXS.length + 1 },
    });
    // Inspecting created nothing beside the backup and changed nothing in it.
    expect(fs.readdirSync(path.dirname(backup.path))).toEqual([path.basename(backup.path)]);
  });

  it('explains a file that is not a SQLite database, an empty or missing file, and a folder', async () => {
    const h = start();
    const dir = tempDir('mybucks-inspect-');
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, 'These are not the bytes you are looking for.\n'.repeat(100));
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    const cases: [string, RegExp][] = [
      [text, /not a MyBucks backup: it is not a SQLite database file/],
      [empty, /The file is empty/],
      [path.join(dir, 'missing.sqlite'), /There is no file at/],
      [dir, /is a folder, not a backup file/],
    ];
    for (const [file, message] of cases) {
      const inspection = await h.core.service.inspectBackup({ path: file });
      expect(inspection.restorable, file).toBe(false);
      expect(inspection.problems, file).toEqual([expect.stringMatching(message)]);
      expect(inspection.replaces.transactions).toBe(SEED_TXS.length);
    }
  });

  it('finds a damaged backup', async () => {
    const h = start();
    // Enough rows for several pages, then garbage over the pages after the first.
    withDb(h.dbFile, (db) =>
      addTransactions(
        db,
        Array.from({ length: 2000 }, (_, i) => ({ account: 'A1', bankTxId: `bulk-${i}`, date: '2026-01-10', amount: -i, description: `Shop number ${i}`, merchant: `Shop ${i % 50}` })),
      ),
    );
    const backup = await h.core.service.createBackup({});
    const bytes = fs.readFileSync(backup.path);
    const pageSize = bytes.readUInt16BE(16);
    for (let i = pageSize * 2; i < bytes.length - pageSize; i += 97) bytes[i] = (bytes[i] + 0x5b) & 0xff;
    const corrupt = path.join(tempDir('mybucks-corrupt-'), 'corrupt.sqlite');
    fs.writeFileSync(corrupt, bytes);
    const inspection = await h.core.service.inspectBackup({ path: corrupt });
    expect(inspection.restorable).toBe(false);
    expect(inspection.problems[0]).toMatch(/The backup is damaged/);
    await expect(h.core.service.restoreBackup({ path: corrupt })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/Nothing was restored\. The backup is damaged/) });
    expect(withDb(h.dbFile, (db) => count(db, 'transactions'))).toBe(SEED_TXS.length + 2000);
  });

  it('refuses a backup made by a newer MyBucks, and a SQLite database that is not MyBucks', async () => {
    const h = start();
    const backup = await h.core.service.createBackup({});
    withDb(backup.path, (db) => db.pragma(`user_version = ${LATEST_VERSION + 1}`));
    const newer = await h.core.service.inspectBackup({ path: backup.path });
    expect(newer).toMatchObject({ restorable: false, schemaVersion: LATEST_VERSION + 1, problems: [expect.stringMatching(/made by a newer MyBucks.*Update MyBucks/)] });
    expect(newer.contains.transactions).toBe(SEED_TXS.length);

    const other = path.join(tempDir('mybucks-other-'), 'other.db');
    withDb2(other, (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (1)'));
    const foreign = await h.core.service.inspectBackup({ path: other });
    expect(foreign).toMatchObject({ restorable: false, problems: [expect.stringMatching(/not one made by MyBucks/)] });
  });

  it('warns that connections without a sign-in on this computer will need linking again', async () => {
    const h = start({ vaultFor: ['conn-memorial'] });
    const backup = await h.core.service.createBackup({});
    const inspection = await h.core.service.inspectBackup({ path: backup.path });
    expect(inspection.restorable).toBe(true);
    expect(inspection.problems).toEqual([expect.stringMatching(/never contain bank sign-ins.*1 of its 2 bank connections \(Harbor Credit Union\).*link it again/)]);
  });
});

function withDb2<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('restoreBackup', () => {
  it('replaces the live data with the backup in place, after a safety backup that holds what came since', async () => {
    const h = start();
    const backup = await h.core.service.createBackup({});
    const before = rows(h.dbFile, 'SELECT * FROM transactions ORDER BY id');
    // Changes after the backup: a transaction, a rule, a re-categorisation, a removed snapshot.
    withDb(h.dbFile, (db) => {
      addTransactions(db, [{ account: 'A1', bankTxId: 'late-1', date: '2026-02-28', amount: -4242, description: 'Zebra crossing cafe', merchant: 'Zebra Cafe' }]);
      db.prepare(`INSERT INTO rules (id, field, op, value, category_id, created_at) VALUES ('r2', 'merchant', 'equals', 'Zebra Cafe', 'eating-out', 'x')`).run();
      db.prepare(`UPDATE transactions SET category_id = 'shopping', category_manual = 1 WHERE bank_tx_id = 'm-2'`).run();
      db.prepare(`DELETE FROM balance_snapshots WHERE account_id = 'Y1'`).run();
    });
    h.clock.now += 60_000;
    h.events.length = 0;

    const result = await h.core.service.restoreBackup({ path: backup.path });
    expect(result).toMatchObject({ restoredFrom: backup.path, needsReauthorization: 0, safetyBackup: { kind: 'before-restore', createdAt: '2026-03-01T09:01:00.000Z' } });
    expect(rows(h.dbFile, 'SELECT * FROM transactions ORDER BY id')).toEqual(before);
    // Every app table holds exactly the backup's rows (search texts compared by their text).
    const tables = withDb(h.dbFile, (db) => appTables(db));
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'balance_snapshots', 'categories', 'connections', 'daily_category_totals', 'providers', 'rules', 'sync_runs', 'transactions']));
    for (const table of tables.filter((t) => t !== 'search_texts' && t !== 'transactions')) {
      const sorted = (file: string) => rows(file, `SELECT * FROM ${table}`).map((r) => JSON.stringify(r)).sort();
      expect(sorted(h.dbFile), table).toEqual(sorted(backup.path));
    }
    const withText = 'SELECT t.id, s.text FROM transactions t JOIN search_texts s ON s.id = t.search_text_id ORDER BY t.id';
    expect(rows(h.dbFile, withText)).toEqual(rows(backup.path, withText));
    // The FTS5 reference index holds exactly the restored rows up to its watermark.
    withDb(h.dbFile, (db) => {
      const indexed = db.prepare('SELECT count(*) FROM reference_fts').pluck().get();
      const expected = db
        .prepare("SELECT count(*) FROM transactions WHERE id <= (SELECT watermark FROM reference_fts_watermark) AND description GLOB '*[0-9]*'")
        .pluck()
        .get();
      expect(indexed).toBe(expected);
    });
    expect(withDb(h.dbFile, (db) => count(db, 'rules'))).toBe(1);
    expect(withDb(h.dbFile, (db) => count(db, "balance_snapshots WHERE account_id = 'Y1'"))).toBe(1);
    expect(h.events).toEqual(expect.arrayContaining([{ type: 'connections-changed' }, { type: 'data-changed' }]));

    // The safety backup holds the state just before the restore.
    const safety = result.safetyBackup.path;
    expect(rows(safety, "SELECT amount_minor FROM transactions WHERE bank_tx_id = 'late-1'")).toEqual([{ amount_minor: -4242 }]);
    expect(rows(safety, "SELECT category_id FROM transactions WHERE bank_tx_id = 'm-2'")).toEqual([{ category_id: 'shopping' }]);
    expect((await h.core.service.listBackups()).map((b) => b.kind)).toEqual(['before-restore', 'manual']);

    // The app works on the restored data: reports, search, totals; and it still writes.
    const s = h.core.service;
    expect((await txs(h, { search: 'zebra' })).total).toBe(0);
    expect((await txs(h, { search: 'whole foods' })).rows.map((r) => r.amountMinor)).toEqual([-4500]);
    expect((await txs(h, { search: 'tesco' })).rows[0].categoryId).toBe('groceries');
    expect((await txs(h, { search: '123' })).rows.map((r) => r.description)).toEqual(['TESCO STORES 123']);
    expect((await txs(h)).total).toBe(SEED_TXS.length);
    const spending = await s.spendingByCategory({ from: '2026-01-01', to: '2026-02-28' });
    expect(spending.find((x) => x.currency === 'GBP')!.items.reduce((sum, i) => sum + i.minor, 0)).toBe(5000 + 1200 + 3000);
    expect((await s.listConnections()).map((c) => c.status)).toEqual(['ok', 'ok']);
    await s.createRule({ field: 'merchant', op: 'contains', value: 'Pret', categoryId: 'eating-out', applyToExisting: true });
    expect((await s.listRules()).length).toBe(2);

    // Restoring the safety backup undoes the restore.
    await s.restoreBackup({ path: safety });
    expect((await txs(h, { search: 'zebra' })).rows.map((r) => r.amountMinor)).toEqual([-4242]);
  });

  it('marks connections whose sign-in is not on this computer as needing to be linked again (and only those)', async () => {
    const elsewhere = start();
    const backup = await elsewhere.core.service.createBackup({ path: path.join(tempDir('mybucks-move-'), 'from-the-old-laptop.sqlite') });

    // A new computer: its vault holds Memorial Bank's sign-in only (it was linked here again).
    const here = start({ empty: true, vaultFor: ['conn-memorial'] });
    expect((await here.core.service.listConnections()).length).toBe(0);
    const inspection = await here.core.service.inspectBackup({ path: backup.path });
    expect(inspection.replaces).toEqual({ connections: 0, accounts: 0, transactions: 0 });
    const result = await here.core.service.restoreBackup({ path: backup.path });
    expect(result.needsReauthorization).toBe(1);
    const conns = (await here.core.service.listConnections()).sort((a, b) => a.providerName.localeCompare(b.providerName));
    expect(conns.map((c) => [c.providerName, c.status, c.suggestedAction])).toEqual([
      ['Harbor Credit Union', 'needs_reauth', 'reauthorize'],
      ['Memorial Bank', 'ok', null],
    ]);
    const harbor = conns.find((c) => c.providerName === 'Harbor Credit Union')!;
    expect(harbor.statusReason).toBe('Restored from a backup made on another computer: link Harbor Credit Union again to resume syncing; your data is kept.');
    expect((await here.core.service.listAccounts()).length).toBe(4);
    expect((await txs(here)).total).toBe(SEED_TXS.length);

    // With every sign-in present, nothing is marked.
    const same = start({ vaultFor: ['conn-memorial', 'conn-harbor'] });
    expect((await same.core.service.restoreBackup({ path: backup.path })).needsReauthorization).toBe(0);
    expect((await same.core.service.listConnections()).every((c) => c.status === 'ok')).toBe(true);
  });

  it('restores a backup of an older MyBucks, bringing it up to date', async () => {
    const h = start();
    const old = path.join(tempDir('mybucks-old-'), 'old.sqlite');
    const db = openDatabase(old, MIGRATIONS.slice(0, 2));
    seed(db);
    db.close();
    const inspection = await h.core.service.inspectBackup({ path: old });
    expect(inspection).toMatchObject({ restorable: true, schemaVersion: 2, problems: [expect.stringMatching(/older MyBucks.*brought up to date/)] });
    await h.core.service.restoreBackup({ path: old });
    expect((await txs(h)).total).toBe(SEED_TXS.length);
    expect(rows(h.dbFile, 'PRAGMA user_version')).toEqual([{ user_version: LATEST_VERSION }]);
    expect(rows(old, 'PRAGMA user_version')).toEqual([{ user_version: 2 }]); // the user's file is untouched
  });

  it('refuses what cannot be restored and leaves the data as it was', async () => {
    const h = start();
    const junk = path.join(tempDir('mybucks-junk-'), 'junk.sqlite');
    fs.writeFileSync(junk, 'junk'.repeat(1000));
    await expect(h.core.service.restoreBackup({ path: junk })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/Nothing was restored.*not a SQLite database/) });
    expect((await txs(h)).total).toBe(SEED_TXS.length);
    expect(await h.core.service.listBackups()).toEqual([]); // no safety backup for a refused restore
  });
});

/** RFC 4180 parser: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  return out;
}

describe('exportData', () => {
  it('writes one JSON file with everything, no secrets, counts equal to the database', async () => {
    const h = start();
    const result = await h.core.service.exportData({ format: 'json' });
    expect(result.path).toBe(path.join(h.dataDir, 'exports', 'mybucks-export-2026-03-01.json'));
    const text = fs.readFileSync(result.path, 'utf8');
    const data = JSON.parse(text) as Record<string, Record<string, unknown>[]> & { format: string };
    expect(data.format).toBe('mybucks-export');
    const db = new Database(h.dbFile, { readonly: true });
    const expected = {
      connections: count(db, 'connections'),
      accounts: count(db, 'accounts'),
      balanceSnapshots: count(db, 'balance_snapshots'),
      transactions: count(db, 'transactions'),
      categories: count(db, 'categories'),
      rules: count(db, 'rules'),
      // Budgets (issue 11)
      categoryGroups: count(db, 'category_groups'),
      budgets: count(db, 'budgets'),
      budgetCarryover: count(db, 'budget_carryover'),
      transactionSplits: count(db, 'transaction_splits'),
    };
    db.close();
    for (const [key, n] of Object.entries(expected)) expect(data[key], key).toHaveLength(n);
    expect(result.files).toEqual([{ name: 'mybucks-export-2026-03-01.json', rows: Object.values(expected).reduce((a, b) => a + b, 0), bytes: Buffer.byteLength(text) }]);
    expect(data.transactions.find((t) => t.bankTransactionId === 'm-3')).toMatchObject({
      amount: '-12.00',
      amountMinor: -1200,
      currency: 'GBP',
      description: 'Pret A Manger, "Soho"',
      categoryName: 'Eating out',
    });
    expect(data.transactions.find((t) => t.bankTransactionId === 'h-2')).toMatchObject({ amount: '-1500', currency: 'JPY' });
    expect(data.accounts.find((a) => a.id === 'B1')).toMatchObject({ balance: '7000.01', balanceMinor: 700001, currency: 'USD', providerName: 'Harbor Credit Union' });
    expect(data.connections[0]).not.toHaveProperty('consentId');
    expect(text).not.toMatch(/refresh_token|access_token|c2VhbGVk|consent-1/);
    if (POSIX) expect(modeOf(result.path)).toBe(0o600);

    const again = await h.core.service.exportData({ format: 'json' });
    expect(again.path).toBe(path.join(h.dataDir, 'exports', 'mybucks-export-2026-03-01-2.json'));
  });

  it('writes a folder of CSV files (RFC 4180, header row, decimal amounts with currency and minor units) that parse back to the database', async () => {
    const h = start();
    const dir = tempDir('mybucks-export-');
    const result = await h.core.service.exportData({ format: 'csv', path: dir });
    expect(result.path).toBe(path.join(dir, 'mybucks-export-2026-03-01'));
    expect(fs.readdirSync(dir)).toEqual(['mybucks-export-2026-03-01']); // no temporary leftovers
    expect(result.files.map((f) => f.name)).toEqual([
      'connections.csv', 'accounts.csv', 'balance_snapshots.csv', 'transactions.csv', 'categories.csv', 'rules.csv', 'transaction_splits.csv',
      // Budgets (issue 11)
      'category_groups.csv', 'budgets.csv', 'budget_carryover.csv',
    ]);
    const db = new Database(h.dbFile, { readonly: true });
    try {
      for (const file of result.files) {
        const text = fs.readFileSync(path.join(result.path, file.name), 'utf8');
        expect(file.bytes).toBe(Buffer.byteLength(text));
        const [header, ...records] = parseCsv(text);
        expect(records, file.name).toHaveLength(file.rows);
        expect(file.rows, file.name).toBe(count(db, file.name.replace('.csv', '')));
        for (const r of records) expect(r, file.name).toHaveLength(header.length);
      }
    } finally {
      db.close();
    }
    const [header, ...txs] = parseCsv(fs.readFileSync(path.join(result.path, 'transactions.csv'), 'utf8'));
    const tx = (bankId: string) => Object.fromEntries(header.map((h, i) => [h, txs.find((r) => r[header.indexOf('bankTransactionId')] === bankId)![i]]));
    expect(tx('m-3')).toMatchObject({ amount: '-12.00', amountMinor: '-1200', currency: 'GBP', description: 'Pret A Manger, "Soho"', merchant: 'Pret', categoryManual: 'false' });
    // A formula-like text is defused for spreadsheets; a line break stays inside its quoted field.
    expect(tx('m-4').description).toBe(`'=HYPERLINK("x") Mystery\nline two`);
    expect(tx('m-1')).toMatchObject({ amount: '3000.00', merchant: '', categoryId: 'income' });
  });

  it('refuses a relative path, and never overwrites a file', async () => {
    const h = start();
    await expect(h.core.service.exportData({ format: 'csv', path: 'exports' })).rejects.toMatchObject({ code: 'invalid_input' });
    const file = path.join(tempDir('mybucks-export-'), 'taken');
    fs.writeFileSync(file, 'x');
    await expect(h.core.service.exportData({ format: 'csv', path: file })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/already a file/) });
    await expect(h.core.service.exportData({ format: 'json', path: file })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('chooseFile', () => {
  it('answers null without native dialogs (browser mode), so the renderer asks for a path', async () => {
    const h = start({ empty: true });
    await expect(h.core.service.chooseFile({ purpose: 'save-backup' })).resolves.toEqual({ path: null });
  });
});
