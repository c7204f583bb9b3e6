import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { bankOf, discover, link, oauthError } from './auth-fixtures';

let bank: MockBankHandle;
let config: client.Configuration;
const SANDBOX_KEY = 'test-sandbox-key';

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, sandboxKey: SANDBOX_KEY });
  config = await discover(bankOf(bank, 'memorial').issuer);
});
afterAll(() => bank.close());

function sandbox(pathname: string, init: { key?: string; body?: unknown } = {}) {
  return fetch(`${bank.origin}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.key !== undefined && { 'x-sandbox-key': init.key }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('sandbox controls of the authorization server', () => {
  it('need the sandbox key', async () => {
    expect((await sandbox('/sandbox/banks/memorial/users/sarah/revoke-grants')).status).toBe(401);
    expect((await sandbox('/sandbox/banks/memorial/users/sarah/logout', { key: 'wrong' })).status).toBe(401);
    expect((await sandbox('/sandbox/banks/memorial/users/nobody/logout', { key: SANDBOX_KEY })).status).toBe(404);
  });

  it("revoke every grant of a user (optionally one app's): refresh fails with invalid_grant, consents cancelled", async () => {
    const first = await link(config, { bankId: 'memorial' });
    const second = await link(config, { bankId: 'memorial' });
    const tom = await link(config, { bankId: 'memorial', consent: { username: 'tom' } });

    const none = await sandbox('/sandbox/banks/memorial/users/sarah/revoke-grants', { key: SANDBOX_KEY, body: { clientId: 'another-app' } });
    expect(await none.json()).toMatchObject({ revokedGrants: 0 });

    const res = await sandbox('/sandbox/banks/memorial/users/sarah/revoke-grants', { key: SANDBOX_KEY, body: { clientId: 'mybucks-desktop' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { revokedGrants: number }).revokedGrants).toBeGreaterThanOrEqual(2);

    for (const { tokens } of [first, second]) {
      expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
      expect(bank.ctx.consents.get(String(tokens.claims()!.consent_id))?.status).toBe('CANC');
    }
    // Tom's grant is untouched.
    expect((await client.refreshTokenGrant(config, tom.tokens.refresh_token!)).access_token).toBeTruthy();
  });

  it('log a user out everywhere at the bank', async () => {
    await link(config, { bankId: 'memorial', consent: { username: 'tom' } });
    const res = await sandbox('/sandbox/banks/memorial/users/tom/logout', { key: SANDBOX_KEY });
    expect(((await res.json()) as { endedSessions: number }).endedSessions).toBeGreaterThanOrEqual(1);
    const again = await sandbox('/sandbox/banks/memorial/users/tom/logout', { key: SANDBOX_KEY });
    expect(await again.json()).toMatchObject({ endedSessions: 0 });
  });
});

describe('connected apps page', () => {
  it('lists what Sarah granted and revokes it behind a CSRF-checked form', async () => {
    const { tokens } = await link(config, { bankId: 'memorial', consent: { scopes: ['balances'] } });
    const consentId = String(tokens.claims()!.consent_id);
    const page = `${bank.origin}/memorial/connected-apps`;
    const cookies = new Map<string, string>();
    const send = async (url: string, body?: URLSearchParams) => {
      const res = await fetch(url, {
        method: body ? 'POST' : 'GET',
        body,
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return res;
    };
    const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];

    const loginPage = await (await send(page)).text();
    const forged = await send(`${page}/login`, new URLSearchParams({ csrf: 'forged', username: 'sarah', password: 'mybucks-demo' }));
    expect(forged.status).toBe(403);
    const login = await send(`${page}/login`, new URLSearchParams({ csrf: csrfOf(loginPage), username: 'sarah', password: 'mybucks-demo' }));
    expect(login.status).toBe(303);

    const list = await (await send(page)).text();
    expect(list).toContain('MyBucks');
    expect(list).toContain(`data-consent-id="${consentId}"`);
    expect(list).toContain('View your account balances');

    await send(`${page}/revoke`, new URLSearchParams({ csrf: 'forged', consentId }));
    expect(bank.ctx.consents.get(consentId)?.status).toBe('AUTH');

    const revoked = await (await send(`${page}/revoke`, new URLSearchParams({ csrf: csrfOf(list), consentId }))).text();
    expect(revoked).toContain('can no longer read your data');
    expect(revoked).not.toContain(`data-consent-id="${consentId}"`);
    expect(bank.ctx.consents.get(consentId)?.status).toBe('CANC');
    expect(await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
  });
});

describe('persistence (--persist)', () => {
  it('keeps grants, registered clients and consents across a restart on the same port', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mock-bank-'));
    const file = path.join(dir, 'state.json');
    try {
      const first = await startMockBank({ port: 0, quiet: true, persistFile: file });
      const issuer1 = bankOf(first, 'harbor').issuer;
      const reg = await fetch(`${issuer1}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Kept', application_type: 'native', token_endpoint_auth_method: 'none', redirect_uris: ['http://127.0.0.1/kept'] }),
      });
      const kept = ((await reg.json()) as { client_id: string }).client_id;
      const { tokens } = await link(await discover(issuer1), { bankId: 'harbor' });
      const consentId = String(tokens.claims()!.consent_id);
      await first.close();
      expect(JSON.parse(await readFile(file, 'utf8')).consents.length).toBeGreaterThan(0);

      // Same port: the issuers and API base (the tokens' resource) include it.
      const second = await startMockBank({ port: Number(new URL(first.origin).port), quiet: true, persistFile: file });
      try {
        const config2 = await discover(bankOf(second, 'harbor').issuer);
        const refreshed = await client.refreshTokenGrant(config2, tokens.refresh_token!);
        expect(refreshed.claims()).toMatchObject({ sub: 'sarah', consent_id: consentId });
        expect(second.ctx.consents.get(consentId)?.status).toBe('AUTH');
        const keptConfig = await discover(bankOf(second, 'harbor').issuer, kept);
        // The registered client is still known (registered without refresh_token); an unknown one gets invalid_client.
        expect(await oauthError(client.refreshTokenGrant(keptConfig, 'not-a-token'))).toBe('unauthorized_client');
        const unknown = await discover(bankOf(second, 'harbor').issuer, 'never-registered');
        expect(await oauthError(client.refreshTokenGrant(unknown, 'not-a-token'))).toBe('invalid_client');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the signing keys (0600, beside the state file): tokens issued before a restart keep working', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mock-bank-'));
    const file = path.join(dir, 'state.json');
    try {
      const first = await startMockBank({ port: 0, quiet: true, persistFile: file });
      const memorial1 = bankOf(first, 'memorial');
      const { tokens } = await link(await discover(memorial1.issuer), { bankId: 'memorial' });
      await first.close();

      const second = await startMockBank({ port: Number(new URL(first.origin).port), quiet: true, persistFile: file });
      try {
        const memorial2 = bankOf(second, 'memorial');
        const accounts = await fetch(`${memorial2.apiBase}/accounts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
        expect(accounts.status).toBe(200);
        const config2 = await discover(memorial2.issuer);
        const refreshed = await client.refreshTokenGrant(config2, tokens.refresh_token!);
        expect(refreshed.claims()?.sub).toBe('sarah');
        expect((await fetch(`${memorial2.apiBase}/accounts`, { headers: { authorization: `Bearer ${refreshed.access_token}` } })).status).toBe(200);
      } finally {
        await second.close();
      }
      expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.keys.json']);
      if (process.platform !== 'win32') expect((await stat(path.join(dir, 'state.keys.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
