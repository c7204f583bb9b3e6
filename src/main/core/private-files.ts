/**
 * MyBucks' files hold a person's finances: only their owner may read them. The data folder is 0700 and
 * every file in it 0600, whatever the umask; SQLite creates its -wal and -shm files with the database
 * file's mode, so a 0600 database keeps them private too. (Windows has no such modes; there the
 * profile folder's ACL protects the data.)
 */
import fs from 'node:fs';

const POSIX = process.platform !== 'win32';

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) fs.chmodSync(dir, 0o700);
}

/** Creates the database file 0600 before SQLite opens it, and tightens one (and its siblings) an older version left readable. */
export function ensurePrivateDatabaseFile(file: string): void {
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  if (!POSIX) return;
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }
}
