/**
 * Issues access tokens exactly as the mock bank's authorization server does, without the browser flow:
 * a consent is created and authorised in the bank's consent store (as the consent page does) and a JWT
 * access token (RFC 9068, ES256, signed with the bank's key) carries it to the resource server.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { MYBUCKS_CLIENT, SCOPE_PERMISSIONS, type ApiScope } from '../../mock-bank/src/banks';
import type { Consent } from '../../mock-bank/src/consents';
import type { BankRuntime } from '../../mock-bank/src/context';
import type { MockBankHandle } from '../../mock-bank/src/server';

export interface MintOptions {
  bankId: string;
  username: string;
  scopes: ApiScope[];
  /** Accounts the user "selects" on the consent page; all of hers at the bank by default. */
  accountIds?: string[];
  ttlSeconds?: number;
  /** Binds the token to a DPoP key (its JWK thumbprint). */
  dpopJkt?: string;
  clientId?: string;
  /** Extra claims or overrides (e.g. a wrong `aud` for negative tests). */
  claims?: Record<string, unknown>;
}

function bankOf(handle: MockBankHandle, bankId: string): BankRuntime {
  const bank = handle.ctx.banks.find((b) => b.def.id === bankId);
  if (!bank) throw new Error(`unknown bank ${bankId}`);
  return bank;
}

async function sign(bank: BankRuntime, claims: Record<string, unknown>, ttlSeconds: number): Promise<string> {
  const jwk = bank.keys.privateJwks.keys.find((k) => k.alg === 'ES256');
  if (!jwk) throw new Error(`bank ${bank.def.id} has no ES256 key`);
  const key = await importJWK(jwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: randomUUID(), iat: now, exp: now + ttlSeconds, iss: bank.issuer, aud: bank.apiBase, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid })
    .sign(key);
}

/** A user's access token for a freshly authorised consent. */
export async function mintAccessToken(handle: MockBankHandle, opts: MintOptions): Promise<{ accessToken: string; consent: Consent }> {
  const bank = bankOf(handle, opts.bankId);
  const clientId = opts.clientId ?? MYBUCKS_CLIENT.clientId;
  const permissions = [...new Set(opts.scopes.flatMap((s) => SCOPE_PERMISSIONS[s]))];
  const { consents, ledger } = handle.ctx;
  const created = consents.create({ bankId: opts.bankId, clientId, permissions, scopes: opts.scopes });
  const accountIds = opts.accountIds ?? ledger.accountsOf(opts.bankId, opts.username).map((a) => a.accountId);
  const consent = consents.authorise(created.consentId, { userId: opts.username, accountIds, grantId: `minted-${randomUUID()}`, scopes: opts.scopes });
  const accessToken = await sign(
    bank,
    {
      sub: opts.username,
      client_id: clientId,
      scope: opts.scopes.join(' '),
      consent_id: consent.consentId,
      ...(opts.dpopJkt ? { cnf: { jkt: opts.dpopJkt } } : {}),
      ...opts.claims,
    },
    opts.ttlSeconds ?? handle.ctx.options.accessTokenTtl,
  );
  return { accessToken, consent };
}

/** A client-credentials token (no user, no consent), as used for the account-access-consents resources. */
export async function mintClientCredentialsToken(
  handle: MockBankHandle,
  opts: { bankId: string; clientId?: string; scopes?: string[]; ttlSeconds?: number },
): Promise<string> {
  const clientId = opts.clientId ?? 'tpp-confidential';
  return sign(
    bankOf(handle, opts.bankId),
    { sub: clientId, client_id: clientId, scope: (opts.scopes ?? ['accounts']).join(' ') },
    opts.ttlSeconds ?? handle.ctx.options.accessTokenTtl,
  );
}

export interface DpopKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  jkt: string;
}

export async function generateDpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

/** A DPoP proof (RFC 9449) for one request made with `accessToken`. */
export async function dpopProof(key: DpopKey, method: string, url: string, accessToken: string): Promise<string> {
  const u = new URL(url);
  return new SignJWT({
    htm: method,
    htu: `${u.origin}${u.pathname}`,
    ath: base64url.encode(createHash('sha256').update(accessToken).digest()),
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.publicJwk })
    .setIssuedAt()
    .sign(key.privateKey);
}
