/**
 * A stand-in for the `electron` module (the real one cannot run here). The Vitest `shell` project aliases
 * `electron` to this file. It records what the shell asks of Electron and offers `__` helpers so tests can
 * play the part of Chromium: invoke an IPC channel from a given frame, fire window events, pick the
 * Linux secret-storage backend. Call `__resetFakeElectron()` between tests.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';


// ---------------------------------------------------------------- app
class FakeApp extends EventEmitter {
  isPackaged = false;
  userModelId: string | null = null;
  quitCalled = false;
  singleInstanceLock = true;
  private readonly paths = new Map<string, string>();
  private ready = false;

  getPath(name: string): string {
    let p = this.paths.get(name);
    if (!p) {
      p = mkdtempSync(join(tmpdir(), `fake-electron-${name}-`));
      this.paths.set(name, p);
    }
    return p;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getVersion(): string {
    return '0.1.0';
  }
  getName(): string {
    return 'MyBucks';
  }
  getAppPath(): string {
    return process.cwd();
  }
  setAppUserModelId(id: string): void {
    this.userModelId = id;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  quit(): void {
    this.quitCalled = true;
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.once('ready', () => resolve()));
  }
  /** Test helper: Electron finished initialising. */
  __ready(): void {
    this.ready = true;
    this.emit('ready');
  }
}

// ---------------------------------------------------------------- ipcMain
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

type Handler = (event: { senderFrame: FakeFrame | null; sender: unknown }, ...args: unknown[]) => unknown;

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /**
   * Calls a handler as if a renderer frame at `senderUrl` had called `ipcRenderer.invoke(channel, input)`.
   * A handler's rejection surfaces as the rejection of this promise, as in Electron.
   */
  async __invoke(
    channel: string,
    senderUrl: string,
    input?: unknown,
    opts: { mainFrame?: boolean; noFrame?: boolean } = {},
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const top: FakeFrame = { url: 'app://mybucks/index.html', parent: null };
    const senderFrame: FakeFrame | null = opts.noFrame
      ? null
      : opts.mainFrame === false
        ? { url: senderUrl, parent: top }
        : { url: senderUrl, parent: null };
    const args = input === undefined ? [] : [input];
    return handler({ senderFrame, sender: {} }, ...args);
  }
}

// ---------------------------------------------------------------- session
type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string },
) => void;
type PermissionCheckHandler = (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;

  setPermissionRequestHandler(h: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = h;
  }
  /** Test helper: asks whether a permission request from a page at `requestingUrl` would be granted. */
  __request(permission: string, requestingUrl = 'app://mybucks/index.html'): Promise<boolean> {
    const h = this.permissionRequestHandler;
    if (!h) return Promise.resolve(true); // Electron's default grants
    return new Promise((resolve) => h({}, permission, resolve, { requestingUrl }));
  }
}

// ---------------------------------------------------------------- BrowserWindow
export interface FakeNavigationEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  readonly session = session.defaultSession;

  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Test helper: fires a cancellable event such as 'will-navigate' and says whether it was prevented. */
  __fire(name: string, ...args: unknown[]): boolean {
    const event: FakeNavigationEvent = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit(name, event, ...args);
    return event.defaultPrevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  /** The window with the keyboard focus: the last one focused (or shown) that is still open. */
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.getAllWindows().find((w) => w.hasFocus) ?? null;
  }

  readonly options: Record<string, unknown>;
  readonly webPreferences: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  focused = 0;
  minimized = false;
  destroyed = false;
  hasFocus = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    this.webPreferences = (options.webPreferences as Record<string, unknown>) ?? {};
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused += 1;
    for (const w of BrowserWindow.all) w.hasFocus = w === this;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

// ---------------------------------------------------------------- shell
export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
  async openPath(): Promise<string> {
    return '';
  },
};

// ---------------------------------------------------------------- dialog
export interface FakeDialogCall {
  kind: 'save' | 'open';
  /** The window the dialog was modal to, or null for a free-standing one. */
  window: BrowserWindow | null;
  options: Record<string, unknown>;
}

export const dialog = {
  calls: [] as FakeDialogCall[],
  /** What the next dialog answers: a path, or null for "the user cancelled". */
  answer: null as string | null,
  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    dialog.record('save', args);
    return dialog.answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: dialog.answer };
  },
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    dialog.record('open', args);
    return dialog.answer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [dialog.answer] };
  },
  record(kind: 'save' | 'open', args: unknown[]): void {
    const [first, second] = args;
    const window = first instanceof BrowserWindow ? first : null;
    dialog.calls.push({ kind, window, options: (window ? second : first) as Record<string, unknown> });
  },
};

// ---------------------------------------------------------------- safeStorage
type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
const FAKE_PREFIX = Buffer.from('fake-os-crypt:');

export const safeStorage = {
  backend: 'gnome_libsecret' as Backend,
  available: true,
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return safeStorage.available;
  },
  getSelectedStorageBackend(): Backend {
    return safeStorage.backend;
  },
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!safeStorage.available) throw new Error('Encryption is not available.');
    // Reversible and obviously not the plaintext: enough for a round trip.
    const bytes = Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a);
    return Buffer.concat([FAKE_PREFIX, bytes]);
  },
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    if (!encrypted.subarray(0, FAKE_PREFIX.length).equals(FAKE_PREFIX)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const bytes = encrypted.subarray(FAKE_PREFIX.length).map((b) => b ^ 0x5a);
    return { result: Buffer.from(bytes).toString('utf8'), shouldReEncrypt: false };
  },
};

// ---------------------------------------------------------------- session (default)
export const session = { defaultSession: new FakeSession() };

// ---------------------------------------------------------------- protocol
export const protocol = {
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    protocol.handlers.set(scheme, handler);
  },
};

// ---------------------------------------------------------------- net
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export const net = {
  /** Like Electron's `net.fetch` for `file:` URLs: reads the file, 404-ish failure when missing. */
  async fetch(url: string): Promise<Response> {
    const u = new URL(url);
    if (u.protocol !== 'file:') return globalThis.fetch(url);
    try {
      const body = readFileSync(fileURLToPath(u));
      return new Response(body, { status: 200, headers: { 'content-type': MIME[extname(u.pathname)] ?? 'application/octet-stream' } });
    } catch {
      throw new TypeError(`net::ERR_FILE_NOT_FOUND ${url}`);
    }
  },
};

// ---------------------------------------------------------------- utilityProcess
class FakeUtilityProcess extends EventEmitter {
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
  postMessage(): void {}
  kill(): boolean {
    this.killed = true;
    this.emit('exit', 0);
    return true;
  }
}

export const utilityProcess = {
  forked: [] as FakeUtilityProcess[],
  /** What a forked process says first (tests set it); by default nothing. */
  firstMessage: null as unknown,
  fork(modulePath: string, args: string[] = [], options: Record<string, unknown> = {}): FakeUtilityProcess {
    const child = new FakeUtilityProcess(modulePath, args, options);
    utilityProcess.forked.push(child);
    const message = utilityProcess.firstMessage;
    if (message !== null) setImmediate(() => child.emit('message', message));
    return child;
  },
};

// ---------------------------------------------------------------- renderer side
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  /** What `invoke` resolves with; by default echoes the channel so tests can see the routing. */
  reply: (channel: string, args: unknown[]) => unknown = (channel) => ({ channel });

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply(channel, args);
  }
  /** Test helper: the main process sends `payload` on `channel`. */
  __emitFromMain(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this, senderId: 0 }, payload);
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();

export function __resetFakeElectron(): void {
  app.removeAllListeners();
  app.quitCalled = false;
  app.isPackaged = false;
  app.userModelId = null;
  app.singleInstanceLock = true;
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked.length = 0;
  contextBridge.exposed.clear();
  BrowserWindow.all.length = 0;
  shell.opened.length = 0;
  dialog.calls.length = 0;
  dialog.answer = null;
  safeStorage.backend = 'gnome_libsecret';
  safeStorage.available = true;
  session.defaultSession = new FakeSession();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  utilityProcess.forked.length = 0;
  utilityProcess.firstMessage = null;
}

export default {
  app,
  ipcMain,
  ipcRenderer,
  BrowserWindow,
  shell,
  dialog,
  safeStorage,
  session,
  protocol,
  net,
  contextBridge,
  utilityProcess,
};

// Desktop (issue 13)
/** What the desktop features (issue 13) asked of Electron; `__resetDesktopFakes()` clears it. */
export const desktop = {
  protocolClients: [] as { scheme: string; path?: string; args?: string[] }[],
  loginItems: [] as { openAtLogin: boolean; args?: string[] }[],
};
Object.assign(app, {
  setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean {
    desktop.protocolClients.push({ scheme, ...(path && { path }), ...(args && { args }) });
    return true;
  },
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    desktop.loginItems.push(settings);
  },
});

export interface FakeMenuItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  submenu?: FakeMenuItem[];
  click?: () => void;
}

export class Menu {
  static application: Menu | null = null;
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.application = menu;
  }
  /** Test helper: the first item with this label, depth first. */
  __find(label: string): FakeMenuItem | undefined {
    const walk = (items: FakeMenuItem[]): FakeMenuItem | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        const inner = item.submenu && walk(item.submenu);
        if (inner) return inner;
      }
      return undefined;
    };
    return walk(this.items);
  }
}

export const nativeImage = {
  createFromPath(path: string) {
    return {
      path,
      size: null as { width: number; height: number } | null,
      resize(size: { width: number; height: number }) {
        return { ...this, size };
      },
    };
  },
};

export class Tray extends EventEmitter {
  static readonly all: Tray[] = [];
  tooltip = '';
  menu: Menu | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    Tray.all.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: Menu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static readonly all: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body?: string }) {
    super();
    Notification.all.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

export const systemPreferences = {
  /** Whether this Mac has a Touch ID sensor, and what the user's finger answers. */
  touchIdSensor: false,
  touchIdAnswer: true,
  prompts: [] as string[],
  canPromptTouchID(): boolean {
    return systemPreferences.touchIdSensor;
  },
  async promptTouchID(reason: string): Promise<void> {
    systemPreferences.prompts.push(reason);
    if (!systemPreferences.touchIdAnswer) throw new Error('Touch ID: user cancelled');
  },
};

export function __resetDesktopFakes(): void {
  systemPreferences.touchIdSensor = false;
  systemPreferences.touchIdAnswer = true;
  systemPreferences.prompts.length = 0;
  desktop.protocolClients.length = 0;
  desktop.loginItems.length = 0;
  Menu.application = null;
  Tray.all.length = 0;
  Notification.all.length = 0;
  Notification.supported = true;
}
