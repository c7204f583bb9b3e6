/**
 * The built main bundle (out/main/electron-main.js from the real build script), booted in plain Node —
 * no Vite transform, real ESM/CJS interop of its dependencies — with only `electron` replaced by the
 * fake, through the lifecycle a user's launch goes through: ready → hardened window → app:// serves the
 * built renderer → an IPC call round-trips through the real core and SQLite → quit closes the database.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './support/built-app';
import type { BuiltApp } from './support/built-app';
import { IPC_PREFIX } from '../../src/shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../src/main/app-origin';

let built: BuiltApp;
let child: ChildProcess;
let userData: string;
let nextId = 0;
const crashes: string[] = [];

function send<T = Record<string, unknown>>(cmd: string, args?: unknown): Promise<T> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const onMessage = (message: { id?: number; value?: T; error?: string; crash?: string }) => {
      if (message.crash) reject(new Error(`the bundle crashed: ${message.crash}`));
      if (message.id !== id) return;
      child.off('message', onMessage);
      if (message.error) reject(new Error(message.error));
      else resolve(message.value as T);
    };
    child.on('message', onMessage);
    child.send({ id, cmd, args });
  });
}

/** A fresh process running the bundle, as one launch of the app. */
async function launch(): Promise<void> {
  child?.kill();
  // An empty dev-server variable (as a shell may leave it) must not replace app://.
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: built.root, MYBUCKS_MOCK_BANK: 'off', MYBUCKS_RENDERER_URL: '' };
  delete env.MYBUCKS_MOCK_BANK_ORIGIN;
  child = fork(path.join(import.meta.dirname, 'support', 'boot-harness.mjs'), [built.fakeElectron, built.mainBundle], {
    execArgv: [],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.on('message', (m: { crash?: string }) => m.crash && crashes.push(m.crash));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the harness exited with ${code}`)));
  });
}

beforeAll(async () => {
  built = await buildApp();
  userData = path.join(built.root, 'user-data');
  mkdirSync(userData);
  await launch();
}, 60_000);

afterAll(() => {
  child?.kill();
  built?.dispose();
});

describe('the built main bundle in plain Node', () => {
  it('loads, registers app:// as privileged and takes the single-instance lock', async () => {
    const boot = await send('boot', { userData });
    expect(boot.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(boot.userModelId).toBe('com.mybucks.desktop');
    expect(boot.secondInstanceListeners).toBeGreaterThan(0);
  });

  it('on ready opens one window with the secure preferences and the guards', async () => {
    const ready = await send<Record<string, unknown> & { webPreferences: Record<string, unknown> }>('ready');
    expect(ready.windows).toBe(1);
    expect(ready.loadedUrl).toBe('app://mybucks/index.html');
    expect(ready.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    // The preload the window names is the built one beside the bundle.
    expect(ready.webPreferences.preload).toBe(built.preloadBundle);
    expect(ready.navigateAwayPrevented).toBe(true);
    expect(ready.navigateHomePrevented).toBe(false);
    expect(ready.redirectAwayPrevented).toBe(true);
    expect(ready.webviewPrevented).toBe(true);
    expect(ready.windowOpen).toEqual({ action: 'deny' });
    expect(ready.cameraGranted).toBe(false);
    expect(ready.appHandler).toBe(true);
  });

  it('serves the built renderer on app:// with the strict CSP, and nothing outside it', async () => {
    const index = await send<{ status: number; headers: Record<string, string>; text: string }>('fetch', { url: 'app://mybucks/index.html' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.text).toBe(readFileSync(path.join(built.rendererDir, 'index.html'), 'utf8'));
    const script = /src="(?:\.?\/)?(assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const asset = await send<{ status: number; sha256: string }>('fetch', { url: `app://mybucks/${script}` });
    expect(asset.status).toBe(200);
    expect(asset.sha256).toBe(createHash('sha256').update(readFileSync(path.join(built.rendererDir, script!))).digest('hex'));
    const escape = await send<{ status: number }>('fetch', { url: 'app://mybucks/..%2f..%2fpackage.json' });
    expect(escape.status).toBe(403);
  });

  it('round-trips IPC calls through the real core and SQLite, refusing foreign frames and bad input', async () => {
    const accounts = await send<{ reply: unknown }>('invoke', { channel: `${IPC_PREFIX}listAccounts`, senderUrl: 'app://mybucks/index.html' });
    expect(accounts.reply).toEqual({ ok: true, result: [] });
    const info = await send<{ reply: { ok: boolean; result: { mode: string } } }>('invoke', { channel: `${IPC_PREFIX}getAppInfo`, senderUrl: 'app://mybucks/index.html' });
    expect(info.reply).toMatchObject({ ok: true, result: { mode: 'electron' } });
    const bad = await send<{ reply: unknown }>('invoke', { channel: `${IPC_PREFIX}deleteRule`, senderUrl: 'app://mybucks/index.html', input: { ruleId: 42 } });
    expect(bad.reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const foreign = await send<{ thrown: string }>('invoke', { channel: `${IPC_PREFIX}listAccounts`, senderUrl: 'https://evil.example/' });
    expect(foreign.thrown).toMatch(/Refused/);
    expect(existsSync(path.join(userData, 'mybucks.sqlite-wal'))).toBe(true);
  });

  it('turns the app lock on over IPC', async () => {
    const on = await send<{ reply: unknown }>('invoke', {
      channel: `${IPC_PREFIX}configureLock`,
      senderUrl: 'app://mybucks/index.html',
      input: { passcode: 'tulip-4821', idleMinutes: 5 },
    });
    expect(on.reply).toMatchObject({ ok: true, result: { enabled: true, locked: false } });
  });

  it('on quit waits for the core, closes the database (its WAL checkpointed away), then quits', async () => {
    const quit = await send('quit');
    expect(quit).toEqual({ prevented: true, quitCalled: true });
    expect(existsSync(path.join(userData, 'mybucks.sqlite'))).toBe(true);
    expect(existsSync(path.join(userData, 'mybucks.sqlite-wal'))).toBe(false);
    expect(crashes).toEqual([]);
  });
});

describe('the built bundle started again with the lock on', () => {
  it('opens the window locked: figures refused over IPC until the passcode is given', async () => {
    await launch();
    await send('boot', { userData });
    const ready = await send<{ windows: number }>('ready');
    expect(ready.windows).toBe(1);
    const app = 'app://mybucks/index.html';
    const refused = await send<{ reply: unknown }>('invoke', { channel: `${IPC_PREFIX}listAccounts`, senderUrl: app });
    expect(refused.reply).toEqual({ ok: false, error: { code: 'locked', message: 'MyBucks is locked. Enter your passcode to see your figures.' } });
    const wrong = await send<{ reply: unknown }>('invoke', { channel: `${IPC_PREFIX}unlock`, senderUrl: app, input: { passcode: 'nope' } });
    expect(wrong.reply).toEqual({ ok: false, error: { code: 'locked', message: 'That passcode is not right. Try again.' } });
    await send('invoke', { channel: `${IPC_PREFIX}unlock`, senderUrl: app, input: { passcode: 'tulip-4821' } });
    const accounts = await send<{ reply: unknown }>('invoke', { channel: `${IPC_PREFIX}listAccounts`, senderUrl: app });
    expect(accounts.reply).toEqual({ ok: true, result: [] });
    await send('quit');
    expect(crashes).toEqual([]);
  }, 30_000);
});
