import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { approveWithForms } from '../../support/bank-consent';
import { accessTokenOf, bankOf, discover, link, oauthError } from './auth-fixtures';

let bank: MockBankHandle;
let legacyBank: MockBankHandle;

beforeAll(async () => {
  [bank, legacyBank] = await Promise.all([
    startMockBank({ port: 0, quiet: true }),
    startMockBank({ port: 0, quiet: true, legacyGrants: true }),
  ]);
});
afterAll(() => Promise.all([bank.close(), legacyBank.close()]));

async function register(issuer: string, metadata: Record<string, unknown>) {
  const res = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const confidentialApp = {
  client_name: 'Budget Buddy',
  client_uri: 'https://budgetbuddy.example',
  application_type: 'web',
  token_endpoint_auth_method: 'client_secret_basic',
  redirect_uris: ['https://budgetbuddy.example/callback'],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  response_types: ['code'],
};

describe('dynamic client registration (RFC 7591), open in the sandbox', () => {
  it('registers a confidential web app that gets a secret and can use client credentials for the API', async () => {
    const memorial = bankOf(bank, 'memorial');
    const { status, body } = await register(memorial.issuer, confidentialApp);
    expect(status).toBe(201);
    expect(body.client_secret).toBeTruthy();
    expect(body.registration_access_token).toBeTruthy();

    const config = await discover(memorial.issuer, body.client_id, client.ClientSecretBasic(body.client_secret));
    const tokens = await client.clientCredentialsGrant(config, { scope: 'accounts' });
    const at = accessTokenOf(tokens.access_token).claims;
    expect(at).toMatchObject({ iss: memorial.issuer, aud: memorial.apiBase, client_id: body.client_id, scope: 'accounts' });
    expect(at.sub).toBeUndefined();
    expect(at.consent_id).toBeUndefined();

    const wrongSecret = await discover(memorial.issuer, body.client_id, client.ClientSecretBasic('nope'));
    expect(await oauthError(client.clientCredentialsGrant(wrongSecret, { scope: 'accounts' }))).toBe('invalid_client');
  });

  it('refuses client credentials for public clients and for the MyBucks native client', async () => {
    const memorial = bankOf(bank, 'memorial');
    const { status, body } = await register(memorial.issuer, {
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/cb'],
      grant_types: ['client_credentials'],
      response_types: [],
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_client_metadata');
    const mybucks = await discover(memorial.issuer);
    expect(await oauthError(client.clientCredentialsGrant(mybucks, { scope: 'accounts' }))).toBe('unauthorized_client');
  });

  it('registers a public native app whose loopback redirect accepts any port, and whose name shows on the consent page', async () => {
    const harbor = bankOf(bank, 'harbor');
    const { body } = await register(harbor.issuer, {
      client_name: 'Penny <Pincher>',
      client_uri: 'https://penny.example',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/penny'],
    });
    const config = await discover(harbor.issuer, body.client_id);
    const authUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:7777/penny',
      scope: 'openid accounts',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    // Peek at the consent page over plain HTTP: the app's name is escaped, its website linked.
    const jar: string[] = [];
    let res = await fetch(authUrl, { redirect: 'manual' });
    let location = new URL(res.headers.get('location')!, authUrl);
    jar.push(...res.headers.getSetCookie().map((c) => c.split(';')[0]));
    res = await fetch(location, { headers: { cookie: jar.join('; ') } });
    const loginPage = await res.text();
    expect(loginPage).toContain('Penny &lt;Pincher&gt;');
    expect(loginPage).not.toContain('Penny <Pincher>');

    const callback = new URL(await approveWithForms(authUrl.href, { username: 'sarah' }));
    expect(callback.origin).toBe('http://127.0.0.1:7777');
    expect(callback.searchParams.get('code')).toBeTruthy();
    location = callback;
    expect(location.searchParams.get('iss')).toBe(harbor.issuer);
  });
});

describe('redirect URIs at registration', () => {
  const app = (redirectUri: string, applicationType = 'web') => ({
    client_name: 'Redirects',
    application_type: applicationType,
    token_endpoint_auth_method: applicationType === 'web' ? 'client_secret_basic' : 'none',
    redirect_uris: [redirectUri],
  });

  it('refuses plain http unless the host is a loopback address', async () => {
    const issuer = bankOf(bank, 'memorial').issuer;
    for (const uri of ['http://evil.example/cb', 'http://192.168.1.10:8080/cb', 'http://127.0.0.1.evil.example/cb']) {
      const { status, body } = await register(issuer, app(uri));
      expect(status, uri).toBe(400);
      expect(body.error, uri).toBe('invalid_redirect_uri');
    }
    // Nor can a registered client switch to one (RFC 7592 update).
    const { body } = await register(issuer, app('https://budgetbuddy.example/cb'));
    const update = await fetch(body.registration_client_uri, {
      method: 'PUT',
      headers: { authorization: `Bearer ${body.registration_access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...app('http://evil.example/cb'), client_id: body.client_id, client_secret: body.client_secret }),
    });
    expect(update.status).toBe(400);
    expect(await update.json()).toMatchObject({ error: 'invalid_redirect_uri' });
  });

  it('keeps https, loopback http (any port) and private-use schemes for native apps', async () => {
    const issuer = bankOf(bank, 'memorial').issuer;
    const allowed = [
      app('https://budgetbuddy.example/cb'),
      app('http://127.0.0.1/cb'),
      app('http://127.0.0.1:8080/cb'),
      app('http://[::1]:8080/cb'),
      app('http://localhost:8080/cb'),
      app('http://127.0.0.1/cb', 'native'),
      app('http://[::1]/cb', 'native'),
      app('com.mybucks.app:/oauth/callback/memorial', 'native'),
    ];
    for (const metadata of allowed) {
      const { status, body } = await register(issuer, metadata);
      expect(status, `${metadata.redirect_uris[0]} ${body.error_description ?? ''}`).toBe(201);
    }
  });
});

describe('developer portal', () => {
  it('registers a confidential app from the form and shows its client ID and secret', async () => {
    const page = await fetch(bank.portalUrl);
    expect(await page.text()).toContain('Deprecated by RFC 9700');

    const form = new URLSearchParams({
      bank: 'summit',
      client_name: 'Portal App',
      client_uri: 'https://portal-app.example',
      redirect_uris: 'https://portal-app.example/cb',
      client_type: 'confidential',
    });
    form.append('grant_type', 'authorization_code');
    form.append('grant_type', 'client_credentials');
    const res = await fetch(`${bank.origin}/portal/register`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const html = await res.text();
    const clientId = /id="client-id">([^<]+)</.exec(html)![1];
    const secret = /id="client-secret">([^<]+)</.exec(html)![1];

    const config = await discover(bankOf(bank, 'summit').issuer, clientId, client.ClientSecretBasic(secret));
    const tokens = await client.clientCredentialsGrant(config, { scope: 'accounts' });
    expect(accessTokenOf(tokens.access_token).claims.client_id).toBe(clientId);
  });

  it('shows the registration error for a bad request (no redirect URI for the code flow)', async () => {
    const form = new URLSearchParams({ bank: 'memorial', client_name: 'Broken', client_type: 'public', grant_type: 'authorization_code' });
    const res = await fetch(`${bank.origin}/portal/register`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('invalid_');
  });
});

describe('legacy grants (deprecated by RFC 9700)', () => {
  const passwordApp = { ...confidentialApp, grant_types: ['password'], response_types: [], redirect_uris: [] };
  const implicitApp = { ...confidentialApp, grant_types: ['implicit'], response_types: ['id_token token'] };

  it('are off by default: clients cannot register for them', async () => {
    const issuer = bankOf(bank, 'memorial').issuer;
    expect((await register(issuer, passwordApp)).body.error).toBe('invalid_client_metadata');
    expect((await register(issuer, implicitApp)).body.error).toBe('invalid_client_metadata');
  });

  it('when enabled, the password grant works only for a client registered for it', async () => {
    const memorial = bankOf(legacyBank, 'memorial');
    const { body } = await register(memorial.issuer, passwordApp);
    const config = await discover(memorial.issuer, body.client_id, client.ClientSecretBasic(body.client_secret));
    const tokens = await client.genericGrantRequest(config, 'password', {
      username: 'sarah',
      password: 'mybucks-demo',
      scope: 'accounts balances',
    });
    const at = accessTokenOf(tokens.access_token).claims;
    expect(at).toMatchObject({ sub: 'sarah', aud: memorial.apiBase, scope: 'accounts balances' });
    expect(legacyBank.ctx.consents.get(String(at.consent_id))?.status).toBe('AUTH');

    expect(
      await oauthError(client.genericGrantRequest(config, 'password', { username: 'sarah', password: 'wrong', scope: 'accounts' })),
    ).toBe('invalid_grant');

    const normal = await register(memorial.issuer, confidentialApp);
    const normalConfig = await discover(memorial.issuer, normal.body.client_id, client.ClientSecretBasic(normal.body.client_secret));
    expect(
      await oauthError(client.genericGrantRequest(normalConfig, 'password', { username: 'sarah', password: 'mybucks-demo', scope: 'accounts' })),
    ).toBe('unauthorized_client');
  });

  it('when enabled, the implicit grant (id_token token) works only for a client registered for it', async () => {
    const memorial = bankOf(legacyBank, 'memorial');
    const { body } = await register(memorial.issuer, implicitApp);
    const url = new URL(`${memorial.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: body.client_id,
      response_type: 'id_token token',
      redirect_uri: 'https://budgetbuddy.example/callback',
      scope: 'openid accounts',
      nonce: 'n-1',
      state: 's-1',
    }).toString();
    const final = new URL(await approveWithForms(url.href, { username: 'sarah' }));
    const fragment = new URLSearchParams(final.hash.slice(1));
    expect(fragment.get('id_token')).toBeTruthy();
    expect(accessTokenOf(fragment.get('access_token')!).claims.aud).toBe(memorial.apiBase);
    // No `iss` parameter here: the ID token in the same response carries it (RFC 9207 §2.4).
    expect(accessTokenOf(fragment.get('id_token')!).claims.iss).toBe(memorial.issuer);

    const normal = await register(memorial.issuer, confidentialApp);
    url.searchParams.set('client_id', normal.body.client_id);
    const res = await fetch(url, { redirect: 'manual' });
    const refused = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1));
    expect(refused.get('error')).toBe('invalid_request');
    expect(refused.get('error_description')).toBe('requested response_type is not allowed for this client');
  });
});

describe('UK Open Banking intent flow', () => {
  it('authorises a consent created earlier (AWAU) named by openbanking_intent_id', async () => {
    const memorial = bankOf(bank, 'memorial');
    const intent = bank.ctx.consents.create({ bankId: 'memorial', clientId: 'mybucks-desktop', permissions: ['ReadAccountsBasic', 'ReadBalances'] });
    const config = await discover(memorial.issuer);
    const { tokens } = await link(config, {
      bankId: 'memorial',
      scope: 'openid accounts balances',
      extra: { claims: JSON.stringify({ id_token: { openbanking_intent_id: { value: intent.consentId, essential: true } } }) },
    });
    expect(tokens.claims()?.openbanking_intent_id).toBe(intent.consentId);
    expect(accessTokenOf(tokens.access_token).claims.consent_id).toBe(intent.consentId);
    expect(bank.ctx.consents.get(intent.consentId)).toMatchObject({ status: 'AUTH', userId: 'sarah' });
    expect(bank.ctx.consents.list({ bankId: 'memorial', clientId: 'mybucks-desktop' }).filter((c) => c.grantId === intent.grantId)).toHaveLength(1);
  });

  it('refuses an intent that belongs to another client', async () => {
    const memorial = bankOf(bank, 'memorial');
    const intent = bank.ctx.consents.create({ bankId: 'memorial', clientId: 'someone-else', permissions: ['ReadAccountsBasic'] });
    const config = await discover(memorial.issuer);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:5000/cb/memorial',
      scope: 'openid accounts',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      claims: JSON.stringify({ id_token: { openbanking_intent_id: { value: intent.consentId } } }),
    });
    const callback = new URL(await approveWithForms(url.href, { username: 'sarah' }));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(bank.ctx.consents.get(intent.consentId)?.status).toBe('AWAU');
  });
});
