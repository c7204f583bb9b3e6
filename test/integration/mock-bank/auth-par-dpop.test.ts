import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { accessTokenOf, authorize, bankOf, discover, link, oauthError } from './auth-fixtures';

let bank: MockBankHandle;

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true });
});
afterAll(() => bank.close());

describe('pushed authorization requests (RFC 9126)', () => {
  it('are offered at every bank and work at Memorial', async () => {
    const config = await discover(bankOf(bank, 'memorial').issuer);
    expect(config.serverMetadata().pushed_authorization_request_endpoint).toBeTruthy();
    expect(config.serverMetadata().require_pushed_authorization_requests).not.toBe(true);
    const { tokens } = await link(config, { bankId: 'memorial', par: true });
    expect(tokens.claims()?.sub).toBe('sarah');
  });

  it('are required at Summit Savings: a plain authorization request is refused, a pushed one works', async () => {
    const summit = bankOf(bank, 'summit');
    const config = await discover(summit.issuer);
    expect(config.serverMetadata().require_pushed_authorization_requests).toBe(true);

    const plain = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:5000/cb/summit',
      scope: 'openid accounts',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const res = await fetch(plain, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/pushed authorization request/i);

    const { tokens } = await link(config, { bankId: 'summit', par: true });
    expect(accessTokenOf(tokens.access_token).claims.aud).toBe(summit.apiBase);
  });
});

describe('DPoP (RFC 9449)', () => {
  it('binds access and refresh tokens to the key; a refresh without the key fails', async () => {
    const harbor = bankOf(bank, 'harbor');
    const config = await discover(harbor.issuer);
    expect(config.serverMetadata().dpop_signing_alg_values_supported).toContain('ES256');
    const keyPair = await client.randomDPoPKeyPair('ES256');
    const dpop = client.getDPoPHandle(config, keyPair);
    const thumbprint = await calculateJwkThumbprint(await exportJWK(keyPair.publicKey));

    const { tokens } = await link(config, { bankId: 'harbor', dpop });
    expect(tokens.token_type).toBe('dpop');
    const at = accessTokenOf(tokens.access_token);
    expect(at.header.typ).toBe('at+jwt');
    expect(at.claims.cnf).toEqual({ jkt: thumbprint });

    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
    const otherKey = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP: otherKey }))).toBe(
      'invalid_grant',
    );
  });

  it('refreshes with the same key and keeps the binding', async () => {
    const config = await discover(bankOf(bank, 'harbor').issuer);
    const keyPair = await client.randomDPoPKeyPair('ES256');
    const dpop = client.getDPoPHandle(config, keyPair);
    const { tokens } = await link(config, { bankId: 'harbor', dpop });
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP: dpop });
    expect(refreshed.token_type).toBe('dpop');
    expect(accessTokenOf(refreshed.access_token).claims.cnf).toEqual(accessTokenOf(tokens.access_token).claims.cnf);
  });

  it('works together with PAR (the pushed request carries a DPoP proof)', async () => {
    const config = await discover(bankOf(bank, 'summit').issuer);
    const dpop = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const { callback, verifier, state, nonce } = await authorize(config, { bankId: 'summit', par: true, dpop });
    const tokens = await client.authorizationCodeGrant(
      config,
      callback,
      { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
      undefined,
      { DPoP: dpop },
    );
    expect(tokens.token_type).toBe('dpop');
  });
});
