import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { accessTokenOf, authorize, bankOf, discover, link, oauthError } from './auth-fixtures';

let bank: MockBankHandle;
let memorial: ReturnType<typeof bankOf>;
let config: client.Configuration;

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true });
  memorial = bankOf(bank, 'memorial');
  config = await discover(memorial.issuer);
});
afterAll(() => bank.close());

describe('authorization code + PKCE at Memorial Bank', () => {
  it('issues a JWT access token for the API, an ID token naming Sarah and her consent, and a refresh token', async () => {
    const { tokens, callback } = await link(config, { bankId: 'memorial' });

    expect(callback.searchParams.get('iss')).toBe(memorial.issuer);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();

    const id = tokens.claims()!;
    expect(id).toMatchObject({ iss: memorial.issuer, sub: 'sarah', name: 'Sarah Thompson', aud: 'mybucks-desktop' });
    const consent = bank.ctx.consents.get(String(id.consent_id))!;
    expect(consent).toMatchObject({ bankId: 'memorial', clientId: 'mybucks-desktop', userId: 'sarah', status: 'AUTH' });
    expect(id.consent_expires_at).toBe(Math.floor(Date.parse(consent.expiresAt!) / 1000));
    const days = (Date.parse(consent.expiresAt!) - Date.parse(consent.createdAt)) / 86400_000;
    expect(days).toBeCloseTo(90, 3);

    const jwks = createRemoteJWKSet(new URL(`${memorial.issuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: memorial.issuer,
      audience: memorial.apiBase,
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: 'sarah', client_id: 'mybucks-desktop', consent_id: consent.consentId });
    expect(String(payload.scope).split(' ').sort()).toEqual(['accounts', 'balances', 'transactions']);
    expect(consent.permissions).toEqual(expect.arrayContaining(['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsDetail']));
    expect(consent.grantId).toBeTruthy();
  });

  it('accepts any port on the registered loopback redirect URI (RFC 8252 §7.3)', async () => {
    for (const port of [1025, 61234]) {
      const { callback } = await authorize(config, { bankId: 'memorial', redirectUri: `http://127.0.0.1:${port}/cb/memorial` });
      expect(callback.origin).toBe(`http://127.0.0.1:${port}`);
      expect(callback.searchParams.get('code')).toBeTruthy();
    }
  });

  it('keeps only the permissions and accounts Sarah left ticked', async () => {
    const accounts = bank.ctx.ledger.accountsOf('memorial', 'sarah').map((a) => a.accountId);
    expect(accounts.length).toBeGreaterThan(1);
    const { tokens } = await link(config, { bankId: 'memorial', consent: { scopes: ['balances'], accountIds: [accounts[1]] } });

    expect(tokens.scope?.split(' ').sort()).toEqual(['accounts', 'balances', 'offline_access', 'openid', 'profile']);
    const at = accessTokenOf(tokens.access_token).claims;
    expect(String(at.scope).split(' ')).not.toContain('transactions');
    const consent = bank.ctx.consents.get(String(at.consent_id))!;
    expect(consent.accountIds).toEqual([accounts[1]]);
    expect(consent.scopes).toEqual(['accounts', 'balances']);
    expect(consent.permissions).not.toContain('ReadTransactionsBasic');

    // A refresh cannot widen the scope again.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(String(accessTokenOf(refreshed.access_token).claims.scope)).not.toContain('transactions');
  });

  it('lists every granted scope in the token response, for the code and the refresh grant', async () => {
    const { tokens } = await link(config, { bankId: 'memorial' });
    const all = ['accounts', 'balances', 'offline_access', 'openid', 'profile', 'transactions'];
    expect(tokens.scope?.split(' ').sort()).toEqual(all);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.scope?.split(' ').sort()).toEqual(all);
    // A refresh that asks for less is answered for what it asked.
    const narrowed = await client.refreshTokenGrant(config, refreshed.refresh_token!, { scope: 'openid accounts' });
    expect(narrowed.scope?.split(' ').sort()).toEqual(['accounts', 'openid']);
  });

  it('puts openbanking_intent_id (the consent id) in every ID token that carries a consent, unrequested', async () => {
    const { tokens } = await link(config, { bankId: 'memorial', scope: 'openid accounts' });
    const id = tokens.claims()!;
    expect(id.consent_id).toBeTruthy();
    expect(id.openbanking_intent_id).toBe(id.consent_id);
  });

  it('lets a customer with no accounts connect; her consent names no accounts', async () => {
    const { tokens } = await link(config, { bankId: 'memorial', consent: { username: 'empty' } });
    const consent = bank.ctx.consents.get(String(tokens.claims()!.consent_id))!;
    expect(consent).toMatchObject({ userId: 'empty', accountIds: [], status: 'AUTH' });
  });

  it('sends access_denied (with iss) back to the app when Sarah presses Deny', async () => {
    const { callback, verifier, state } = await authorize(config, { bankId: 'memorial', consent: { deny: true } });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('iss')).toBe(memorial.issuer);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(await oauthError(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }))).toBe(
      'access_denied',
    );
  });

  it('issues a refresh token only with offline_access', async () => {
    const { tokens } = await link(config, { bankId: 'memorial', scope: 'openid accounts balances' });
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses a locked user and a wrong password at sign-in', async () => {
    await expect(authorize(config, { bankId: 'memorial', consent: { username: 'locked' } })).rejects.toThrow(/locked/);
    await expect(authorize(config, { bankId: 'memorial', consent: { username: 'sarah', password: 'nope' } })).rejects.toThrow(
      /Incorrect username or password/,
    );
  });
});

describe('discovery', () => {
  it('lists the API scopes in scopes_supported next to the OpenID ones', async () => {
    expect(config.serverMetadata().scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'offline_access', 'accounts', 'balances', 'transactions']),
    );
  });
});

describe('userinfo (OIDC Core §5.3)', () => {
  it('answers an access token issued for OpenID scopes only (no API audience)', async () => {
    const { tokens } = await link(config, { bankId: 'memorial', scope: 'openid profile' });
    const info = await client.fetchUserInfo(config, tokens.access_token, 'sarah');
    expect(info).toMatchObject({ sub: 'sarah', name: 'Sarah Thompson' });
    expect(tokens.scope).toBe('openid profile');
    const api = await fetch(`${memorial.apiBase}/accounts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(api.status).toBe(401);
  });

  it('answers a refresh that asks for OpenID scopes only, while API tokens keep their audience and work at the API', async () => {
    const { tokens } = await link(config, { bankId: 'memorial' });
    expect(accessTokenOf(tokens.access_token).claims.aud).toBe(memorial.apiBase);
    expect(await oauthError(client.fetchUserInfo(config, tokens.access_token, 'sarah'))).toBe('invalid_token');

    const userinfoToken = await client.refreshTokenGrant(config, tokens.refresh_token!, { scope: 'openid profile' });
    expect(await client.fetchUserInfo(config, userinfoToken.access_token, 'sarah')).toMatchObject({ name: 'Sarah Thompson' });

    const apiToken = await client.refreshTokenGrant(config, userinfoToken.refresh_token!);
    expect(accessTokenOf(apiToken.access_token).claims.aud).toBe(memorial.apiBase);
    const api = await fetch(`${memorial.apiBase}/accounts`, { headers: { authorization: `Bearer ${apiToken.access_token}` } });
    expect(api.status).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reusing an old one revokes the grant and cancels the consent', async () => {
    const { tokens } = await link(config, { bankId: 'memorial' });
    const consentId = String(tokens.claims()!.consent_id);
    const second = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(tokens.refresh_token);
    expect(second.claims()).toMatchObject({ sub: 'sarah', consent_id: consentId });
    const third = await client.refreshTokenGrant(config, second.refresh_token!);

    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
    expect(await oauthError(client.refreshTokenGrant(config, third.refresh_token!))).toBe('invalid_grant');
    expect(bank.ctx.consents.get(consentId)!.status).toBe('CANC');
  });

  it('stop working when the consent is cancelled or expired through the consent store', async () => {
    for (const end of ['cancel', 'expire'] as const) {
      const { tokens } = await link(config, { bankId: 'memorial' });
      const consentId = String(tokens.claims()!.consent_id);
      if (end === 'cancel') bank.ctx.consents.setStatus(consentId, 'CANC');
      else bank.ctx.consents.expire(consentId);
      expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
    }
  });
});

describe('revocation (RFC 7009) and introspection (RFC 7662)', () => {
  it('introspects a live refresh token, then revokes it: inactive, refresh fails, consent cancelled', async () => {
    const { tokens } = await link(config, { bankId: 'memorial' });
    const consentId = String(tokens.claims()!.consent_id);

    const live = await client.tokenIntrospection(config, tokens.refresh_token!);
    expect(live).toMatchObject({ active: true, sub: 'sarah', client_id: 'mybucks-desktop' });
    // JWT access tokens are self-contained: the resource server verifies them, introspection refuses them.
    expect(await oauthError(client.tokenIntrospection(config, tokens.access_token))).toBe('unsupported_token_type');

    await client.tokenRevocation(config, tokens.refresh_token!);
    expect((await client.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(false);
    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
    expect(bank.ctx.consents.get(consentId)!.status).toBe('CANC');
  });

  it("answers only the token's own client: another app's introspection is inactive, its revocation refused", async () => {
    const { tokens } = await link(config, { bankId: 'memorial' });
    const reg = await fetch(`${memorial.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Nosy', redirect_uris: ['https://nosy.example/cb'], token_endpoint_auth_method: 'client_secret_basic' }),
    });
    const nosy = (await reg.json()) as { client_id: string; client_secret: string };
    const nosyConfig = await discover(memorial.issuer, nosy.client_id, client.ClientSecretBasic(nosy.client_secret));

    expect(await client.tokenIntrospection(nosyConfig, tokens.refresh_token!)).toEqual({ active: false });
    expect(await oauthError(client.tokenRevocation(nosyConfig, tokens.refresh_token!))).toBe('invalid_request');
    expect((await client.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(true);
  });
});
