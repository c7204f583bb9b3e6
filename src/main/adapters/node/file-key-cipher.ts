/**
 * SecretCipher for browser mode and tests: AES-256-GCM with a random 32-byte key kept in its own file
 * (mode 0600), outside the data directory it protects. A copy of the data directory alone (backup,
 * cloud sync, a shared disk) reveals no secret; anyone who can read both files as this user can.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretCipher } from '../../core/ports';

const VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('mybucks-vault-v1');

export interface FileKeyCipherOptions {
  /** Where the key lives; must not be inside the directory whose data it encrypts. */
  keyFile: string;
}

export class FileKeyCipher implements SecretCipher {
  readonly kind = 'AES-256-GCM key file';
  readonly protectsAgainst =
    'Keeps bank tokens unreadable in copies of the MyBucks data folder (backups, cloud sync); it does not ' +
    'protect against malware or anyone signed in as you, who can read the key file too.';
  private key: Buffer | null = null;

  constructor(private readonly options: FileKeyCipherOptions) {}

  get keyFile(): string {
    return this.options.keyFile;
  }

  async availability(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      this.loadKey();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `The encryption key file cannot be used: ${(err as Error).message}` };
    }
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    const key = this.loadKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
  }

  async decrypt(ciphertext: Buffer): Promise<string> {
    if (ciphertext.length < 1 + IV_BYTES + TAG_BYTES || ciphertext[0] !== VERSION) {
      throw new Error('Not a MyBucks vault ciphertext');
    }
    const key = this.loadKey();
    const iv = ciphertext.subarray(1, 1 + IV_BYTES);
    const tag = ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(AAD);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new Error('Vault ciphertext failed authentication (tampered, or encrypted with another key)');
    }
  }

  private loadKey(): Buffer {
    if (this.key) return this.key;
    const file = this.options.keyFile;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const key = readFileSync(file);
    if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte key`);
    this.key = key;
    return key;
  }
}
