import { exportJWK, generateKeyPair } from 'jose';
import type { BankKeys } from './context';

/** Fresh signing keys for one bank: ES256 (access tokens) and RS256 (ID tokens' default). */
export async function generateBankKeys(bankId: string): Promise<BankKeys> {
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
