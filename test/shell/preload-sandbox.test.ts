/**
 * The built preload (out/preload/index.cjs) evaluated the way Electron runs a sandboxed preload: in its
 * own context, with a `require` that offers only what the sandbox offers (`electron` with contextBridge
 * and ipcRenderer, `events`, `timers`, `url`) and the sandbox's few globals. A bundle that needs anything
 * else (fs, path, a dependency) throws here as it would in the window.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import * as timers from 'node:timers';
import * as url from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './support/built-app';
import type { BuiltApp } from './support/built-app';
import { EVENT_CHANNEL, IPC_PREFIX, apiMethods } from '../../src/shared/contract';

const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url']);

let built: BuiltApp;
const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
const invoked: { channel: string; args: unknown[] }[] = [];
const required: string[] = [];
const ipcRenderer = Object.assign(new EventEmitter(), {
  async invoke(channel: string, ...args: unknown[]) {
    invoked.push({ channel, args });
    return { ok: true, result: { channel } };
  },
});
const electron = {
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
  ipcRenderer,
};

function sandboxRequire(id: string): unknown {
  required.push(id);
  if (!SANDBOX_MODULES.has(id)) throw new Error(`module not found: ${id}`);
  return { electron, events: { EventEmitter, default: EventEmitter }, timers, url }[id];
}

beforeAll(async () => {
  built = await buildApp();
}, 60_000);
afterAll(() => built?.dispose());

describe('the built preload in a sandbox', () => {
  it('loads with only the sandbox modules and exposes exactly the contract under window.mybucks', () => {
    const code = readFileSync(built.preloadBundle, 'utf8');
    const context = vm.createContext({
      console,
      setImmediate,
      clearImmediate,
      Buffer,
      process: { platform: process.platform, versions: process.versions, env: {}, type: 'renderer', sandboxed: true, contextIsolated: true },
    });
    const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, context, {
      filename: built.preloadBundle,
    }) as (...args: unknown[]) => void;
    const module = { exports: {} };
    wrapper(module.exports, sandboxRequire, module, built.preloadBundle, '.');

    expect(required.every((id) => SANDBOX_MODULES.has(id))).toBe(true);
    expect([...exposed.keys()]).toEqual(['mybucks']);
    const api = exposed.get('mybucks')!;
    expect(Object.keys(api).sort()).toEqual([...apiMethods, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('routes a call to its own channel and delivers events without the IPC event object', async () => {
    const api = exposed.get('mybucks')!;
    await expect(api.listAccounts()).resolves.toEqual({ channel: `${IPC_PREFIX}listAccounts` });
    expect(invoked.at(-1)).toEqual({ channel: `${IPC_PREFIX}listAccounts`, args: [undefined] });
    const seen: unknown[][] = [];
    const off = api.onEvent((...args: unknown[]) => seen.push(args)) as () => void;
    ipcRenderer.emit(EVENT_CHANNEL, { sender: null }, { type: 'connections-changed' });
    off();
    ipcRenderer.emit(EVENT_CHANNEL, { sender: null }, { type: 'connections-changed' });
    expect(seen).toEqual([[{ type: 'connections-changed' }]]);
  });
});
