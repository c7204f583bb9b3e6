/**
 * Updates with electron-updater from a generic feed (a folder with latest.yml / latest-mac.yml /
 * latest-linux.yml and the installers), off unless a feed is configured. electron-updater checks the
 * feed, downloads the installer, refuses one whose sha512 differs from the feed's (and, on Windows and
 * macOS, one not signed like the running app) and installs it when MyBucks quits. This module only
 * decides whether to run it and passes its outcomes on; the shell hands it electron-updater's autoUpdater.
 */
import { writeFileSync } from 'node:fs';
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  updateConfigPath: string | null;
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * The feed to use, or null (updates off): `MYBUCKS_UPDATE_FEED` at run time, else the one built in
 * (`MYBUCKS_UPDATE_FEED` when the release was built). https only; plain http only on this computer.
 */
export function updateFeedUrl(configured: string | undefined): string | null {
  if (!configured) return null;
  const url = URL.parse(configured);
  if (!url) return null;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'))) return url.href;
  return null;
}

/**
 * Checks now and every few hours; `onReady` hears of each update downloaded and verified. Returns a stop
 * function. `configFile` receives the app-update.yml electron-builder would write for a `generic` publish
 * setting (JSON is YAML), because the feed is chosen when MyBucks runs, not when it is packaged.
 */
export function startUpdates(
  updater: Updater,
  feed: { url: string; configFile: string },
  log: UpdateLogger,
  onReady: (version: string) => void,
): () => void {
  updater.logger = {
    info: (message) => log.info(`updater: ${String(message)}`),
    warn: (message) => log.warn(`updater: ${String(message)}`),
    error: (message) => log.warn(`updater: ${String(message)}`),
  };
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  writeFileSync(feed.configFile, JSON.stringify({ provider: 'generic', url: feed.url, updaterCacheDirName: 'mybucks-updater' }));
  updater.updateConfigPath = feed.configFile;
  updater.on('update-downloaded', (info) => onReady(info.version));
  updater.on('error', (error) => log.warn('update failed', { error: error.message }));
  // A failed download is reported through 'error' too; its promise must not go unhandled as well.
  const check = () =>
    void updater.checkForUpdates().then(
      (result) => result?.downloadPromise?.catch(() => {}),
      (error: unknown) => log.warn('update check failed', { error: String(error) }),
    );
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
