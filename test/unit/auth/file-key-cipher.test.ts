import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './temp-dirs';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';

const tempDir = useTempDirs();

function setup() {
  const root = tempDir('mybucks-cipher-');
  const keyFile = path.join(root, 'keys', 'vault.key');
  return { root, keyFile, cipher: new FileKeyCipher({ keyFile }) };
}

describe('FileKeyCipher', () => {
  it('round-trips, and the ciphertext does not contain the plaintext', async () => {
    const { cipher } = setup();
    expect(await cipher.availability()).toEqual({ ok: true });
    const secret = 'refresh-token-0123456789';
    const ct = await cipher.encrypt(secret);
    expect(ct.includes(Buffer.from(secret))).toBe(false);
    expect(await cipher.decrypt(ct)).toBe(secret);
    expect((await cipher.encrypt(secret)).equals(ct)).toBe(false); // fresh IV each time
  });

  it('keeps a random 32-byte key in its own 0600 file, reused by the next instance', async () => {
    const { keyFile, cipher } = setup();
    const ct = await cipher.encrypt('hello');
    expect(readFileSync(keyFile)).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(keyFile))).toEqual(['vault.key']);
    expect(await new FileKeyCipher({ keyFile }).decrypt(ct)).toBe('hello');
  });

  it('detects tampering and a different key', async () => {
    const { cipher } = setup();
    const ct = await cipher.encrypt('hello world');
    const flipped = Buffer.from(ct);
    flipped[flipped.length - 1] ^= 1;
    await expect(cipher.decrypt(flipped)).rejects.toThrow(/failed authentication/);
    const tag = Buffer.from(ct);
    tag[14] ^= 1;
    await expect(cipher.decrypt(tag)).rejects.toThrow(/failed authentication/);
    await expect(setup().cipher.decrypt(ct)).rejects.toThrow(/failed authentication/);
    await expect(cipher.decrypt(Buffer.from('nope'))).rejects.toThrow(/Not a MyBucks vault/);
  });

  it('reports itself unavailable when the key file is unusable', async () => {
    const { root } = setup();
    const cipher = new FileKeyCipher({ keyFile: path.join(root) }); // a directory, not a key file
    const availability = await cipher.availability();
    expect(availability.ok).toBe(false);
  });
});
