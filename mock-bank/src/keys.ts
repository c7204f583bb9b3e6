import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair } from 'jose';
import type { BankKeys } from './context';

interface KeyFile {
  version: 1;
  banks: Record<string, BankKeys>;
}

/** Fresh signing keys for one bank: ES256 (access tokens) and RS256 (ID tokens' default). */
async function generateBankKeys(bankId: string): Promise<BankKeys> {
  const privateKeys = [];
  const publicKeys = [];
  for (const alg of ['ES256', 'RS256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `${bankId}-${alg.toLowerCase()}`;
    privateKeys.push({ ...(await exportJWK(privateKey)), kid, alg, use: 'sig' });
    publicKeys.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
  }
  return { privateJwks: { keys: privateKeys }, publicJwks: { keys: publicKeys } };
}

/** Where `--persist <file>` keeps the signing keys: beside it, `state.json` → `state.keys.json`. */
export function keyFileBeside(persistFile: string): string {
  return persistFile.replace(/(\.json)?$/, '.keys.json');
}

/**
 * Every bank's signing keys. With a key file they are made once and reused on every start, so tokens issued
 * before a restart still verify; the file holds private keys, so it is written with mode 0600.
 */
export async function loadBankKeys(bankIds: readonly string[], file?: string): Promise<Record<string, BankKeys>> {
  const saved = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as KeyFile).banks : {};
  const keys: Record<string, BankKeys> = {};
  for (const bankId of bankIds) keys[bankId] = saved[bankId] ?? (await generateBankKeys(bankId));
  if (file && bankIds.some((bankId) => !saved[bankId])) {
    const data: KeyFile = { version: 1, banks: { ...saved, ...keys } };
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, file);
  }
  return keys;
}
