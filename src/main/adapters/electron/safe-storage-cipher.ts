/**
 * SecretCipher on Electron's safeStorage (async API: the sync one is deprecated in Electron 45). On Linux
 * the `basic_text` backend encrypts with a hard-coded password, so MyBucks refuses to persist secrets
 * there and tells the user why.
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../../core/ports';

class VaultUnavailableError extends Error {
  readonly code = 'vault_unavailable';
}

export const BASIC_TEXT_REASON =
  'Your system has no secret store that MyBucks can use (such as GNOME Keyring or KWallet), so bank sign-ins cannot be kept safely. Install or unlock a keyring, then restart MyBucks.';
export const UNAVAILABLE_REASON =
  'The operating system keychain is not available right now, so bank sign-ins cannot be kept safely. Unlock your keychain and try again.';

export class SafeStorageCipher implements SecretCipher {
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  get kind(): string {
    switch (this.platform) {
      case 'darwin':
        return 'OS keychain (macOS Keychain)';
      case 'win32':
        return 'OS keychain (Windows DPAPI)';
      default:
        return `OS keychain (${safeStorage.getSelectedStorageBackend()})`;
    }
  }

  get protectsAgainst(): string {
    return this.platform === 'win32'
      ? 'Protects saved bank sign-ins from other Windows users and from copies of your files, not from other programs running as you.'
      : 'Protects saved bank sign-ins with a key held by your OS keychain, so copies of your files alone cannot reveal them.';
  }

  async availability(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return { ok: false, reason: BASIC_TEXT_REASON };
    }
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return { ok: false, reason: UNAVAILABLE_REASON };
    return { ok: true };
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    const available = await this.availability();
    if (!available.ok) throw new VaultUnavailableError(available.reason);
    return safeStorage.encryptStringAsync(plaintext);
  }

  async decrypt(ciphertext: Buffer): Promise<string> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new VaultUnavailableError(UNAVAILABLE_REASON);
    const { result } = await safeStorage.decryptStringAsync(ciphertext);
    return result;
  }
}
