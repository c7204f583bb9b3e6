import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import * as client from 'openid-client';
import { MYBUCKS_LOOPBACK_PORTS } from '../../../mock-bank/src/banks';
import { PROFILE_NAMES } from '../../../mock-bank/src/behaviour';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { accessTokenOf, authorize, bankOf, discover, link, oauthError } from './auth-fixtures';

let bank: MockBankHandle;
let memorial: ReturnType<typeof bankOf>;

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true });
  memorial = bankOf(bank, 'memorial');
});
afterAll(() => bank.close());
afterEach(() => {
  bank.ctx.behaviour.set('memorial', {});
});

/** Memorial plays these profiles from the next request on. */
const play = (...profile: string[]) => bank.ctx.behaviour.set('memorial', { profile });

async function register(metadata: Record<string, unknown>) {
  const res = await fetch(`${memorial.issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, string>, text };
}

const nativeApp = (redirectUri = 'http://127.0.0.1/app') => ({
  client_name: 'Pocket Ledger',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  redirect_uris: [redirectUri],
  grant_types: ['authorization_code', 'refresh_token'],
});

async function discovery(issuer = memorial.issuer): Promise<Record<string, unknown>> {
  return (await fetch(`${issuer}/.well-known/openid-configuration`)).json() as Promise<Record<string, unknown>>;
}

/** An authorization URL for the MyBucks client (PKCE, state) that the test sends without following redirects. */
async function authorizationUrl(config: client.Configuration, params: Record<string, string>) {
  return client.buildAuthorizationUrl(config, {
    scope: 'openid accounts',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
    state: 'st',
    ...params,
  });
}

describe('dynamic registration', () => {
  it('registration-200 answers 200 with a usable client', async () => {
    play('registration-200');
    const { status, body } = await register(nativeApp());
    expect(status).toBe(200);
    const { tokens } = await link(await discover(memorial.issuer, body.client_id), { bankId: 'memorial', redirectUri: 'http://127.0.0.1:7001/app' });
    expect(accessTokenOf(tokens.access_token).claims.client_id).toBe(body.client_id);
  });

  it('confidential-default registers a client asking for `none` as client_secret_basic, and the secret works', async () => {
    play('confidential-default');
    const { status, body } = await register(nativeApp());
    expect(status).toBe(201);
    expect(body).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', client_secret_expires_at: 0 });
    expect(body.client_secret).toBeTruthy();

    const withSecret = await discover(memorial.issuer, body.client_id, client.ClientSecretBasic(body.client_secret));
    const { tokens } = await link(withSecret, { bankId: 'memorial', redirectUri: 'http://127.0.0.1:7002/app' });
    expect(tokens.refresh_token).toBeTruthy();
    const asPublic = await discover(memorial.issuer, body.client_id);
    expect(await oauthError(client.refreshTokenGrant(asPublic, tokens.refresh_token!))).toBe('invalid_client');
  });

  it('strict keeps the requested method: a public client gets no secret', async () => {
    const { body } = await register(nativeApp());
    expect(body.token_endpoint_auth_method).toBe('none');
    expect(body.client_secret).toBeUndefined();
  });

  it('offers RFC 7592 client configuration: read, update (rotating the access token), delete', async () => {
    const { body } = await register(nativeApp());
    const { registration_client_uri: uri, registration_access_token: token } = body;
    expect(uri).toBe(`${memorial.issuer}/reg/${body.client_id}`);
    const auth = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });

    const read = await fetch(uri, { headers: auth(token) });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ client_id: body.client_id, client_name: 'Pocket Ledger' });

    const update = await fetch(uri, {
      method: 'PUT',
      headers: auth(token),
      body: JSON.stringify({ ...nativeApp(), client_id: body.client_id, client_name: 'Pocket Ledger 2' }),
    });
    expect(update.status).toBe(200);
    const updated = (await update.json()) as Record<string, string>;
    expect(updated.client_name).toBe('Pocket Ledger 2');
    expect(updated.registration_access_token).not.toBe(token);
    expect((await fetch(uri, { headers: auth(token) })).status).toBe(401);

    expect((await fetch(uri, { method: 'DELETE', headers: auth(updated.registration_access_token) })).status).toBe(204);
    expect(await oauthError(client.clientCredentialsGrant(await discover(memorial.issuer, body.client_id), {}))).toBe('invalid_client');
  });

  it('no-registration-management: no configuration URI or token, and the endpoint is 404', async () => {
    const { body: before } = await register(nativeApp());
    play('no-registration-management');
    const { status, body } = await register(nativeApp());
    expect(status).toBe(201);
    expect(body.registration_client_uri).toBeUndefined();
    expect(body.registration_access_token).toBeUndefined();
    const headers = { authorization: `Bearer ${before.registration_access_token}`, 'content-type': 'application/json' };
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(before.registration_client_uri, { method, headers, body: method === 'PUT' ? '{}' : undefined });
      expect(res.status).toBe(404);
    }
  });
});

describe('authorization', () => {
  it('exact-port rejects a loopback port that was not registered and accepts the registered one', async () => {
    const { body } = await register(nativeApp('http://127.0.0.1:7100/app'));
    const config = await discover(memorial.issuer, body.client_id);
    const otherPort = await authorizationUrl(config, { redirect_uri: 'http://127.0.0.1:7101/app' });
    expect((await fetch(otherPort, { redirect: 'manual' })).headers.get('location')).toContain('/interaction/'); // strict: any port

    play('exact-port');
    const refused = await fetch(otherPort, { redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();
    const { tokens } = await link(config, { bankId: 'memorial', redirectUri: 'http://127.0.0.1:7100/app' });
    expect(tokens.access_token).toBeTruthy();
  });

  it('no-iss leaves `iss` out of redirects, form_post responses and discovery', async () => {
    play('no-iss');
    expect(await discovery()).not.toHaveProperty('authorization_response_iss_parameter_supported');
    const config = await discover(memorial.issuer);
    const { tokens, callback } = await link(config, { bankId: 'memorial' });
    expect(callback.searchParams.has('iss')).toBe(false);
    expect(tokens.claims()?.sub).toBe('sarah');
    const { callback: denied } = await authorize(config, { bankId: 'memorial', consent: { deny: true } });
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.has('iss')).toBe(false);

    // An authorization error (no PKCE) answered at once with form_post.
    const url = client.buildAuthorizationUrl(config, { redirect_uri: 'http://127.0.0.1:5000/cb/memorial', scope: 'openid', response_mode: 'form_post' });
    const form = await (await fetch(url)).text();
    expect(form).toContain('name="error"');
    expect(form).not.toContain('name="iss"');
    bank.ctx.behaviour.set('memorial', {});
    expect(await (await fetch(url)).text()).toContain('name="iss"');
  });

  it('rejects-resource refuses an explicit resource at the authorization, PAR and token endpoints; tokens still work', async () => {
    play('rejects-resource');
    const config = await discover(memorial.issuer);
    const { callback } = await authorize(config, { bankId: 'memorial', extra: { resource: memorial.apiBase } });
    expect(callback.searchParams.get('error')).toBe('invalid_target');
    expect(await oauthError(authorize(config, { bankId: 'memorial', par: true, extra: { resource: memorial.apiBase } }))).toBe('invalid_target');

    const { tokens } = await link(config, { bankId: 'memorial' });
    const accounts = await fetch(`${memorial.apiBase}/accounts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(accounts.status).toBe(200);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(await oauthError(client.refreshTokenGrant(config, refreshed.refresh_token!, { resource: memorial.apiBase }))).toBe('invalid_target');
  });

  it('no-par removes PAR from discovery and its endpoint answers 404', async () => {
    play('no-par');
    const metadata = await discovery();
    expect(metadata).not.toHaveProperty('pushed_authorization_request_endpoint');
    expect(metadata).not.toHaveProperty('require_pushed_authorization_requests');
    const res = await fetch(`${memorial.issuer}/request`, { method: 'POST', body: new URLSearchParams({ client_id: 'mybucks-desktop' }) });
    expect(res.status).toBe(404);
    const { tokens } = await link(await discover(memorial.issuer), { bankId: 'memorial' });
    expect(tokens.access_token).toBeTruthy();
  });

  it('par-required refuses a plain authorization request and accepts a pushed one', async () => {
    play('par-required');
    const config = await discover(memorial.issuer);
    expect(config.serverMetadata().require_pushed_authorization_requests).toBe(true);
    const res = await fetch(await authorizationUrl(config, { redirect_uri: 'http://127.0.0.1:5000/cb/memorial' }), { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error_description')).toMatch(/pushed authorization request/i);
    const { tokens } = await link(config, { bankId: 'memorial', par: true });
    expect(tokens.access_token).toBeTruthy();
  });

  it('no-dpop removes DPoP from discovery and issues Bearer tokens to a client sending DPoP proofs', async () => {
    play('no-dpop');
    expect(await discovery()).not.toHaveProperty('dpop_signing_alg_values_supported');
    const config = await discover(memorial.issuer);
    const dpop = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const { tokens } = await link(config, { bankId: 'memorial', dpop });
    expect(tokens.token_type).toBe('bearer');
    expect(accessTokenOf(tokens.access_token).claims.cnf).toBeUndefined();
    expect((await client.refreshTokenGrant(config, tokens.refresh_token!)).access_token).toBeTruthy();
  });
});

describe('tokens', () => {
  it('no-rotation keeps the refresh token, and the old one keeps working', async () => {
    play('no-rotation');
    const config = await discover(memorial.issuer);
    const { tokens } = await link(config, { bankId: 'memorial' });
    const first = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(first.refresh_token).toBe(tokens.refresh_token);
    const second = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(second.access_token).toBeTruthy();
  });

  it('empty-errors keeps the status but sends no body', async () => {
    play('empty-errors');
    const res = await fetch(`${memorial.issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'mybucks-desktop', refresh_token: 'not-a-token' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).not.toMatch(/json/);
    expect(await res.text()).toBe('');
    const refused = await register({ redirect_uris: ['not a url'] });
    expect(refused.status).toBe(400);
    expect(refused.text).toBe('');
  });

  it('no-public-revocation refuses revocation by a public client and revokes nothing', async () => {
    const config = await discover(memorial.issuer);
    const { tokens } = await link(config, { bankId: 'memorial' });
    play('no-public-revocation');
    const res = await fetch(`${memorial.issuer}/token/revocation`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'mybucks-desktop', token: tokens.refresh_token! }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unauthorized_client' });
    expect((await client.refreshTokenGrant(config, tokens.refresh_token!)).access_token).toBeTruthy();
  });
});

describe('selecting profiles', () => {
  const SANDBOX = '/sandbox/banks/memorial/behaviour';
  const sandbox = (method: string, body?: unknown, key = bank.sandboxKey) =>
    fetch(`${bank.origin}${SANDBOX}`, {
      method,
      headers: { 'x-sandbox-key': key, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('the sandbox API reports and switches a bank profile at runtime', async () => {
    expect((await sandbox('GET', undefined, 'wrong')).status).toBe(401);
    expect(await (await sandbox('GET')).json()).toMatchObject({ bankId: 'memorial', profile: [], behaviour: { issInResponses: true, dpop: true } });

    const put = await sandbox('PUT', { profile: ['no-iss', 'no-rotation'], overrides: { dpop: false } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      profile: ['no-iss', 'no-rotation'],
      overrides: { dpop: false },
      behaviour: { issInResponses: false, rotateRefreshTokens: false, dpop: false, par: 'optional' },
    });
    const metadata = await discovery();
    expect(metadata).not.toHaveProperty('authorization_response_iss_parameter_supported');
    expect(metadata).not.toHaveProperty('dpop_signing_alg_values_supported');

    const unknown = await sandbox('PUT', { profile: ['lenient'] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()) as { profiles: string[] }).toMatchObject({ profiles: PROFILE_NAMES });
    expect((await sandbox('PUT', { overrides: { par: 'sometimes' } })).status).toBe(400);

    expect(await (await sandbox('PUT', {})).json()).toMatchObject({ profile: [], overrides: {}, behaviour: { issInResponses: true } });
    expect(await discovery()).toHaveProperty('authorization_response_iss_parameter_supported', true);
  });

  it('profiles compose left to right; startMockBank options replace a baseline', async () => {
    const other = await startMockBank({ port: 0, quiet: true, profiles: { harbor: ['relaxed', 'strict', 'no-dpop'], memorial: { overrides: { par: 'off' } } } });
    try {
      expect(other.ctx.behaviour.describe('harbor')).toMatchObject({ profile: ['relaxed', 'strict', 'no-dpop'], behaviour: { dpop: false, loopbackPorts: 'any' } });
      expect(other.ctx.behaviour.get('memorial').par).toBe('off');
      expect(other.ctx.behaviour.get('northwind').loopbackPorts).toBe('exact');
    } finally {
      await other.close();
    }
    await expect(startMockBank({ port: 0, profiles: { memorial: ['lenient'] } })).rejects.toThrow(/unknown behaviour profile "lenient"/);
  });

  it('the CLI takes --profile and prints each bank profile', async () => {
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', 'mock-bank/src/cli.ts', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Press Ctrl-C')) proc.kill('SIGTERM');
        };
        proc.stdout.on('data', collect);
        proc.stderr.on('data', collect);
        proc.on('error', reject);
        proc.on('exit', (code) => resolve({ code, output }));
      });
    const { output } = await run('--profile', 'memorial=no-iss,no-rotation');
    expect(output).toMatch(/Memorial Bank \(memorial\)[\s\S]*?profile +no-iss, no-rotation/);
    expect(output).toMatch(/Harbor Credit Union \(harbor\)[\s\S]*?profile +strict/);
    expect(output).toMatch(/Northwind Bank \(northwind\)[\s\S]*?profile +relaxed/);
    const refused = await run('--profile', 'memorial=lenient');
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('unknown behaviour profile "lenient"');
  });
});

describe('Northwind Bank (relaxed)', () => {
  it('lets MyBucks link on a registered port only, with none of the optional extras', async () => {
    const northwind = bankOf(bank, 'northwind');
    expect(MYBUCKS_LOOPBACK_PORTS).toContain(53683);
    const config = await discover(northwind.issuer);
    const metadata = config.serverMetadata();
    expect(metadata.pushed_authorization_request_endpoint).toBeUndefined();
    expect(metadata.authorization_response_iss_parameter_supported).toBeUndefined();

    const elsewhere = await authorizationUrl(config, { redirect_uri: 'http://127.0.0.1:49152/cb/northwind' });
    expect((await fetch(elsewhere, { redirect: 'manual' })).status).toBe(400);

    const { tokens, callback } = await link(config, { bankId: 'northwind', redirectUri: 'http://127.0.0.1:53683/cb/northwind' });
    expect(callback.origin).toBe('http://127.0.0.1:53683');
    expect(callback.searchParams.has('iss')).toBe(false);
    const accounts = await fetch(`${northwind.apiBase}/accounts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(((await accounts.json()) as { Data: { Account: unknown[] } }).Data.Account).toHaveLength(3);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
  });
});
