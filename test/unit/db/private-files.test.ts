/** The data folder and the database files are the owner's alone, whatever the umask. */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/core/db/database';
import { ensurePrivateDir } from '../../../src/main/core/private-files';
import { mockBankStateFile } from '../../../src/main/dev-mock-bank';

const mode = (file: string) => statSync(file).mode & 0o777;
let root: string;
let umask: number;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mybucks-private-'));
  umask = process.umask(0o022); // the usual default, under which files come out world-readable
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe.runIf(process.platform !== 'win32')('private files', () => {
  it('makes the data folder 0700 and the database with its -wal and -shm 0600', () => {
    const dir = path.join(root, 'data');
    ensurePrivateDir(dir);
    const file = path.join(dir, 'mybucks.sqlite');
    const db = openDatabase(file);
    db.prepare("INSERT INTO categories (id, name, kind, color, builtin) VALUES ('x', 'X', 'expense', '#000000', 0)").run();
    expect(mode(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
    db.close();
  });

  it('tightens a folder and database an older version left readable to others', () => {
    const dir = path.join(root, 'data');
    ensurePrivateDir(dir);
    chmodSync(dir, 0o755);
    const file = path.join(dir, 'mybucks.sqlite');
    openDatabase(file).close();
    writeFileSync(`${file}-wal`, '');
    chmodSync(file, 0o644);
    chmodSync(`${file}-wal`, 0o644);
    ensurePrivateDir(dir);
    openDatabase(file).close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });
});

describe("the mock bank's state", () => {
  it('lives beside the data folder, not in it, and a file an older version left inside is moved out', () => {
    const dir = path.join(root, 'data');
    ensurePrivateDir(dir);
    writeFileSync(path.join(dir, 'mock-bank.json'), '{"version":1}');
    const file = mockBankStateFile(dir);
    expect(path.dirname(file)).toBe(root);
    expect(file.startsWith(`${dir}${path.sep}`)).toBe(false);
    expect(statSync(file).isFile()).toBe(true);
    expect(() => statSync(path.join(dir, 'mock-bank.json'))).toThrow();
  });
});
