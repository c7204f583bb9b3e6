/** The backup module on its own: file names, rotation, paths, CSV cells, dialogs, and a restore that waits for running syncs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataSafety, type SyncControl } from '../../../src/main/core/backup';
import {
  backupFileName,
  listBackupFiles,
  parseBackupName,
  pruneAutomatic,
  removeLeftovers,
  resolveUserPath,
  writeBackup,
} from '../../../src/main/core/backup/files';
import { csvCell } from '../../../src/main/core/backup/export';
import { appTables } from '../../../src/main/core/backup/restore';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { silentLogger } from '../../../src/main/core/log';
import type { FileDialogs, SettingsStore } from '../../../src/main/core/ports';
import { useTempDirs } from '../auth/temp-dirs';
import { seed, count } from '../../integration/backup/seed';

const tempDir = useTempDirs();
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function memorySettings(): SettingsStore {
  const values = new Map<string, unknown>();
  return { get: <T>(k: string) => values.get(k) as T | undefined, set: (k, v) => values.set(k, v), delete: (k) => values.delete(k) };
}

function liveDb(dataDir: string): { db: Db; file: string } {
  const file = path.join(dataDir, 'mybucks.sqlite');
  const db = openDatabase(file);
  dbs.push(db);
  return { db, file };
}

describe('backup files', () => {
  it('names backups by kind and UTC time, and reads the names back', () => {
    const at = new Date('2026-11-27T09:30:00.123Z');
    expect(backupFileName('automatic', at)).toBe('mybucks-automatic-2026-11-27T093000123Z.sqlite');
    expect(backupFileName('before-restore', at, 2)).toBe('mybucks-before-restore-2026-11-27T093000123Z-2.sqlite');
    expect(parseBackupName(backupFileName('manual', at, 3))).toEqual({ kind: 'manual', createdAt: '2026-11-27T09:30:00.123Z' });
    expect(parseBackupName('mybucks.sqlite')).toBeNull();
    expect(parseBackupName('.mybucks-manual-2026-11-27T093000123Z.sqlite.abc.tmp')).toBeNull();
  });

  it('lists newest first, prunes only automatic backups beyond N, and clears leftovers of interrupted runs', () => {
    const dir = tempDir('mybucks-files-');
    const day = (d: number) => new Date(Date.UTC(2026, 0, d, 3));
    for (let d = 1; d <= 5; d++) fs.writeFileSync(path.join(dir, backupFileName('automatic', day(d))), 'x');
    fs.writeFileSync(path.join(dir, backupFileName('manual', day(1))), 'manual');
    fs.writeFileSync(path.join(dir, backupFileName('before-restore', day(2))), 'safety');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
    fs.writeFileSync(path.join(dir, '.mybucks-automatic-x.sqlite.0a1b.tmp'), 'half');
    fs.mkdirSync(path.join(dir, '.work-abc'));
    const list = listBackupFiles(dir);
    expect(list.map((b) => b.createdAt.slice(0, 10))).toEqual(['2026-01-05', '2026-01-04', '2026-01-03', '2026-01-02', '2026-01-02', '2026-01-01', '2026-01-01']);
    expect(list[0]).toMatchObject({ kind: 'automatic', bytes: 1 });
    expect(pruneAutomatic(dir, 2)).toHaveLength(3);
    expect(listBackupFiles(dir).map((b) => `${b.kind} ${b.createdAt.slice(0, 10)}`)).toEqual([
      'automatic 2026-01-05',
      'automatic 2026-01-04',
      'before-restore 2026-01-02',
      'manual 2026-01-01',
    ]);
    removeLeftovers(dir);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'notes.txt'))).toBe(true);
  });

  it('never leaves a file under the final name when the backup fails', async () => {
    const dir = tempDir('mybucks-fail-');
    const { db } = liveDb(dir);
    db.close();
    const target = path.join(dir, 'out.sqlite');
    await expect(writeBackup(db, target)).rejects.toThrow();
    expect(fs.readdirSync(dir).filter((n) => n.includes('out.sqlite'))).toEqual([]);
  });

  it('takes full paths (and ~) only', () => {
    expect(resolveUserPath('~/b.sqlite')).toBe(path.join(os.homedir(), 'b.sqlite'));
    expect(resolveUserPath(`  ${path.join(os.tmpdir(), 'x', '..', 'b.sqlite')} `)).toBe(path.join(os.tmpdir(), 'b.sqlite'));
    expect(() => resolveUserPath('b.sqlite')).toThrow(/full path/);
    expect(() => resolveUserPath('   ')).toThrow(/full path/);
  });
});

describe('csvCell', () => {
  it('quotes per RFC 4180 and defuses formulas in free text only', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-1200)).toBe('-1200');
    expect(csvCell('-12.00')).toBe('-12.00');
    expect(csvCell('=SUM(A1)', true)).toBe("'=SUM(A1)");
    expect(csvCell(['accounts', 'balances'])).toBe('accounts balances');
    expect(csvCell(true)).toBe('true');
  });
});

describe('appTables', () => {
  it('is every table of the schema but the FTS indexes (kept by triggers) and their shadow tables', () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    const tables = appTables(db);
    expect(tables).toEqual(expect.arrayContaining(['transactions', 'search_texts', 'accounts', 'connections', 'providers', 'rules', 'categories']));
    const virtual = db.prepare("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[];
    expect(virtual).toContain('search_fts');
    const regular = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const expected = regular.filter((t) => !virtual.some((v) => t === v || t.startsWith(`${v}_`))).sort();
    expect(tables).toEqual(expected);
    expect(tables.filter((t) => t.startsWith('search_fts'))).toEqual([]);
  });
});

function dataSafety(dataDir: string, over: { syncs?: SyncControl; dialogs?: FileDialogs; hasSecrets?: (id: string) => boolean } = {}) {
  const { db, file } = liveDb(dataDir);
  const events: string[] = [];
  const safety = createDataSafety({
    db,
    dataDir,
    databaseFile: file,
    settings: memorySettings(),
    logger: silentLogger,
    dialogs: over.dialogs,
    connections: new ConnectionsRepo(db),
    providers: new ProvidersRepo(db),
    hasSecrets: over.hasSecrets ?? (() => true),
    syncs: over.syncs ?? { isSyncing: () => false, cancel: () => {}, syncNow: async () => undefined },
    emit: (e) => events.push(e.type),
    now: () => new Date('2026-03-01T09:00:00Z'),
  });
  return { db, safety, events };
}

describe('restore and running syncs', () => {
  it('cancels a running sync and waits for it to end before the data is replaced', async () => {
    const dir = tempDir('mybucks-restore-sync-');
    const log: string[] = [];
    let finish!: () => void;
    let syncing = true;
    const ended = new Promise<void>((resolve) => (finish = resolve));
    const syncs: SyncControl = {
      isSyncing: (id) => syncing && id === 'conn-memorial',
      cancel: (id) => {
        log.push(`cancel ${id}`);
        setTimeout(() => {
          log.push('sync ended');
          syncing = false;
          finish();
        }, 20);
      },
      syncNow: () => ended,
    };
    const { db, safety, events } = dataSafety(dir, { syncs });
    seed(db);
    const backup = await safety.methods.createBackup({});
    db.prepare("DELETE FROM transactions WHERE account_id = 'A1'").run();
    db.function('log_restore', () => {
      log.push('restored');
      return 0;
    });
    const restored = safety.methods.restoreBackup({ path: backup.path });
    await restored;
    log.push(`transactions ${count(db, 'transactions')}`);
    expect(log).toEqual(['cancel conn-memorial', 'sync ended', expect.stringMatching(/^transactions \d+$/)]);
    expect(count(db, "transactions WHERE account_id = 'A1'")).toBe(4);
    expect(events).toEqual(['connections-changed', 'data-changed']);
    await safety.close();
  });

  it('refuses new work once closed, after finishing what runs', async () => {
    const { db, safety } = dataSafety(tempDir('mybucks-close-'));
    seed(db);
    const running = safety.methods.createBackup({});
    await safety.close();
    await expect(running).resolves.toMatchObject({ kind: 'manual' });
    await expect(safety.methods.createBackup({})).rejects.toMatchObject({ message: 'MyBucks is closing.' });
  });
});

describe('chooseFile', () => {
  it('asks the native dialogs with a purpose-fit title and filters, and names only a file (never a path) as the suggestion', async () => {
    const asked: { kind: string; options: Record<string, unknown> }[] = [];
    const dialogs: FileDialogs = {
      chooseSaveFile: async (options) => (asked.push({ kind: 'save', options }), '/home/sarah/b.sqlite'),
      chooseOpenFile: async (options) => (asked.push({ kind: 'open', options }), null),
      chooseFolder: async (options) => (asked.push({ kind: 'folder', options }), '/home/sarah/exports'),
    };
    const { safety } = dataSafety(tempDir('mybucks-dialogs-'), { dialogs });
    expect(await safety.methods.chooseFile({ purpose: 'save-backup', suggestedName: '../../etc/evil.sqlite' })).toEqual({ path: '/home/sarah/b.sqlite' });
    expect(await safety.methods.chooseFile({ purpose: 'save-backup' })).toEqual({ path: '/home/sarah/b.sqlite' });
    expect(await safety.methods.chooseFile({ purpose: 'open-backup' })).toEqual({ path: null });
    expect(await safety.methods.chooseFile({ purpose: 'export' })).toEqual({ path: '/home/sarah/exports' });
    expect(asked.map((a) => a.kind)).toEqual(['save', 'save', 'open', 'folder']);
    expect(asked[0].options).toMatchObject({ title: 'Save a MyBucks backup', defaultPath: 'evil.sqlite', filters: [expect.objectContaining({ extensions: expect.arrayContaining(['sqlite']) }), expect.anything()] });
    expect(asked[1].options.defaultPath).toBe('mybucks-backup-2026-03-01.sqlite');
    expect(asked[2].options.title).toMatch(/Restore/);
  });
});
