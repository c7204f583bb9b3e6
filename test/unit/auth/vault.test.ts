import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './temp-dirs';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';
import { TokenVault } from '../../../src/main/core/auth/vault';
import { silentLogger } from '../../../src/main/core/log';
import type { SecretCipher } from '../../../src/main/core/ports';

const tempDir = useTempDirs();

const secrets = { refreshToken: 'rt-plaintext-abcdef', dpopPrivateJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'private-d-value' } };

function dirs() {
  const root = tempDir('mybucks-vault-');
  return { dataDir: path.join(root, 'data'), keyFile: path.join(root, 'keys', 'vault.key') };
}

describe('TokenVault', () => {
  it('stores only base64 ciphertext and reads it back', async () => {
    const { dataDir, keyFile } = dirs();
    const store = new ConfSettingsStore({ dir: dataDir });
    const vault = new TokenVault(new FileKeyCipher({ keyFile }), store, silentLogger);
    await vault.save('conn-1', secrets);
    const onDisk = readFileSync(store.path, 'utf8');
    expect(onDisk).toContain('conn-1');
    expect(onDisk).not.toContain('rt-plaintext');
    expect(onDisk).not.toContain('private-d-value');
    const reopened = new TokenVault(new FileKeyCipher({ keyFile }), new ConfSettingsStore({ dir: dataDir }), silentLogger);
    expect(await reopened.load('conn-1')).toEqual(secrets);
    reopened.wipe('conn-1');
    expect(await vault.load('conn-1')).toBeNull();
  });

  it('refuses to persist when the cipher is unavailable, with a reason the user can read', async () => {
    const { dataDir } = dirs();
    const store = new ConfSettingsStore({ dir: dataDir });
    const unavailable: SecretCipher = {
      kind: 'OS keychain',
      protectsAgainst: '',
      availability: async () => ({ ok: false, reason: 'Linux reports the basic_text backend (no keyring).' }),
      encrypt: async () => {
        throw new Error('must not be called');
      },
      decrypt: async () => '',
    };
    const vault = new TokenVault(unavailable, store, silentLogger);
    await expect(vault.save('conn-1', secrets)).rejects.toMatchObject({
      name: 'VaultUnavailableError',
      message: expect.stringContaining('basic_text'),
    });
    expect(store.get('vault.conn-1')).toBeUndefined();
    await expect(vault.assertAvailable()).rejects.toThrow(/cannot store bank sign-ins safely/);
  });
});
