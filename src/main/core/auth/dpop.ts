/** DPoP key pairs (ES256), one per connection, persisted as an encrypted private JWK. */
import * as oidc from 'openid-client';

export interface DPoPKey {
  keyPair: CryptoKeyPair;
  /** The private JWK, kept so the vault can re-save it alongside a rotated refresh token. */
  privateJwk: JsonWebKey;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export async function createDPoPKey(): Promise<DPoPKey> {
  const keyPair = await oidc.randomDPoPKeyPair('ES256', { extractable: true });
  const privateJwk = await crypto.subtle.exportKey('jwk', keyPair.privateKey);
  return { keyPair, privateJwk };
}

export async function importDPoPKey(privateJwk: JsonWebKey): Promise<DPoPKey> {
  const { kty, crv, x, y } = privateJwk;
  const privateKey = await crypto.subtle.importKey('jwk', privateJwk, ALG, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, ALG, true, ['verify']);
  return { keyPair: { privateKey, publicKey }, privateJwk };
}
