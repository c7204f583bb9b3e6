/**
 * Backups, restore and export ("Your data" in Settings), implementing the contract's listBackups,
 * createBackup, chooseFile, inspectBackup, restoreBackup, get/setBackupSettings and exportData.
 *
 * - Backups are SQLite online backups (`db.backup`) of the whole database, written under a temporary name
 *   and renamed, mode 0600 in a 0700 folder. Bank sign-ins live in the token vault, never in the database,
 *   so no backup holds one.
 * - Automatic backups: at start-up (after a short delay) and then about hourly, one is made when the newest
 *   automatic backup is older than a day; the newest `keep` automatic backups are kept.
 * - Restore: inspect, stop running syncs, take a 'before-restore' backup, migrate a private copy of the
 *   backup, replace every table's rows in one transaction, then mark every connection whose sign-in is
 *   not on this computer as needing to be linked again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppEvent, MyBucksService } from '../../../shared/contract';
import type { BackupDTO, BackupSettingsDTO } from '../../../shared/dto';
import type { ConnectionsRepo, ProvidersRepo } from '../db/connections-repo';
import type { Db } from '../db/database';
import type { FileDialogs, Logger, SettingsStore } from '../ports';
import { ensurePrivateDir } from '../private-files';
import { exportData } from './export';
import {
  DataError,
  backupFileName,
  fileProblem,
  freeName,
  listBackupFiles,
  pruneAutomatic,
  removeLeftovers,
  resolveUserPath,
  statOrNull,
  writeBackup,
  type BackupKind,
} from './files';
import { fileProblemOf, inspectCopy, inspectFile, copyForReading, type InspectContext } from './inspect';
import { prepareForRestore, replaceContents } from './restore';

export { DataError } from './files';

const DAY_MS = 86_400_000;
export const DEFAULT_KEEP = 7;
const SETTING_AUTOMATIC = 'backups.automatic';
const SETTING_KEEP = 'backups.keep';

export const restoredElsewhereReason = (bank: string) =>
  `Restored from a backup made on another computer: link ${bank} again to resume syncing; your data is kept.`;

export interface DataSafetyOptions {
  /** Delay of the first automatic-backup check after start (default 5 s). */
  firstCheckDelayMs?: number;
  /** How often to check whether an automatic backup is due (default hourly). */
  checkIntervalMs?: number;
  now?: () => Date;
}

/** The part of the sync scheduler a restore needs: stop what is running and wait for it. */
export interface SyncControl {
  isSyncing(connectionId: string): boolean;
  cancel(connectionId: string): void;
  /** For a connection already syncing: the running sync (it resolves when that sync has ended). */
  syncNow(connectionId: string): Promise<unknown>;
}

export interface DataSafetyDeps extends DataSafetyOptions {
  db: Db;
  dataDir: string;
  /** The live database file (`db`'s file). */
  databaseFile: string;
  settings: SettingsStore;
  logger: Logger;
  dialogs?: FileDialogs;
  connections: ConnectionsRepo;
  providers: ProvidersRepo;
  /** Whether the token vault holds this connection's bank sign-in on this computer. */
  hasSecrets(connectionId: string): boolean;
  syncs: SyncControl;
  emit(event: AppEvent): void;
  /** After a restore committed (e.g. to seed the bank catalog into the restored providers). */
  afterRestore?(): void;
}

export type DataSafetyMethods = Pick<
  MyBucksService,
  'listBackups' | 'createBackup' | 'chooseFile' | 'inspectBackup' | 'restoreBackup' | 'getBackupSettings' | 'setBackupSettings' | 'exportData'
>;

const SQLITE_FILTERS = [
  { name: 'MyBucks backups (SQLite)', extensions: ['sqlite', 'sqlite3', 'db'] },
  { name: 'All files', extensions: ['*'] },
];

export function createDataSafety(deps: DataSafetyDeps) {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const folder = path.join(deps.dataDir, 'backups');
  const exportsFolder = path.join(deps.dataDir, 'exports');
  const liveFiles = new Set([deps.databaseFile, `${deps.databaseFile}-wal`, `${deps.databaseFile}-shm`].map((f) => path.resolve(f)));
  const inspectContext: InspectContext = { live: db, hasSecrets: (id) => deps.hasSecrets(id) };

  let timers: NodeJS.Timeout[] = [];
  let closed = false;
  /** Backups and restores run one at a time, in order. */
  let queue: Promise<unknown> = Promise.resolve();
  const running = new Set<Promise<unknown>>();

  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new DataError('internal', 'MyBucks is closing.'));
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return track(result);
  }

  function track<T>(p: Promise<T>): Promise<T> {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  }

  function readSettings(): { automatic: boolean; keep: number } {
    const automatic = deps.settings.get<boolean>(SETTING_AUTOMATIC);
    const keep = deps.settings.get<number>(SETTING_KEEP);
    return {
      automatic: typeof automatic === 'boolean' ? automatic : true,
      keep: Number.isInteger(keep) && (keep as number) >= 1 ? (keep as number) : DEFAULT_KEEP,
    };
  }

  function settingsDTO(): BackupSettingsDTO {
    const newest = listBackupFiles(folder).find((b) => b.kind === 'automatic');
    return { ...readSettings(), folder, lastAutomaticAt: newest?.createdAt ?? null };
  }

  function refuseLiveFile(target: string): void {
    if (liveFiles.has(path.resolve(target))) {
      throw new DataError('invalid_input', 'That is the database MyBucks is using; choose another file.');
    }
  }

  /** Writes a backup of `kind` into the backups folder (no queueing: callers hold the queue). */
  async function backupIntoFolder(kind: BackupKind): Promise<BackupDTO> {
    const at = now();
    try {
      ensurePrivateDir(folder);
      const file = freeName(folder, (n) => backupFileName(kind, at, n));
      const bytes = await writeBackup(db, file);
      logger.info('backup written', { kind, file, bytes });
      return { path: file, createdAt: at.toISOString(), bytes, kind };
    } catch (err) {
      throw new DataError('internal', `The backup was not written to ${folder}: ${fileProblem(err)}.`, { cause: err });
    }
  }

  async function backupToFile(input: string): Promise<BackupDTO> {
    const at = now();
    let target = resolveUserPath(input);
    const stat = statOrNull(target);
    if (stat?.isDirectory()) target = freeName(target, (n) => `mybucks-backup-${at.toISOString().slice(0, 10)}${n ? `-${n}` : ''}.sqlite`);
    else if (stat && !stat.isFile()) throw new DataError('invalid_input', `${target} is not a regular file.`);
    refuseLiveFile(target);
    // Replacing an older backup is fine; replacing some other file with a database is surely a slip.
    if (statOrNull(target)?.isFile() && fileProblemOf(target) !== null) {
      throw new DataError('invalid_input', `There is already a file at ${target} that is not a MyBucks backup; choose another name.`);
    }
    const parent = path.dirname(target);
    if (!statOrNull(parent)?.isDirectory()) throw new DataError('invalid_input', `The folder ${parent} does not exist.`);
    try {
      const bytes = await writeBackup(db, target);
      logger.info('backup written', { kind: 'manual', file: target, bytes });
      return { path: target, createdAt: at.toISOString(), bytes, kind: 'manual' };
    } catch (err) {
      throw new DataError('invalid_input', `The backup was not written to ${target}: ${fileProblem(err)}.`, { cause: err });
    }
  }

  function hasUserData(): boolean {
    return (
      db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM connections WHERE id <> 'manual') OR EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM rules) OR EXISTS (SELECT 1 FROM categories WHERE builtin = 0)`,
        )
        .pluck()
        .get() === 1
    );
  }

  /** Makes the daily automatic backup when it is due; returns it, or null when none was due. */
  function automaticCheck(): Promise<BackupDTO | null> {
    return exclusive(async () => {
      const { automatic, keep } = readSettings();
      if (!automatic) return null;
      const newest = listBackupFiles(folder).find((b) => b.kind === 'automatic');
      if (newest && now().getTime() - Date.parse(newest.createdAt) < DAY_MS) return null;
      if (!hasUserData()) return null;
      const backup = await backupIntoFolder('automatic');
      const removed = pruneAutomatic(folder, keep);
      if (removed.length) logger.info('old automatic backups removed', { removed: removed.length });
      return backup;
    });
  }

  function workDir(): string {
    ensurePrivateDir(folder);
    return fs.mkdtempSync(path.join(folder, '.work-'));
  }

  /** Cancels running syncs and waits until they have ended. */
  async function stopSyncs(): Promise<void> {
    const ids = db.prepare("SELECT id FROM connections WHERE id <> 'manual'").pluck().all() as string[];
    const runningIds = ids.filter((id) => deps.syncs.isSyncing(id));
    for (const id of runningIds) deps.syncs.cancel(id);
    await Promise.allSettled(runningIds.map((id) => deps.syncs.syncNow(id)));
  }

  /** Connections whose sign-in is not in this computer's vault must be linked again. */
  function markSignInsMissing(): number {
    let marked = 0;
    for (const c of deps.connections.list()) {
      if (deps.hasSecrets(c.id)) continue;
      const bank = deps.providers.get(c.providerId)?.name ?? 'the bank';
      deps.connections.update(c.id, { status: 'needs_reauth', statusCode: 'needs_reauth', statusReason: restoredElsewhereReason(bank) });
      marked++;
    }
    return marked;
  }

  const methods: DataSafetyMethods = {
    async listBackups() {
      return listBackupFiles(folder);
    },
    async createBackup({ path: target }) {
      return exclusive(() => (target ? backupToFile(target) : backupIntoFolder('manual')));
    },
    async chooseFile({ purpose, suggestedName }) {
      const dialogs = deps.dialogs;
      if (!dialogs) return { path: null };
      const name = suggestedName ? path.basename(suggestedName) : undefined;
      switch (purpose) {
        case 'save-backup':
          return {
            path: await dialogs.chooseSaveFile({
              title: 'Save a MyBucks backup',
              defaultPath: name ?? `mybucks-backup-${now().toISOString().slice(0, 10)}.sqlite`,
              filters: SQLITE_FILTERS,
            }),
          };
        case 'open-backup':
          return {
            path: await dialogs.chooseOpenFile({
              title: 'Restore MyBucks from a backup',
              defaultPath: fs.existsSync(folder) ? folder : undefined,
              filters: SQLITE_FILTERS,
            }),
          };
        case 'export':
          return { path: await dialogs.chooseFolder({ title: 'Choose the folder for your exported data' }) };
        // Import (issue 12)
        case 'import':
          return {
            path: await dialogs.chooseOpenFile({
              title: 'Import a statement file',
              filters: [
                { name: 'Statements (OFX, QFX, CSV, CAMT XML, QIF)', extensions: ['ofx', 'qfx', 'csv', 'txt', 'xml', 'qif'] },
                { name: 'All files', extensions: ['*'] },
              ],
            }),
          };
      }
    },
    async inspectBackup({ path: input }) {
      const file = resolveUserPath(input);
      const work = workDir();
      try {
        return inspectFile(file, work, inspectContext).inspection;
      } catch (err) {
        throw new DataError('internal', `MyBucks could not check the backup: ${fileProblem(err)}.`, { cause: err });
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
    async restoreBackup({ path: input }) {
      const file = resolveUserPath(input);
      return exclusive(async () => {
        const problem = fileProblemOf(file);
        if (problem) throw new DataError('invalid_input', `Nothing was restored. ${problem}`);
        const work = workDir();
        try {
          const copy = copyForReading(file, work);
          const inspection = inspectCopy(copy, file, inspectContext);
          if (!inspection.restorable) {
            throw new DataError('invalid_input', `Nothing was restored. ${inspection.problems.join(' ')}`);
          }
          await stopSyncs();
          const safetyBackup = await backupIntoFolder('before-restore');
          prepareForRestore(copy);
          await stopSyncs(); // one may have started while the safety backup was written
          const needsReauthorization = replaceContents(db, copy, markSignInsMissing);
          logger.info('restored from a backup', { file, safetyBackup: safetyBackup.path, needsReauthorization });
          try {
            deps.afterRestore?.();
          } catch (err) {
            logger.warn('after-restore step failed', { err });
          }
          deps.emit({ type: 'connections-changed' });
          deps.emit({ type: 'data-changed' });
          return { restoredFrom: file, safetyBackup, needsReauthorization };
        } catch (err) {
          if (err instanceof DataError) throw err;
          throw new DataError('internal', `Nothing was restored; your data is as it was: ${fileProblem(err)}.`, { cause: err });
        } finally {
          fs.rmSync(work, { recursive: true, force: true });
        }
      });
    },
    async getBackupSettings() {
      return settingsDTO();
    },
    async setBackupSettings({ automatic, keep }) {
      const wasOn = readSettings().automatic;
      deps.settings.set(SETTING_AUTOMATIC, automatic);
      deps.settings.set(SETTING_KEEP, keep);
      await exclusive(async () => {
        pruneAutomatic(folder, keep);
      });
      // Turned on: make the first one now if it is due, rather than within the hour.
      if (automatic && !wasOn) void automaticCheck().catch((err: unknown) => logger.warn('automatic backup failed', { err }));
      return settingsDTO();
    },
    async exportData({ format, path: input }) {
      const target = input ? resolveUserPath(input) : null;
      if (!target) ensurePrivateDir(exportsFolder);
      return track(exportData({ format, databaseFile: deps.databaseFile, target, defaultFolder: exportsFolder, now: now() }));
    },
  };

  return {
    methods,
    folder,
    /** Test hook: runs the automatic-backup check now. */
    automaticCheck,
    /** Cleans up after an interrupted run and starts the automatic-backup checks (timers unref'd). */
    start(): void {
      removeLeftovers(folder);
      removeLeftovers(exportsFolder);
      const check = () => void automaticCheck().catch((err: unknown) => logger.warn('automatic backup failed', { err }));
      const first = setTimeout(check, deps.firstCheckDelayMs ?? 5_000);
      const every = setInterval(check, deps.checkIntervalMs ?? 60 * 60_000);
      first.unref();
      every.unref();
      timers = [first, every];
    },
    /** Stops the checks and waits for running backups, restores and exports. */
    async close(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      timers = [];
      closed = true;
      await Promise.allSettled([...running]);
    },
  };
}

export type DataSafety = ReturnType<typeof createDataSafety>;
