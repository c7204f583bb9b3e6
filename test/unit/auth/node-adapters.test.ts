import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './temp-dirs';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { CallbackUrlOpener, OsUrlOpener } from '../../../src/main/adapters/node/url-opener';

const tempDir = useTempDirs();

describe('ConfSettingsStore', () => {
  it('persists keys with dots literally in one 0600 JSON file, with no temp files left behind', () => {
    const dir = tempDir('mybucks-conf-');
    const store = new ConfSettingsStore({ dir });
    store.set('vault.conn-1', { v: 1, ciphertext: 'AAAA' });
    store.set('theme', 'dark');
    store.delete('theme');
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ 'vault.conn-1': { v: 1, ciphertext: 'AAAA' } });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(new ConfSettingsStore({ dir }).get('vault.conn-1')).toEqual({ v: 1, ciphertext: 'AAAA' });
  });
});

describe('URL openers', () => {
  it('the OS opener only opens web addresses', async () => {
    const opener = new OsUrlOpener('linux');
    await expect(opener.open('file:///etc/passwd')).rejects.toThrow(/Only web addresses/);
    await expect(opener.open('javascript:alert(1)')).rejects.toThrow(/Only web addresses/);
  });

  it('the callback opener hands each URL over and records it', async () => {
    const seen: string[] = [];
    const opener = new CallbackUrlOpener((url) => void seen.push(url));
    await opener.open('http://127.0.0.1:1/bank/auth?x=1');
    expect(seen).toEqual(['http://127.0.0.1:1/bank/auth?x=1']);
    expect(opener.opened).toEqual(seen);
  });
});
