import { beforeAll, describe, expect, it } from 'vitest';
import { __resetFakeElectron, contextBridge, ipcRenderer } from '../fakes/electron';
import { EVENT_CHANNEL, IPC_PREFIX, apiMethods } from '../../src/shared/contract';
import type { AppEvent, MyBucksApi } from '../../src/shared/contract';

let api: MyBucksApi;

beforeAll(async () => {
  __resetFakeElectron();
  await import('../../src/preload/index');
  api = contextBridge.exposed.get('mybucks') as MyBucksApi;
});

describe('preload', () => {
  it('exposes exactly the contract methods plus onEvent, under one key', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['mybucks']);
    expect(Object.keys(api).sort()).toEqual([...apiMethods, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('routes each method to its own channel with the input', async () => {
    ipcRenderer.reply = (channel, args) => ({ ok: true, result: { channel, args } });
    await expect(api.listAccounts()).resolves.toEqual({ channel: `${IPC_PREFIX}listAccounts`, args: [undefined] });
    const input = { connectionId: 'c1', keepData: true };
    await expect(api.disconnect(input)).resolves.toEqual({ channel: `${IPC_PREFIX}disconnect`, args: [input] });
  });

  it('rejects with an Error carrying the ApiErrorBody of a failed call', async () => {
    ipcRenderer.reply = () => ({ ok: false, error: { code: 'not_found', message: 'No such rule.' } });
    const failure = api.deleteRule({ ruleId: 'r1' });
    await expect(failure).rejects.toBeInstanceOf(Error);
    await expect(failure).rejects.toMatchObject({ code: 'not_found', message: 'No such rule.' });
  });

  it('onEvent delivers the event without the IpcRendererEvent and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = api.onEvent((...args: unknown[]) => seen.push(args));
    const event: AppEvent = { type: 'connections-changed' };
    ipcRenderer.__emitFromMain(EVENT_CHANNEL, event);
    expect(seen).toEqual([[event]]);
    off();
    ipcRenderer.__emitFromMain(EVENT_CHANNEL, event);
    expect(seen).toHaveLength(1);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });
});
