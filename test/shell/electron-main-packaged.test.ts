/** The packaged app: bundled mock bank in a utility process, UI only from app:// (no dev server). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, __resetFakeElectron, app, utilityProcess } from '../fakes/electron';
import { recordingService } from '../fakes/service';

const core = vi.hoisted(() => ({ deps: null as null | Record<string, unknown> }));
vi.mock('../../src/main/core/service', () => ({
  createService: (deps: Record<string, unknown>) => {
    core.deps = deps;
    return { service: recordingService().service, events: { on: () => () => {} }, windowEvents: { on: () => () => {} }, desktopSettings: () => ({ runInBackground: false, startAtLogin: false }), close: async () => {} };
  },
}));

const resources = mkdtempSync(path.join(tmpdir(), 'mybucks-resources-'));
const saved = { resourcesPath: process.resourcesPath, env: { ...process.env } };

beforeAll(async () => {
  __resetFakeElectron();
  app.isPackaged = true;
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
  delete process.env.MYBUCKS_MOCK_BANK_ORIGIN;
  delete process.env.MYBUCKS_MOCK_BANK;
  process.env.MOCK_BANK_PORT = '1'; // nothing answers there, so the bundled bank is started
  process.env.MYBUCKS_RENDERER_URL = 'http://localhost:5173/';
  utilityProcess.firstMessage = { origin: 'http://127.0.0.1:1' };
  await import('../../src/main/electron-main');
  app.__ready();
  await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1), { timeout: 5000 });
});
afterAll(() => {
  process.env = saved.env;
  Object.defineProperty(process, 'resourcesPath', { value: saved.resourcesPath, configurable: true });
});

describe('electron-main, packaged', () => {
  it('runs the bundled mock bank from resources in a utility process and hands its origin to the core', () => {
    expect(utilityProcess.forked).toHaveLength(1);
    const [child] = utilityProcess.forked;
    expect(child.modulePath).toBe(path.join(resources, 'mock-bank', 'mock-bank.cjs'));
    expect(child.args[0]).toBe('1');
    expect(child.args[1]).toMatch(/mock-bank\.json$/);
    expect(core.deps).toMatchObject({ mockBankOrigin: 'http://127.0.0.1:1' });
  });

  it('ignores a dev-server URL and loads the UI from app://', () => {
    expect(BrowserWindow.getAllWindows()[0].loadedUrl).toBe('app://mybucks/index.html');
  });

  it('stops the mock bank when the app quits', () => {
    app.emit('will-quit', { preventDefault: () => {} });
    expect(utilityProcess.forked[0].killed).toBe(true);
  });
});
