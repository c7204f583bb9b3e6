/**
 * The Electron shell: lifecycle, the window, the app:// protocol, IPC wiring and security hooks. All
 * behaviour lives in plain modules (ipc, window-security, app-protocol, the core); this file only
 * connects them to Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, ipcMain, net, protocol, session, utilityProcess } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { createService } from './core/service';
import { createLogger } from './core/log';
import { SafeStorageCipher } from './adapters/electron/safe-storage-cipher';
import { ElectronStoreSettings } from './adapters/electron/electron-store-settings';
import { ShellUrlOpener } from './adapters/electron/shell-url-opener';
import { ElectronFileDialogs } from './adapters/electron/dialog-file-dialogs';
import { showNativeNotification } from './adapters/electron/notifications';
import { TrayPresence, applyStartAtLogin } from './adapters/electron/background';
import { TouchIdPrompt } from './adapters/electron/touch-id';
import { appMenuTemplate } from './app-menu';
import electronUpdater from 'electron-updater';
import { startUpdates, updateFeedUrl } from './updates';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, originOf } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { fanOutEvents, registerIpc, trustedSenderCheck } from './ipc';
import { guardWebContents, restrictPermissions, secureWebPreferences } from './window-security';
import { DEFAULT_MOCK_BANK_PORT, mockBankAnswers, mockBankStateFile, startMockBankProcess } from './dev-mock-bank';
import type { MockBankProcess } from './dev-mock-bank';
import { PRIVATE_USE_SCHEME, findRedirectArg } from './core/auth/private-use-redirect';
import { EVENT_CHANNEL } from '../shared/contract';
import type { AppEvent } from '../shared/contract';
import type { DesktopSettingsDTO, MenuCommand } from '../shared/dto';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main when built
const appRoot = path.resolve(here, '..', '..');
const rendererDir = path.join(appRoot, 'out', 'renderer');
const preloadPath = path.join(appRoot, 'out', 'preload', 'index.cjs');
const trayIconPath = path.join(appRoot, 'build', 'icon.png');
/** The update feed built into a release (scripts/build-electron.mjs, from MYBUCKS_UPDATE_FEED); absent when run from source. */
declare const __MYBUCKS_UPDATE_FEED__: string | undefined;
const builtInUpdateFeed = typeof __MYBUCKS_UPDATE_FEED__ === 'string' ? __MYBUCKS_UPDATE_FEED__ : undefined;
/** In development the renderer may come from Vite's dev server instead of app://. */
const devServerUrl = app.isPackaged ? undefined : process.env.MYBUCKS_RENDERER_URL || undefined;
const trustedOrigins = [APP_ORIGIN, ...(devServerUrl ? [originOf(devServerUrl)!] : [])];

const log = createLogger();
let mainWindow: BrowserWindow | null = null;
let mockBank: MockBankProcess | null = null;
/** Hands a private-use scheme redirect (RFC 8252 §7.1) to the core once it runs; a link waits only in a running app. */
let receiveRedirect = (_url: string): void => log.warn('a sign-in redirect arrived before MyBucks was ready; ignored');
/** Until the core has read the user's choice, closing the last window quits as usual. */
let runInBackground = false;

// Must happen before `ready`: app:// behaves like https (standard, secure origin, fetch); never bypassCSP.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    // Running in the background with the window closed: open it again.
    if (app.isReady()) mainWindow = createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'MyBucks',
    backgroundColor: '#0f172a',
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return window;
}

/** Packaged builds run the bundled mock bank (extra resource) in an Electron utility process. */
async function startBundledMockBank(port: number, persistFile: string): Promise<MockBankProcess> {
  const origin = `http://127.0.0.1:${port}`;
  if (await mockBankAnswers(origin)) return { origin, stop: () => {} };
  const child = utilityProcess.fork(path.join(process.resourcesPath, 'mock-bank', 'mock-bank.cjs'), [String(port), persistFile], {
    serviceName: 'MyBucks mock bank',
  });
  const reply = await new Promise<{ origin?: string; error?: string }>((resolve) => {
    child.once('message', resolve);
    child.once('exit', (code) => resolve({ error: `exited with code ${code}` }));
  });
  if (!reply.origin) {
    child.kill();
    throw new Error(`The mock bank could not start: ${reply.error ?? 'no answer'}`);
  }
  return { origin: reply.origin, stop: () => child.kill() };
}

async function mockBankOrigin(): Promise<string | undefined> {
  if (process.env.MYBUCKS_MOCK_BANK_ORIGIN) return process.env.MYBUCKS_MOCK_BANK_ORIGIN;
  if (process.env.MYBUCKS_MOCK_BANK === 'off') return undefined;
  const port = Number(process.env.MOCK_BANK_PORT ?? DEFAULT_MOCK_BANK_PORT);
  const persistFile = mockBankStateFile(app.getPath('userData'));
  try {
    mockBank = app.isPackaged
      ? await startBundledMockBank(port, persistFile)
      : await startMockBankProcess(appRoot, { port, persistFile });
    return mockBank.origin;
  } catch (error) {
    log.warn('starting without the mock bank', { error });
    return undefined;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  restrictPermissions(session.defaultSession, trustedOrigins);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, (fileUrl) => net.fetch(fileUrl)));

  const sendMenuCommand = (command: MenuCommand) => {
    const event: AppEvent = { type: 'menu-command', command };
    const wasOpen = mainWindow !== null && !mainWindow.isDestroyed();
    showWindow();
    // A window opened just now hears the command once its page has loaded.
    if (wasOpen) mainWindow?.webContents.send(EVENT_CHANNEL, event);
    else mainWindow?.webContents.once('did-finish-load', () => mainWindow?.webContents.send(EVENT_CHANNEL, event));
  };
  const menu = appMenuTemplate({ platform: process.platform, appName: app.getName(), command: sendMenuCommand });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu as MenuItemConstructorOptions[]));

  const opener = new ShellUrlOpener();
  let isBankPage: (url: string) => boolean = () => false;
  // Every web contents, whoever creates it, stays on our origin and opens nothing itself; the system browser
  // opens a sign-in URL again, or a bank's own connected-apps page.
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, {
      allowedOrigins: trustedOrigins,
      onExternalRequest: (url) => {
        if (isBankPage(url)) void opener.open(url);
        else if (!opener.openAgain(url)) log.warn('blocked a request to open a window', { url });
      },
    }),
  );
  const core = createService({
    dataDir: app.getPath('userData'),
    cipher: new SafeStorageCipher(),
    settings: new ElectronStoreSettings(),
    opener,
    dialogs: new ElectronFileDialogs(),
    mockBankOrigin: await mockBankOrigin(),
    logger: log,
    mode: 'electron',
    version: app.getVersion(),
    biometric: new TouchIdPrompt(),
    onDesktopSettings: (settings) => {
      applyDesktopSettings(settings);
      applyStartAtLogin(settings.startAtLogin);
    },
  });
  const tray = new TrayPresence(trayIconPath, {
    open: showWindow,
    // Refused while the app is locked: the window then shows the lock screen.
    syncNow: () => void core.service.syncNow({}).catch(showWindow),
    quit: () => app.quit(),
  });
  function applyDesktopSettings(settings: DesktopSettingsDTO): void {
    runInBackground = settings.runInBackground === true;
    tray.update(runInBackground);
  }
  applyDesktopSettings(core.desktopSettings());
  isBankPage = (url) => core.isBankPage(url);
  receiveRedirect = (url) => void core.receiveRedirect(url);
  registerIpc(ipcMain, core.service, trustedSenderCheck(trustedOrigins), log);
  fanOutEvents(core.windowEvents.on, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  core.events.on((event: AppEvent) => {
    if (event.type === 'link-finished') showWindow();
    if (event.type === 'notify') showNativeNotification(event, showWindow);
  });

  const updateFeed = updateFeedUrl(process.env.MYBUCKS_UPDATE_FEED || builtInUpdateFeed);
  if (updateFeed && app.isPackaged) {
    startUpdates(electronUpdater.autoUpdater, { url: updateFeed, configFile: path.join(app.getPath('userData'), 'app-update.yml') }, log, (version) =>
      showNativeNotification(
        { title: `MyBucks ${version} is ready to install`, body: 'It is installed when you quit MyBucks. Quit and open MyBucks again to use it now.' },
        showWindow,
      ),
    );
  }

  // Started at login: stay in the background until the user opens the window.
  if (!(runInBackground && process.argv.includes('--background'))) mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    mockBank?.stop();
    if (closed) return;
    // Let the core finish (stop syncs, close the database) before the process goes.
    event.preventDefault();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId('com.mybucks.desktop');
  // Run from source (`electron .`), the OS must start Electron with the app's path to hand it the URL.
  const registered = process.defaultApp && process.argv[1]
    ? app.setAsDefaultProtocolClient(PRIVATE_USE_SCHEME, process.execPath, [path.resolve(process.argv[1])])
    : app.setAsDefaultProtocolClient(PRIVATE_USE_SCHEME);
  if (!registered) log.warn('could not register the sign-in address scheme with the OS', { scheme: PRIVATE_USE_SCHEME });
  // Windows and Linux start a second instance with the URL in argv; macOS sends open-url.
  app.on('second-instance', (_event, argv: string[]) => {
    showWindow();
    const url = findRedirectArg(argv);
    if (url) receiveRedirect(url);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    showWindow();
    receiveRedirect(url);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' && !runInBackground) app.quit();
  });
  start().catch((error: unknown) => {
    log.error('MyBucks could not start', { error });
    app.quit();
  });
}
