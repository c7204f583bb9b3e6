import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, __resetFakeElectron, ipcMain } from '../fakes/electron';
import { EVENT_CHANNEL, IPC_PREFIX, apiMethods } from '../../src/shared/contract';
import type { AppEvent } from '../../src/shared/contract';
import { fanOutEvents, registerIpc, trustedSenderCheck } from '../../src/main/ipc';
import type { IpcMainLike } from '../../src/main/ipc';
import { INTERNAL_ERROR_MESSAGE } from '../../src/main/api-errors';
import { recordingService } from '../fakes/service';

const APP = 'app://mybucks/index.html';
const fake: IpcMainLike = ipcMain;

describe('registerIpc', () => {
  let rec: ReturnType<typeof recordingService>;
  let unregister: () => void;

  beforeEach(() => {
    __resetFakeElectron();
    rec = recordingService();
    unregister = registerIpc(fake, rec.service, trustedSenderCheck(['app://mybucks']));
  });
  afterEach(() => unregister());

  it('registers one handler per contract method and removes them again', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(apiMethods.map((m) => IPC_PREFIX + m).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('passes validated input (with defaults) to the service', async () => {
    const answer = await ipcMain.__invoke(`${IPC_PREFIX}topMerchants`, APP, { from: '2026-01-01', to: '2026-01-31' });
    expect(answer).toEqual({
      ok: true,
      result: { method: 'topMerchants', input: { from: '2026-01-01', to: '2026-01-31', limit: 10 } },
    });
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, APP)).resolves.toMatchObject({ ok: true });
  });

  it('refuses a frame of another origin without calling the service', async () => {
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, 'https://evil.example/')).rejects.toThrow(/Refused/);
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, 'app://mybucks.evil/')).rejects.toThrow(/Refused/);
    expect(rec.calls).toEqual([]);
  });

  it('refuses a sub-frame even of our own origin, and a missing frame', async () => {
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, APP, undefined, { mainFrame: false })).rejects.toThrow(/Refused/);
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, APP, undefined, { noFrame: true })).rejects.toThrow(/Refused/);
    expect(rec.calls).toEqual([]);
  });

  it('answers invalid_input for bad arguments and never reaches the service', async () => {
    const bad = await ipcMain.__invoke(`${IPC_PREFIX}netWorth`, APP, { from: 'yesterday', to: '2026-01-01' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/from/);
    const extra = await ipcMain.__invoke(`${IPC_PREFIX}listAccounts`, APP, { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rec.calls).toEqual([]);
  });

  it('turns service errors into ApiErrorBody without stacks', async () => {
    rec.failNext('syncNow', Object.assign(new Error('Memorial Bank asks you to sign in again.'), { code: 'needs_reauth' }));
    const coded = await ipcMain.__invoke(`${IPC_PREFIX}syncNow`, APP, {});
    expect(coded).toEqual({ ok: false, error: { code: 'needs_reauth', message: 'Memorial Bank asks you to sign in again.' } });

    rec.failNext('syncNow', new Error('SQLITE_CORRUPT at /home/sarah/.mybucks/db.sqlite'));
    const internal = await ipcMain.__invoke(`${IPC_PREFIX}syncNow`, APP, {});
    expect(internal).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    expect(JSON.stringify(internal)).not.toMatch(/stack|sqlite/i);
  });

  it('accepts the dev server origin when it is trusted', async () => {
    unregister();
    unregister = registerIpc(fake, rec.service, trustedSenderCheck(['app://mybucks', 'http://localhost:5173']));
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listProviders`, 'http://localhost:5173/')).resolves.toMatchObject({ ok: true });
    await expect(ipcMain.__invoke(`${IPC_PREFIX}listProviders`, 'http://localhost:5174/')).rejects.toThrow(/Refused/);
  });
});

describe('fanOutEvents', () => {
  it('sends each event to every live window on the event channel', () => {
    __resetFakeElectron();
    let emit: (e: AppEvent) => void = () => {};
    const subscribe = (listener: (e: AppEvent) => void) => {
      emit = listener;
      return () => {
        emit = () => {};
      };
    };
    const a = new BrowserWindow();
    const b = new BrowserWindow();
    const off = fanOutEvents(subscribe, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
    b.close();
    emit({ type: 'data-changed' });
    expect(a.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [{ type: 'data-changed' }] }]);
    expect(b.webContents.sent).toEqual([]);
    off();
    emit({ type: 'connections-changed' });
    expect(a.webContents.sent).toHaveLength(1);
  });
});
