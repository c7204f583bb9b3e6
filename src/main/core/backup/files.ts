/**
 * Backup files on disk: their names (kind and time), writing one with SQLite's online backup through a
 * temporary name (never a half file under the final name), listing and pruning the backups folder, and
 * turning what the user typed into a path MyBucks may use.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupDTO } from '../../../shared/dto';
import type { Db } from '../db/database';

export type BackupKind = BackupDTO['kind'];

/** An error the renderer can show as it is: `code` is one of the contract's ApiErrorBody codes. */
export class DataError extends Error {
  constructor(
    readonly code: 'invalid_input' | 'not_found' | 'internal',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DataError';
  }
}

/** What went wrong with a file operation, in words (the error's own message when it is nothing common). */
export function fileProblem(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'the folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'MyBucks is not allowed to write there';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'your disk quota is used up';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EISDIR':
      return 'a folder has that name';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    default:
      return (err as Error).message;
  }
}

const NAME = /^mybucks-(automatic|manual|before-restore)-(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z(?:-\d+)?\.sqlite$/;

/** `mybucks-automatic-2026-11-27T093000123Z.sqlite` (UTC, so names sort by time). */
export function backupFileName(kind: BackupKind, at: Date, suffix = 0): string {
  const stamp = at.toISOString().replace(/[:.]/g, '');
  return `mybucks-${kind}-${stamp}${suffix ? `-${suffix}` : ''}.sqlite`;
}

export function parseBackupName(name: string): { kind: BackupKind; createdAt: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, kind, date, hh, mm, ss, ms] = m;
  const createdAt = `${date}T${hh}:${mm}:${ss}.${ms}Z`;
  if (Number.isNaN(Date.parse(createdAt))) return null;
  return { kind: kind as BackupKind, createdAt };
}

/** A name in `dir` that is not taken yet: `make(0)`, else `make(2)`, `make(3)`... */
export function freeName(dir: string, make: (suffix: number) => string): string {
  for (let n = 0; ; n = n === 0 ? 2 : n + 1) {
    const candidate = path.join(dir, make(n));
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/** A temporary sibling of `target` (same folder, so the final rename is atomic), hidden and unique. */
export function tempSibling(target: string, ext = '.tmp'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}${ext}`);
}

function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/**
 * Writes an online backup of `db` (consistent even while MyBucks writes) to `target`: into a temporary
 * file created with mode 0600, switched to a rollback journal so it is one self-contained file, flushed,
 * then renamed over `target`. Returns the size in bytes.
 */
export async function writeBackup(db: Db, target: string): Promise<number> {
  const tmp = tempSibling(target);
  try {
    fs.writeFileSync(tmp, '', { mode: 0o600, flag: 'wx' });
    await db.backup(tmp);
    const copy = new Database(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    if (process.platform !== 'win32') fs.chmodSync(tmp, 0o600);
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    return fs.statSync(target).size;
  } catch (err) {
    removeDatabaseFiles(tmp);
    throw err;
  }
}

/** The backups in `folder`, newest first (files MyBucks named; anything else there is left alone). */
export function listBackupFiles(folder: string): BackupDTO[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: BackupDTO[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const file = path.join(folder, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile()) out.push({ path: file, createdAt: parsed.createdAt, bytes: stat.size, kind: parsed.kind });
    } catch {
      // deleted meanwhile
    }
  }
  return out.sort((a, b) => (a.createdAt === b.createdAt ? b.path.localeCompare(a.path) : b.createdAt.localeCompare(a.createdAt)));
}

/** Deletes all but the newest `keep` automatic backups; returns the paths deleted. */
export function pruneAutomatic(folder: string, keep: number): string[] {
  const old = listBackupFiles(folder)
    .filter((b) => b.kind === 'automatic')
    .slice(keep);
  for (const b of old) fs.rmSync(b.path, { force: true });
  return old.map((b) => b.path);
}

/** Removes what an interrupted backup, inspection or export left behind in `folder` (hidden temporary entries). */
export function removeLeftovers(folder: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') && (/\.tmp(-journal|-wal|-shm)?$/.test(name) || name.startsWith('.work-'))) {
      fs.rmSync(path.join(folder, name), { recursive: true, force: true });
    }
  }
}

/**
 * A path the user typed or picked, made absolute: `~` is the home folder; a relative path is refused
 * (relative to what? the user cannot know where MyBucks runs).
 */
export function resolveUserPath(input: string): string {
  let p = input.trim();
  if (p === '~') p = os.homedir();
  else if (p.startsWith('~/') || p.startsWith('~\\')) p = path.join(os.homedir(), p.slice(2));
  if (!p || !path.isAbsolute(p)) {
    const example = process.platform === 'win32' ? 'C:\\Users\\you\\Documents\\mybucks.sqlite' : '/home/you/mybucks.sqlite';
    throw new DataError('invalid_input', `Give the full path of the file or folder, such as ${example}.`);
  }
  return path.resolve(p);
}

export function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
