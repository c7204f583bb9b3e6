/** The packaged app with an update feed configured: electron-updater started on it, a ready update announced. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, Notification, __resetDesktopFakes, __resetFakeElectron, app } from '../fakes/electron';
import { recordingService } from '../fakes/service';

interface FakeAutoUpdater extends EventEmitter {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  updateConfigPath: string | null;
}
const updater = vi.hoisted(() => ({ instance: null as FakeAutoUpdater | null, checks: 0 }));
vi.mock('electron-updater', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const autoUpdater = Object.assign(new Emitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: null,
    updateConfigPath: null as string | null,
    checkForUpdates: async () => {
      updater.checks += 1;
      return null;
    },
  });
  updater.instance = autoUpdater;
  return { default: { autoUpdater } };
});
vi.mock('../../src/main/core/service', () => ({
  createService: () => ({ service: recordingService().service, events: { on: () => () => {} }, windowEvents: { on: () => () => {} }, desktopSettings: () => ({ runInBackground: false, startAtLogin: false }), isBankPage: () => false, receiveRedirect: async () => 'not-a-callback', close: async () => {} }),
}));

const saved = { env: { ...process.env }, resourcesPath: process.resourcesPath };
beforeAll(async () => {
  __resetFakeElectron();
  __resetDesktopFakes();
  app.isPackaged = true;
  Object.defineProperty(process, 'resourcesPath', { value: mkdtempSync(path.join(tmpdir(), 'mybucks-res-')), configurable: true });
  process.env.MYBUCKS_MOCK_BANK_ORIGIN = 'http://127.0.0.1:1';
  process.env.MYBUCKS_UPDATE_FEED = 'https://updates.example/mybucks/';
  await import('../../src/main/electron-main');
  app.__ready();
  await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1));
});
afterAll(() => {
  process.env = saved.env;
  Object.defineProperty(process, 'resourcesPath', { value: saved.resourcesPath, configurable: true });
});

describe('updates in the packaged app', () => {
  it('starts electron-updater on the configured feed (downloads, installs on quit)', () => {
    const instance = updater.instance!;
    expect(updater.checks).toBe(1);
    expect(instance.autoDownload).toBe(true);
    expect(instance.autoInstallOnAppQuit).toBe(true);
    expect(instance.updateConfigPath).toBe(path.join(app.getPath('userData'), 'app-update.yml'));
  });

  it('announces a downloaded update with what happens next', () => {
    updater.instance!.emit('update-downloaded', { version: '0.2.0' });
    expect(Notification.all.map((n) => n.options)).toEqual([
      { title: 'MyBucks 0.2.0 is ready to install', body: 'It is installed when you quit MyBucks. Quit and open MyBucks again to use it now.' },
    ]);
  });
});
