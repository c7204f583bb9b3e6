import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { __resetFakeElectron, safeStorage, shell } from '../fakes/electron';
import { BASIC_TEXT_REASON, SafeStorageCipher } from '../../src/main/adapters/electron/safe-storage-cipher';
import { ElectronStoreSettings } from '../../src/main/adapters/electron/electron-store-settings';
import { ShellUrlOpener } from '../../src/main/adapters/electron/shell-url-opener';

beforeEach(() => __resetFakeElectron());

describe('SafeStorageCipher', () => {
  it('round-trips a secret and never stores the plaintext', async () => {
    const cipher = new SafeStorageCipher('linux');
    expect(await cipher.availability()).toEqual({ ok: true });
    expect(cipher.kind).toBe('OS keychain (gnome_libsecret)');
    const secret = '{"refresh_token":"rt-123456"}';
    const sealed = await cipher.encrypt(secret);
    expect(sealed.includes(Buffer.from('rt-123456'))).toBe(false);
    expect(await cipher.decrypt(sealed)).toBe(secret);
  });

  it('refuses to persist on the Linux basic_text backend and says why', async () => {
    safeStorage.backend = 'basic_text';
    const cipher = new SafeStorageCipher('linux');
    expect(await cipher.availability()).toEqual({ ok: false, reason: BASIC_TEXT_REASON });
    expect(BASIC_TEXT_REASON).toMatch(/keyring/i);
    await expect(cipher.encrypt('secret')).rejects.toMatchObject({ code: 'vault_unavailable', message: BASIC_TEXT_REASON });
  });

  it('reports an unavailable keychain (e.g. before app ready)', async () => {
    safeStorage.available = false;
    const cipher = new SafeStorageCipher('darwin');
    expect(cipher.kind).toBe('OS keychain (macOS Keychain)');
    const availability = await cipher.availability();
    expect(availability.ok).toBe(false);
    await expect(cipher.encrypt('x')).rejects.toMatchObject({ code: 'vault_unavailable' });
  });
});

describe('ElectronStoreSettings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mybucks-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('persists values across instances, with flat dotted keys', () => {
    const a = new ElectronStoreSettings({ cwd: dir });
    a.set('provider.memorial', { clientId: 'mybucks-desktop' });
    a.set('theme', 'dark');
    const b = new ElectronStoreSettings({ cwd: dir });
    expect(b.get('provider.memorial')).toEqual({ clientId: 'mybucks-desktop' });
    expect(b.get('theme')).toBe('dark');
    expect(readdirSync(dir)).toContain('settings.json');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toHaveProperty(['provider.memorial']);
    b.delete('theme');
    b.set('provider.memorial', undefined);
    const c = new ElectronStoreSettings({ cwd: dir });
    expect(c.get('theme')).toBeUndefined();
    expect(c.get('provider.memorial')).toBeUndefined();
  });
});

describe('ShellUrlOpener', () => {
  it('opens http and https URLs in the system browser', async () => {
    const opener = new ShellUrlOpener();
    await opener.open('https://bank.example/authorize?client_id=x');
    await opener.open('http://127.0.0.1:4000/memorial/auth?state=s');
    expect(shell.opened).toEqual(['https://bank.example/authorize?client_id=x', 'http://127.0.0.1:4000/memorial/auth?state=s']);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'mybucks://x', 'not a url', 'https://user:pw@bank.example/'])(
    'refuses %s',
    async (url) => {
      await expect(new ShellUrlOpener().open(url)).rejects.toThrow(/only opens/);
      expect(shell.opened).toEqual([]);
    },
  );

  it('applies the allow-list it was given', async () => {
    const opener = new ShellUrlOpener((u) => u.origin === 'https://bank.example');
    await expect(opener.open('https://phish.example/login')).rejects.toThrow(/sign-in pages/);
    await opener.open('https://bank.example/authorize');
    expect(shell.opened).toEqual(['https://bank.example/authorize']);
  });
});

describe('ShellUrlOpener.openAgain', () => {
  it('re-opens only URLs it opened itself', async () => {
    const opener = new ShellUrlOpener();
    await opener.open('https://bank.example/authorize?state=a');
    expect(opener.openAgain('https://bank.example/authorize?state=a')).toBe(true);
    expect(opener.openAgain('https://bank.example/authorize?state=b')).toBe(false);
    expect(opener.openAgain('file:///etc/passwd')).toBe(false);
    expect(shell.opened).toEqual(['https://bank.example/authorize?state=a', 'https://bank.example/authorize?state=a']);
  });
});
