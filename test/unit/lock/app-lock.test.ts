import { describe, expect, it } from 'vitest';
import type { SettingsStore } from '../../../src/main/core/ports';
import { createAppLock, type BiometricPrompt } from '../../../src/main/core/lock/app-lock';
import { guardedByLock, windowMaySee } from '../../../src/main/core/lock/guard';
import { recordingService } from '../../fakes/service';

class MemorySettings implements SettingsStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return structuredClone(this.data.get(key)) as T | undefined;
  }
  set(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value));
  }
  delete(key: string): void {
    this.data.delete(key);
  }
}

describe('the app lock', () => {
  it('is off by default and refuses nothing', async () => {
    const lock = createAppLock({ settings: new MemorySettings() });
    expect(lock.status()).toEqual({ enabled: false, locked: false, idleMinutes: null, touchId: false });
    expect(lock.lockNow().locked).toBe(false);
    const guarded = guardedByLock(recordingService().service, lock);
    await expect(guarded.listAccounts()).resolves.toEqual({ method: 'listAccounts', input: undefined });
  });

  it('stores only a salted scrypt hash, never the passcode, and a fresh salt each time', async () => {
    const settings = new MemorySettings();
    const lock = createAppLock({ settings });
    await lock.configure({ passcode: 'tulip-4821', idleMinutes: 5 });
    const first = settings.data.get('lock') as { salt: string; hash: string; cost: { N: number } };
    expect(JSON.stringify([...settings.data])).not.toContain('tulip-4821');
    expect(Buffer.from(first.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(first.hash, 'base64')).toHaveLength(64);
    expect(first.cost.N).toBeGreaterThanOrEqual(2 ** 15);
    await lock.configure({ passcode: 'tulip-4821', idleMinutes: 5, currentPasscode: 'tulip-4821' });
    const second = settings.data.get('lock') as { salt: string; hash: string };
    expect(second.salt).not.toBe(first.salt);
    expect(second.hash).not.toBe(first.hash);
  });

  it('starts locked once on, refuses calls until the right passcode, and locks again on request', async () => {
    const settings = new MemorySettings();
    await createAppLock({ settings }).configure({ passcode: 'tulip-4821', idleMinutes: 5 });
    const lock = createAppLock({ settings });
    expect(lock.status()).toMatchObject({ enabled: true, locked: true, idleMinutes: 5 });
    const guarded = guardedByLock(recordingService().service, lock);
    await expect(guarded.listAccounts()).rejects.toMatchObject({ code: 'locked', message: 'MyBucks is locked. Enter your passcode to see your figures.' });
    await expect(guarded.getAppInfo()).resolves.toBeDefined();
    await expect(lock.unlock('tulip-4822')).rejects.toMatchObject({ code: 'locked', message: 'That passcode is not right. Try again.' });
    await expect(lock.unlock('tulip-4821')).resolves.toMatchObject({ locked: false });
    await expect(guarded.listAccounts()).resolves.toBeDefined();
    expect(lock.lockNow().locked).toBe(true);
  });

  it('pauses for 30 seconds after 5 wrong passcodes, even the right one', async () => {
    const settings = new MemorySettings();
    let now = Date.parse('2026-11-29T10:00:00Z');
    const lock = createAppLock({ settings, now: () => now });
    await lock.configure({ passcode: 'tulip-4821', idleMinutes: 5 });
    lock.lockNow();
    for (let i = 0; i < 5; i++) await expect(lock.unlock(`wrong-${i}`)).rejects.toThrow('That passcode is not right. Try again.');
    await expect(lock.unlock('tulip-4821')).rejects.toThrow('Too many wrong passcodes. Wait 30 seconds, then try again.');
    now += 30_000;
    await expect(lock.unlock('tulip-4821')).resolves.toMatchObject({ locked: false });
  });

  it('changes or turns off only with the current passcode, and refuses a short one', async () => {
    const lock = createAppLock({ settings: new MemorySettings() });
    await expect(lock.configure({ passcode: '123', idleMinutes: 5 })).rejects.toThrow('Choose a passcode of at least 4 characters.');
    await lock.configure({ passcode: 'tulip-4821', idleMinutes: 5 });
    await expect(lock.configure({ passcode: 'rose-1111', idleMinutes: 1, currentPasscode: 'nope' })).rejects.toThrow('The current passcode is not right, so the lock was not changed.');
    await expect(lock.disable('nope')).rejects.toThrow('That passcode is not right, so the lock stays on.');
    await expect(lock.disable('tulip-4821')).resolves.toMatchObject({ enabled: false, locked: false });
  });

  it('unlocks with Touch ID when the shell offers it and it confirms', async () => {
    let answer = false;
    const biometric: BiometricPrompt = { available: () => true, prompt: async () => answer };
    const lock = createAppLock({ settings: new MemorySettings(), biometric });
    await lock.configure({ passcode: 'tulip-4821', idleMinutes: 5 });
    lock.lockNow();
    expect(lock.status().touchId).toBe(true);
    await expect(lock.unlockWithTouchId()).rejects.toThrow('Touch ID did not confirm it is you. Try again, or enter your passcode.');
    answer = true;
    await expect(lock.unlockWithTouchId()).resolves.toMatchObject({ locked: false });
    const withoutSensor = createAppLock({ settings: new MemorySettings() });
    await expect(withoutSensor.unlockWithTouchId()).rejects.toThrow('Touch ID is not available on this computer. Enter your passcode instead.');
  });

  it('lets a window see only the lock’s own events while locked', async () => {
    const lock = createAppLock({ settings: new MemorySettings() });
    expect(windowMaySee({ type: 'data-changed' }, lock)).toBe(true);
    await lock.configure({ passcode: 'tulip-4821', idleMinutes: 5 });
    lock.lockNow();
    expect(windowMaySee({ type: 'data-changed' }, lock)).toBe(false);
    expect(windowMaySee({ type: 'notify', kind: 'needs-reauth', connectionId: 'c1', title: 'Memorial Bank needs you to sign in again', body: '' }, lock)).toBe(false);
    expect(windowMaySee({ type: 'lock-changed' }, lock)).toBe(true);
    await lock.unlock('tulip-4821');
    expect(windowMaySee({ type: 'data-changed' }, lock)).toBe(true);
  });
});
