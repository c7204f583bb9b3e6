import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseTooNewError, openDatabase, schemaVersion, type Db } from '../../../src/main/core/db/database';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/main/core/db/migrations';
import { DEFAULT_CATEGORIES } from '../../../src/main/core/db/default-categories';

const dirs: string[] = [];
const opened: Db[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mybucks-db-'));
  dirs.push(dir);
  return join(dir, 'mybucks.sqlite');
}
function open(file: string, migrations = MIGRATIONS): Db {
  const db = openDatabase(file, migrations);
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('lists the migrations in strictly increasing version order (a later one listed first would skip the earlier)', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(LATEST_VERSION).toBe(Math.max(...versions));
  });

  it('creates a fresh database at the latest version with WAL, foreign keys and seeded categories', () => {
    const db = open(tempFile());
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['providers', 'connections', 'accounts', 'balance_snapshots', 'transactions', 'search_texts', 'search_fts', 'daily_category_totals', 'daily_merchant_totals', 'categories', 'rules', 'sync_runs']) {
      expect(tables).toContain(t);
    }
    const cats = db.prepare('SELECT id, color FROM categories ORDER BY id').all() as { id: string; color: string }[];
    expect(cats.map((c) => c.id).sort()).toEqual(DEFAULT_CATEGORIES.map((c) => c.id).sort());
    for (const c of cats) expect(c.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('re-opens an existing database without re-running migrations and keeps its data', () => {
    const file = tempFile();
    const db = open(file);
    db.prepare("INSERT INTO categories (id, name, kind, color) VALUES ('pets', 'Pets', 'expense', '#123456')").run();
    db.close();
    const again = open(file);
    expect(schemaVersion(again)).toBe(LATEST_VERSION);
    expect(again.prepare("SELECT name FROM categories WHERE id = 'pets'").get()).toEqual({ name: 'Pets' });
  });

  it('applies only the migrations newer than the file', () => {
    const file = tempFile();
    open(file).close();
    const extra = [...MIGRATIONS, { version: LATEST_VERSION + 1, description: 'test', sql: 'CREATE TABLE extra (x INTEGER);' }];
    const db = open(file, extra);
    expect(schemaVersion(db)).toBe(LATEST_VERSION + 1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ n: 1 });
  });

  it('refuses a database written by a newer app with a clear message', () => {
    const file = tempFile();
    const db = open(file);
    db.pragma(`user_version = ${LATEST_VERSION + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of MyBucks \(schema version \d+; this app knows up to \d+\)/);
  });

  it('rolls a failing migration back entirely', () => {
    const file = tempFile();
    open(file).close();
    const broken = [...MIGRATIONS, { version: LATEST_VERSION + 1, description: 'broken', sql: 'CREATE TABLE half (x); SELECT nope FROM missing;' }];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = open(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
  });
});
