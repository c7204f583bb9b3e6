/** Shared steps of the authorization-server tests: discovery, an authorization request, the code exchange. */
import * as client from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { MYBUCKS_CLIENT } from '../../../mock-bank/src/banks';
import type { MockBankHandle } from '../../../mock-bank/src/server';
import { approveWithForms, type ConsentOptions } from '../../support/bank-consent';

export const ALL_SCOPES = 'openid profile offline_access accounts balances transactions';

export function bankOf(handle: MockBankHandle, bankId: string) {
  const bank = handle.banks.find((b) => b.id === bankId);
  if (!bank) throw new Error(`no bank ${bankId}`);
  return bank;
}

export function discover(
  issuer: string,
  clientId: string = MYBUCKS_CLIENT.clientId,
  clientAuth: client.ClientAuth = client.None(),
): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), clientId, undefined, clientAuth, { execute: [client.allowInsecureRequests] });
}

export interface AuthorizeOptions {
  bankId: string;
  scope?: string;
  redirectUri?: string;
  consent?: Partial<ConsentOptions>;
  par?: boolean;
  dpop?: client.DPoPHandle;
  extra?: Record<string, string>;
}

/** Builds a PKCE authorization request, approves it with the bank's forms, returns the callback URL and checks. */
export async function authorize(config: client.Configuration, opts: AuthorizeOptions) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const params: Record<string, string> = {
    redirect_uri: opts.redirectUri ?? `http://127.0.0.1:49152/cb/${opts.bankId}`,
    scope: opts.scope ?? ALL_SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: 'consent',
    ...opts.extra,
  };
  const url = opts.par
    ? await client.buildAuthorizationUrlWithPAR(config, params, { DPoP: opts.dpop })
    : client.buildAuthorizationUrl(config, params);
  const callback = new URL(await approveWithForms(url.href, { username: 'sarah', ...opts.consent }));
  return { callback, verifier, state, nonce, url };
}

/** The whole link: authorize, then exchange the code (checking state, nonce, iss and PKCE). */
export async function link(config: client.Configuration, opts: AuthorizeOptions) {
  const { callback, verifier, state, nonce } = await authorize(config, opts);
  const tokens = await client.authorizationCodeGrant(
    config,
    callback,
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
    undefined,
    { DPoP: opts.dpop },
  );
  return { tokens, callback };
}

export function accessTokenOf(token: string) {
  return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
}

/** The OAuth error code of an openid-client failure. */
export async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const e = err as { error?: string; cause?: unknown; message: string };
    // A 401 with WWW-Authenticate arrives as a challenge error whose cause lists the challenges.
    const challenge = Array.isArray(e.cause) ? (e.cause[0] as { parameters?: { error?: string } }).parameters?.error : undefined;
    return String(e.error ?? challenge ?? e.message);
  }
  throw new Error('expected an OAuth error');
}
