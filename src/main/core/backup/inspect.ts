/**
 * Looks inside a backup without touching the live database: a private copy of the file is opened, checked
 * (a SQLite file at all, SQLite's integrity check, a MyBucks schema this app can read, references that hold
 * together) and summarised, next to what restoring it would replace.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInspectionDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { LATEST_VERSION } from '../db/migrations';

/** Tables every MyBucks database has had since its first version. */
const REQUIRED_TABLES = ['providers', 'connections', 'accounts', 'balance_snapshots', 'transactions', 'categories', 'rules', 'search_texts'];
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface InspectContext {
  /** The live database, for what a restore would replace. */
  live: Db;
  /** Whether this computer holds the bank sign-in of a connection (its vault entry). */
  hasSecrets: (connectionId: string) => boolean;
  /** The newest schema version this app knows (default: the app's own). */
  latestVersion?: number;
}

type Contents = BackupInspectionDTO['contains'];
const emptyContents = (): Contents => ({ connections: [], accounts: 0, transactions: 0, newestTransaction: null });

export function liveCounts(live: Db): BackupInspectionDTO['replaces'] {
  const count = (sql: string) => live.prepare(sql).pluck().get() as number;
  return {
    connections: count("SELECT count(*) FROM connections WHERE disconnected_at IS NULL AND id <> 'manual'"),
    accounts: count('SELECT count(*) FROM accounts'),
    transactions: count('SELECT count(*) FROM transactions'),
  };
}

/** Why `file` cannot be a backup before even opening it (missing, a folder, empty, not SQLite), or null. */
export function fileProblemOf(file: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `There is no file at ${file}.`;
    if (code === 'EACCES' || code === 'EPERM') return `MyBucks is not allowed to read ${file}.`;
    return `MyBucks could not read ${file}: ${(err as Error).message}`;
  }
  if (stat.isDirectory()) return `${file} is a folder, not a backup file.`;
  if (!stat.isFile()) return `${file} is not a regular file.`;
  if (stat.size === 0) return 'The file is empty: it is not a MyBucks backup.';
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, head.length, 0);
  } catch (err) {
    return `MyBucks could not read ${file}: ${(err as Error).message}`;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_MAGIC)) return 'This file is not a MyBucks backup: it is not a SQLite database file.';
  return null;
}

/**
 * Copies `file` (and a `-wal` file beside it, which holds its newest changes when it is a database that was
 * in use) into `workDir`, so opening it creates nothing next to the user's file and changes nothing in it.
 */
export function copyForReading(file: string, workDir: string): string {
  const copy = path.join(workDir, 'backup.sqlite');
  fs.copyFileSync(file, copy);
  fs.chmodSync(copy, 0o600);
  if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
  return copy;
}

function damaged(detail: string): string {
  return `The backup is damaged (SQLite's integrity check: ${detail}). Try another backup.`;
}

/** Inspects a private copy made by `copyForReading`; `shownPath` is the user's file. */
export function inspectCopy(copy: string, shownPath: string, ctx: InspectContext): BackupInspectionDTO {
  const latest = ctx.latestVersion ?? LATEST_VERSION;
  const result: BackupInspectionDTO = {
    path: shownPath,
    restorable: false,
    problems: [],
    schemaVersion: 0,
    contains: emptyContents(),
    replaces: liveCounts(ctx.live),
  };
  let db: Db;
  try {
    db = new Database(copy, { fileMustExist: true });
  } catch (err) {
    result.problems.push(`MyBucks could not open the backup: ${(err as Error).message}`);
    return result;
  }
  try {
    const blocking: string[] = [];
    const notes: string[] = [];
    try {
      result.schemaVersion = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      const code = (err as { code?: string }).code;
      result.problems.push(
        code === 'SQLITE_NOTADB'
          ? 'This file is not a MyBucks backup: it is not a SQLite database file.'
          : damaged((err as Error).message),
      );
      return result;
    }

    let intact = true;
    try {
      const rows = db.pragma('integrity_check(10)') as { integrity_check: string }[];
      const messages = rows.map((r) => r.integrity_check);
      if (!(messages.length === 1 && messages[0] === 'ok')) {
        intact = false;
        blocking.push(damaged(messages.slice(0, 3).join('; ')));
      }
    } catch (err) {
      intact = false;
      blocking.push(damaged((err as Error).message));
    }

    let tables = new Set<string>();
    try {
      tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    } catch {
      // reported by the integrity check
    }
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    const isMyBucks = intact && result.schemaVersion > 0 && missing.length === 0;
    if (intact && !isMyBucks) {
      blocking.push(
        tables.size === 0
          ? 'This is an empty SQLite database, not a MyBucks backup.'
          : `This is a SQLite database, but not one made by MyBucks (it has no ${missing.slice(0, 3).join(', ') || 'MyBucks version'}${missing.length > 3 ? ', …' : ''}).`,
      );
    } else if (isMyBucks && result.schemaVersion > latest) {
      blocking.push(
        `This backup was made by a newer MyBucks (database version ${result.schemaVersion}; this MyBucks reads up to version ${latest}). Update MyBucks, then restore it.`,
      );
    } else if (isMyBucks && result.schemaVersion < latest) {
      notes.push(`This backup was made by an older MyBucks (database version ${result.schemaVersion}); it is brought up to date as it is restored.`);
    }

    if (isMyBucks) {
      try {
        result.contains = readContents(db);
        const note = signInNote(db, ctx.hasSecrets);
        if (note) notes.push(note);
      } catch (err) {
        blocking.push(`MyBucks could not read what the backup holds: ${(err as Error).message}`);
      }
      if (blocking.length === 0 && result.schemaVersion <= latest) {
        const broken = foreignKeyProblems(db);
        if (broken > 0) blocking.push(`The backup's data does not hang together (${broken.toLocaleString('en')} rows refer to rows that are missing). Try another backup.`);
      }
    }
    result.problems = [...blocking, ...notes];
    result.restorable = blocking.length === 0;
    return result;
  } finally {
    db.close();
  }
}

function readContents(db: Db): Contents {
  const connections = db
    .prepare(
      `SELECT coalesce(p.name, c.provider_id) AS providerName, c.name AS name
       FROM connections c LEFT JOIN providers p ON p.id = c.provider_id
       WHERE c.disconnected_at IS NULL AND c.id <> 'manual' ORDER BY c.created_at, c.id`,
    )
    .all() as { providerName: string; name: string | null }[];
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    connections,
    accounts: count('SELECT count(*) FROM accounts'),
    transactions: count('SELECT count(*) FROM transactions'),
    newestTransaction: (db.prepare('SELECT max(booking_date) FROM transactions').pluck().get() as string | null) ?? null,
  };
}

/** Which of the backup's connections have no sign-in on this computer, in words; null when all have one. */
function signInNote(db: Db, hasSecrets: (connectionId: string) => boolean): string | null {
  const all = db
    .prepare(
      `SELECT c.id, coalesce(p.name, c.provider_id) AS bank FROM connections c LEFT JOIN providers p ON p.id = c.provider_id
       WHERE c.disconnected_at IS NULL AND c.id <> 'manual' ORDER BY c.created_at, c.id`,
    )
    .all() as { id: string; bank: string }[];
  const missing = all.filter((c) => !hasSecrets(c.id));
  if (missing.length === 0) return null;
  const banks = [...new Set(missing.map((c) => c.bank))].join(', ');
  const which =
    missing.length === all.length
      ? all.length === 1
        ? 'its bank connection'
        : `its ${all.length} bank connections`
      : `${missing.length} of its ${all.length} bank connections`;
  return (
    `Backups never contain bank sign-ins, and this computer has none for ${which} (${banks}): they were linked on another computer. ` +
    `After the restore, link ${missing.length === 1 ? 'it' : 'them'} again to resume syncing; the data is kept.`
  );
}

function foreignKeyProblems(db: Db): number {
  try {
    return (db.pragma('foreign_key_check') as unknown[]).length;
  } catch {
    return 0;
  }
}

/** Checks and summarises the backup at `file`, using a private copy in `workDir`. */
export function inspectFile(file: string, workDir: string, ctx: InspectContext): { inspection: BackupInspectionDTO; copy: string | null } {
  const problem = fileProblemOf(file);
  if (problem) {
    return {
      inspection: {
        path: file,
        restorable: false,
        problems: [problem],
        schemaVersion: 0,
        contains: emptyContents(),
        replaces: liveCounts(ctx.live),
      },
      copy: null,
    };
  }
  const copy = copyForReading(file, workDir);
  return { inspection: inspectCopy(copy, file, ctx), copy };
}
