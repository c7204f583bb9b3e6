/** The desktop features of issue 13 in the shell, against the fake electron: notifications, menus, tray, start at login. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, Menu, Notification, Tray, __resetDesktopFakes, __resetFakeElectron, app, desktop, systemPreferences } from '../fakes/electron';
import type { BiometricPrompt } from '../../src/main/core/lock/app-lock';
import { EVENT_CHANNEL } from '../../src/shared/contract';
import type { AppEvent } from '../../src/shared/contract';
import type { DesktopSettingsDTO } from '../../src/shared/dto';
import { recordingService } from '../fakes/service';

const core = vi.hoisted(() => ({
  listeners: new Set<(e: unknown) => void>(),
  deps: null as null | { onDesktopSettings(s: DesktopSettingsDTO): void; biometric: BiometricPrompt },
  syncs: [] as unknown[],
  locked: false,
}));
vi.mock('../../src/main/core/service', () => ({
  createService: (deps: { onDesktopSettings(s: DesktopSettingsDTO): void; biometric: BiometricPrompt }) => ({
    service: (() => {
      core.deps = deps;
      const { service } = recordingService();
      service.syncNow = async (input) => {
        core.syncs.push(input);
        if (core.locked) throw Object.assign(new Error('MyBucks is locked. Enter your passcode to see your figures.'), { code: 'locked' });
      };
      return service;
    })(),
    events: {
      on: (l: (e: unknown) => void) => {
        core.listeners.add(l);
        return () => core.listeners.delete(l);
      },
    },
    windowEvents: { on: () => () => {} },
    desktopSettings: () => ({ runInBackground: true, startAtLogin: false }),
    isBankPage: () => false,
    receiveRedirect: async () => 'not-a-callback',
    close: async () => {},
  }),
}));
const emit = (e: AppEvent) => core.listeners.forEach((l) => l(e));
const updates = vi.hoisted(() => ({ touched: false }));
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      updates.touched = true;
      return {};
    },
  },
}));

beforeAll(async () => {
  __resetFakeElectron();
  __resetDesktopFakes();
  process.env.MYBUCKS_MOCK_BANK = 'off';
  await import('../../src/main/electron-main');
  app.__ready();
  await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1));
});

const notify: AppEvent = { type: 'notify', kind: 'sync-failed', connectionId: 'c1', title: 'Memorial Bank could not be synced', body: 'Memorial Bank answered 503.' };

describe('notifications', () => {
  it('shows a notify event as a native notification; clicking it brings the window forward', () => {
    const [win] = BrowserWindow.getAllWindows();
    win.minimized = true;
    emit(notify);
    expect(Notification.all).toHaveLength(1);
    const [shown] = Notification.all;
    expect(shown.options).toEqual({ title: 'Memorial Bank could not be synced', body: 'Memorial Bank answered 503.' });
    expect(shown.shown).toBe(true);
    const focused = win.focused;
    shown.emit('click');
    expect(win.focused).toBe(focused + 1);
    expect(win.minimized).toBe(false);
  });

  it('shows nothing where the system has no notifications, and nothing for other events', () => {
    Notification.all.length = 0;
    emit({ type: 'connections-changed' });
    Notification.supported = false;
    emit(notify);
    Notification.supported = true;
    expect(Notification.all).toEqual([]);
  });
});

describe('the native menu', () => {
  const item = (label: string) => Menu.application!.__find(label)!;

  it('has Sync now (Ctrl+R), Find (Ctrl+F) and Settings (Ctrl+,), each sent to the window as a menu command', () => {
    const [win] = BrowserWindow.getAllWindows();
    for (const [label, accelerator, command] of [
      ['Sync now', 'CmdOrCtrl+R', 'sync-now'],
      ['Find transactions…', 'CmdOrCtrl+F', 'search'],
      ['Settings', 'CmdOrCtrl+,', 'settings'],
    ] as const) {
      expect(item(label).accelerator).toBe(accelerator);
      item(label).click!();
      expect(win.webContents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, args: [{ type: 'menu-command', command }] });
    }
  });

  it('has no reload or developer tools', () => {
    const roles = JSON.stringify(Menu.application!.items);
    expect(roles).not.toMatch(/reload|toggleDevTools/i);
  });
});

describe('running in the background', () => {
  it('shows a tray icon whose menu opens the window, syncs and quits', () => {
    expect(Tray.all).toHaveLength(1);
    const [tray] = Tray.all;
    expect(tray.tooltip).toBe('MyBucks keeps your banks synced in the background');
    expect(tray.image).toMatchObject({ path: expect.stringMatching(/build[\\/]icon\.png$/), size: { width: 16, height: 16 } });
    tray.menu!.__find('Sync now')!.click!();
    expect(core.syncs).toEqual([{}]);
  });

  it('opens the window (its lock screen) when Sync now is refused because MyBucks is locked', async () => {
    const [win] = BrowserWindow.getAllWindows();
    win.minimized = true;
    core.locked = true;
    Tray.all[0].menu!.__find('Sync now')!.click!();
    core.locked = false;
    await vi.waitFor(() => expect(win.minimized).toBe(false));
  });

  it('keeps running when the window is closed, and the tray opens a new window that then hears menu commands', () => {
    const [win] = BrowserWindow.getAllWindows();
    win.close();
    app.quitCalled = false;
    app.emit('window-all-closed');
    expect(app.quitCalled).toBe(false);
    Menu.application!.__find('Settings')!.click!();
    const [reopened] = BrowserWindow.getAllWindows();
    expect(reopened).not.toBe(win);
    expect(reopened.loadedUrl).toBe('app://mybucks/index.html');
    expect(reopened.webContents.sent).toEqual([]);
    reopened.webContents.emit('did-finish-load');
    expect(reopened.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [{ type: 'menu-command', command: 'settings' }] }]);
    Tray.all[0].menu!.__find('Quit MyBucks')!.click!();
    expect(app.quitCalled).toBe(true);
    app.quitCalled = false;
  });

  it('turned off: removes the tray icon and quits when the last window closes', () => {
    core.deps!.onDesktopSettings({ runInBackground: false, startAtLogin: false });
    expect(Tray.all[0].destroyed).toBe(true);
    app.emit('window-all-closed');
    expect(app.quitCalled).toBe(process.platform !== 'darwin');
  });
});

describe('start at login', () => {
  it('on Windows and macOS registers a login item that starts in the background', () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      core.deps!.onDesktopSettings({ runInBackground: true, startAtLogin: true });
      core.deps!.onDesktopSettings({ runInBackground: true, startAtLogin: false });
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
    expect(desktop.loginItems).toEqual([
      { openAtLogin: true, args: ['--background'] },
      { openAtLogin: false, args: ['--background'] },
    ]);
  });

  it('on Linux writes and removes an XDG autostart entry', () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'linux' });
    const file = path.join(app.getPath('appData'), 'autostart', 'mybucks.desktop');
    try {
      core.deps!.onDesktopSettings({ runInBackground: true, startAtLogin: true });
      expect(readFileSync(file, 'utf8')).toContain(`Exec="${process.execPath}" --background`);
      core.deps!.onDesktopSettings({ runInBackground: true, startAtLogin: false });
      expect(existsSync(file)).toBe(false);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});

describe('updates', () => {
  it('are off unless a feed is configured', () => {
    expect(updates.touched).toBe(false);
  });
});

describe('Touch ID for the app lock', () => {
  function onPlatform<T>(platform: NodeJS.Platform, run: () => T): T {
    const saved = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: platform });
    try {
      return run();
    } finally {
      Object.defineProperty(process, 'platform', saved);
    }
  }

  it('is offered only on a Mac with a sensor', () => {
    const touchId = core.deps!.biometric;
    systemPreferences.touchIdSensor = true;
    expect(onPlatform('darwin', () => touchId.available())).toBe(true);
    expect(onPlatform('win32', () => touchId.available())).toBe(false);
    systemPreferences.touchIdSensor = false;
    expect(onPlatform('darwin', () => touchId.available())).toBe(false);
  });

  it('asks the system with the reason, and a cancelled prompt does not unlock', async () => {
    const touchId = core.deps!.biometric;
    await expect(touchId.prompt('unlock MyBucks')).resolves.toBe(true);
    systemPreferences.touchIdAnswer = false;
    await expect(touchId.prompt('unlock MyBucks')).resolves.toBe(false);
    expect(systemPreferences.prompts).toEqual(['unlock MyBucks', 'unlock MyBucks']);
  });
});
