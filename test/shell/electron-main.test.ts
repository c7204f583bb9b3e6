import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, __resetFakeElectron, app, dialog, ipcMain, protocol, session, shell } from '../fakes/electron';
import { EVENT_CHANNEL, IPC_PREFIX, apiMethods } from '../../src/shared/contract';
import type { AppEvent } from '../../src/shared/contract';
import { recordingService } from '../fakes/service';

const core = vi.hoisted(() => ({
  deps: null as null | Record<string, unknown>,
  listeners: new Set<(e: unknown) => void>(),
  closed: false,
}));
const rec = recordingService();

vi.mock('../../src/main/core/service', () => ({
  createService: (deps: Record<string, unknown>) => {
    core.deps = deps;
    return {
      service: rec.service,
      events: {
        on: (l: (e: unknown) => void) => {
          core.listeners.add(l);
          return () => core.listeners.delete(l);
        },
      },
      desktopSettings: () => ({ runInBackground: false, startAtLogin: false }),
      windowEvents: {
        on: (l: (e: unknown) => void) => {
          core.listeners.add(l);
          return () => core.listeners.delete(l);
        },
      },
      isBankPage: (url: string) => url === 'http://127.0.0.1:4999/northwind/connected-apps',
      close: async () => {
        core.closed = true;
      },
    };
  },
}));

const emit = (e: AppEvent) => core.listeners.forEach((l) => l(e));

beforeAll(async () => {
  __resetFakeElectron();
  process.env.MYBUCKS_MOCK_BANK_ORIGIN = 'http://127.0.0.1:4999';
  await import('../../src/main/electron-main');
  app.__ready();
  await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1));
});
afterAll(() => {
  delete process.env.MYBUCKS_MOCK_BANK_ORIGIN;
});

describe('electron-main', () => {
  it('registers app:// as privileged (standard, secure, fetch) but never bypassing CSP', () => {
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('takes the single-instance lock and sets the app user model id', () => {
    expect(app.userModelId).toBe('com.mybucks.desktop');
    expect(app.listenerCount('second-instance')).toBe(1);
  });

  it('opens one hardened window on app://mybucks', () => {
    const [win] = BrowserWindow.getAllWindows();
    expect(win.loadedUrl).toBe('app://mybucks/index.html');
    expect(win.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(win.webPreferences.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
    expect(win.webContents.__fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual([]);
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
  });

  it('hands the core the Electron adapters and the mock bank origin', () => {
    expect(core.deps).toMatchObject({ mockBankOrigin: 'http://127.0.0.1:4999', mode: 'electron' });
    expect(core.deps!.cipher).toHaveProperty('kind');
    expect(core.deps!.opener).toHaveProperty('open');
  });

  it('hands the core native file dialogs, modal to the MyBucks window', async () => {
    const [win] = BrowserWindow.getAllWindows();
    win.focus();
    const dialogs = core.deps!.dialogs as { chooseSaveFile(o: { title: string }): Promise<string | null> };
    dialog.answer = '/home/sarah/backup.sqlite';
    await expect(dialogs.chooseSaveFile({ title: 'Save a MyBucks backup' })).resolves.toBe('/home/sarah/backup.sqlite');
    expect(dialog.calls.at(-1)).toMatchObject({ kind: 'save', window: win });
    dialog.answer = null;
  });

  it('wires every contract method to IPC, trusting only app://mybucks', async () => {
    expect(ipcMain.handlers.size).toBe(apiMethods.length);
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, 'app://mybucks/index.html')).resolves.toMatchObject({ ok: true });
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, 'http://localhost:5173/')).rejects.toThrow(/Refused/);
  });

  it('fans events out to the window and brings it to front when a link finishes', () => {
    const [win] = BrowserWindow.getAllWindows();
    win.minimized = true;
    const focusedBefore = win.focused;
    emit({ type: 'link-finished', linkId: 'l1', outcome: 'linked', connectionId: 'c1', error: null, restored: false });
    expect(win.webContents.sent.at(-1)).toEqual({
      channel: EVENT_CHANNEL,
      args: [{ type: 'link-finished', linkId: 'l1', outcome: 'linked', connectionId: 'c1', error: null, restored: false }],
    });
    expect(win.focused).toBe(focusedBefore + 1);
    expect(win.minimized).toBe(false);
  });

  it('re-opens externally only the authorization URLs the opener opened', async () => {
    const [win] = BrowserWindow.getAllWindows();
    const opener = core.deps!.opener as { open(url: string): Promise<void> };
    await opener.open('http://127.0.0.1:4999/memorial/auth?state=x');
    win.webContents.windowOpenHandler!({ url: 'http://127.0.0.1:4999/memorial/auth?state=x' });
    win.webContents.windowOpenHandler!({ url: 'https://phish.example/' });
    expect(shell.opened).toEqual(['http://127.0.0.1:4999/memorial/auth?state=x', 'http://127.0.0.1:4999/memorial/auth?state=x']);
  });

  it("opens a bank's connected-apps page (where the user revokes access the bank would not let MyBucks revoke) in the browser", async () => {
    const [win] = BrowserWindow.getAllWindows();
    const before = shell.opened.length;
    win.webContents.windowOpenHandler!({ url: 'http://127.0.0.1:4999/northwind/connected-apps' });
    win.webContents.windowOpenHandler!({ url: 'http://127.0.0.1:4999/northwind/connected-apps/../evil' });
    await vi.waitFor(() => expect(shell.opened.slice(before)).toEqual(['http://127.0.0.1:4999/northwind/connected-apps']));
  });

  it('focuses the existing window on a second instance, quits when all windows close (not on macOS), closes the core first', async () => {
    const [win] = BrowserWindow.getAllWindows();
    const before = win.focused;
    app.emit('second-instance', {}, ['mybucks'], '/');
    expect(win.focused).toBe(before + 1);
    win.close();
    app.emit('window-all-closed');
    expect(app.quitCalled).toBe(process.platform !== 'darwin');
    app.quitCalled = false;
    let prevented = false;
    app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true); // waits for the core to close
    await vi.waitFor(() => expect(core.closed).toBe(true));
    await vi.waitFor(() => expect(app.quitCalled).toBe(true));
  });
});
