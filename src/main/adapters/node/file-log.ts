/** The log file of a terminal run: lines appended to `<dataDir>/logs/mybucks.log`, readable by its owner only. */
import { chmodSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

export function logFilePath(dataDir: string): string {
  return path.join(dataDir, 'logs', 'mybucks.log');
}

export interface LogFile {
  path: string;
  write(line: string): void;
  close(): void;
}

/** Opens (creates, 0600 in a 0700 folder) the log file for appending; a line that cannot be written is dropped. */
export function openLogFile(file: string): LogFile {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number | null = openSync(file, 'a', 0o600);
  if (process.platform !== 'win32') chmodSync(file, 0o600); // an older file may have been created wider
  return {
    path: file,
    write(line) {
      if (fd === null) return;
      try {
        writeSync(fd, `${line}\n`);
      } catch {
        // a full disk must not stop the app; the terminal stays quiet either way
      }
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
