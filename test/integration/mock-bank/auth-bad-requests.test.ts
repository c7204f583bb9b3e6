import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { ALL_SCOPES, authorize, bankOf, discover, oauthError } from './auth-fixtures';

let bank: MockBankHandle;
let issuer: string;
let config: client.Configuration;

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true });
  issuer = bankOf(bank, 'memorial').issuer;
  config = await discover(issuer);
});
afterAll(() => bank.close());

async function authorizationRequest(params: Record<string, string>): Promise<Response> {
  const url = new URL(`${issuer}/auth`);
  const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
  const all = {
    client_id: 'mybucks-desktop',
    response_type: 'code',
    redirect_uri: 'http://127.0.0.1:5000/cb/memorial',
    scope: ALL_SCOPES,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 's',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== '') url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

describe('bad authorization requests', () => {
  it('an unknown client gets an error page, never a redirect', async () => {
    const res = await authorizationRequest({ client_id: 'no-such-app' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('invalid_client');
  });

  it('a redirect URI that is not registered (other path, other host, https) gets an error page', async () => {
    for (const redirect of ['http://127.0.0.1:5000/cb/harbor', 'http://localhost:5000/cb/memorial', 'https://evil.example/cb/memorial']) {
      const res = await authorizationRequest({ redirect_uri: redirect });
      expect(res.status, redirect).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_uri did not match');
    }
  });

  it('a request without PKCE is sent back to the app with invalid_request and iss', async () => {
    const res = await authorizationRequest({ code_challenge: '', code_challenge_method: '' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(location.searchParams.get('iss')).toBe(issuer);
  });

  it('plain PKCE is refused (S256 only)', async () => {
    const res = await authorizationRequest({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('a loopback client that names no redirect_uri (port unknown) gets an error page, never a redirect to port 80', async () => {
    const unknownRequestUri = new URLSearchParams({ client_id: 'mybucks-desktop', request_uri: 'urn:ietf:params:oauth:request_uri:no-such-request' });
    const answers = {
      'bad request_uri': await fetch(`${issuer}/auth?${unknownRequestUri}`, { redirect: 'manual' }),
      'no PKCE': await authorizationRequest({ redirect_uri: '', code_challenge: '', code_challenge_method: '' }),
      'otherwise valid': await authorizationRequest({ redirect_uri: '' }),
    };
    for (const [request, res] of Object.entries(answers)) {
      expect(res.status, request).toBe(400);
      expect(res.headers.get('location'), request).toBeNull();
      expect(await res.text(), request).toContain('id="oauth-error"');
    }
    const pushed = await fetch(`${issuer}/request`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'mybucks-desktop', response_type: 'code', scope: 'openid accounts', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' }),
    });
    expect(pushed.status).toBe(400);
    expect(await pushed.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/redirect_uri/) });
  });

  it('an unknown resource indicator is refused with invalid_target', async () => {
    const res = await authorizationRequest({ resource: 'https://other.example/api' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_target');
  });
});

describe('bad token requests', () => {
  it('a replayed authorization code gets invalid_grant', async () => {
    const { callback, verifier, state, nonce } = await authorize(config, { bankId: 'memorial' });
    const checks = { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce };
    await client.authorizationCodeGrant(config, callback, checks);
    expect(await oauthError(client.authorizationCodeGrant(config, callback, checks))).toBe('invalid_grant');
  });

  it('a wrong PKCE verifier gets invalid_grant', async () => {
    const { callback, state, nonce } = await authorize(config, { bankId: 'memorial' });
    const wrong = client.randomPKCECodeVerifier();
    expect(
      await oauthError(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: wrong, expectedState: state, expectedNonce: nonce })),
    ).toBe('invalid_grant');
  });

  it('a code redeemed by another client gets invalid_grant', async () => {
    const { callback, verifier, state, nonce } = await authorize(config, { bankId: 'memorial' });
    const reg = await fetch(`${issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/cb/memorial'],
      }),
    });
    const other = await discover(issuer, ((await reg.json()) as { client_id: string }).client_id);
    expect(
      await oauthError(client.authorizationCodeGrant(other, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce })),
    ).toBe('invalid_grant');
  });

  it('an unknown client at the token endpoint gets invalid_client', async () => {
    const stranger = await discover(issuer, 'no-such-app');
    expect(await oauthError(client.refreshTokenGrant(stranger, 'whatever'))).toBe('invalid_client');
  });

  it('a code exchanged with a different redirect_uri (even another loopback port) gets invalid_grant', async () => {
    const { callback, verifier, state, nonce } = await authorize(config, { bankId: 'memorial' });
    const moved = new URL(callback.href.replace(':49152/', ':49153/'));
    expect(
      await oauthError(client.authorizationCodeGrant(config, moved, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce })),
    ).toBe('invalid_grant');
  });
});
