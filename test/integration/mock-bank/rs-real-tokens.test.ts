/**
 * The contract between the two halves of the mock bank: tokens issued by the real authorization server
 * (oidc-provider, via openid-client) are accepted by the resource server, Bearer and DPoP alike.
 */
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { bankOf, discover, link } from './auth-fixtures';

let handle: MockBankHandle;

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 13 });
});
afterAll(() => handle.close());

const fetchJson = async (config: client.Configuration, token: string, url: string, dpop?: client.DPoPHandle) => {
  const res = await client.fetchProtectedResource(config, token, new URL(url), 'GET', undefined, undefined, { DPoP: dpop });
  return { status: res.status, body: await res.json() };
};

describe('tokens from the authorization server', () => {
  it('a Bearer token from the code flow reads only the accounts Sarah ticked, within the granted scopes', async () => {
    const memorial = bankOf(handle, 'memorial');
    const config = await discover(memorial.issuer);
    const [first] = handle.ctx.ledger.accountsOf('memorial', 'sarah');
    const { tokens } = await link(config, { bankId: 'memorial', consent: { scopes: ['balances'], accountIds: [first.accountId] } });
    const accounts = await fetchJson(config, tokens.access_token, `${memorial.apiBase}/accounts`);
    expect(accounts.status).toBe(200);
    expect(accounts.body.Data.Account.map((a: { AccountId: string }) => a.AccountId)).toEqual([first.accountId]);
    expect((await fetchJson(config, tokens.access_token, `${memorial.apiBase}/balances`)).status).toBe(200);
    const transactions = await fetch(`${memorial.apiBase}/transactions`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(transactions.status).toBe(403);
  });

  it('a DPoP-bound token works with openid-client proofs and fails as Bearer', async () => {
    const harbor = bankOf(handle, 'harbor');
    const config = await discover(harbor.issuer);
    const dpop = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const { tokens } = await link(config, { bankId: 'harbor', dpop });
    const tx = await fetchJson(config, tokens.access_token, `${harbor.apiBase}/transactions`, dpop);
    expect(tx.status).toBe(200);
    expect(tx.body.Data.Transaction.length).toBeGreaterThan(0);
    const asBearer = await fetch(`${harbor.apiBase}/accounts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP /);
  });

  it('a client-credentials token creates, reads and deletes an account-access consent', async () => {
    const memorial = bankOf(handle, 'memorial');
    const registration = await fetch((await discover(memorial.issuer)).serverMetadata().registration_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Consent Tester',
        application_type: 'web',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: ['https://tester.example/cb'],
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
      }),
    });
    expect(registration.status).toBe(201);
    const reg = await registration.json();
    const config = await discover(memorial.issuer, reg.client_id, client.ClientSecretBasic(reg.client_secret));
    const { access_token } = await client.clientCredentialsGrant(config, { scope: 'accounts' });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${memorial.apiBase}${path}`, {
        method,
        headers: { authorization: `Bearer ${access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const created = await call('POST', '/account-access-consents', { Data: { Permissions: ['ReadAccountsDetail', 'ReadBalances'] }, Risk: {} });
    expect(created.status).toBe(201);
    const id = (await created.json()).Data.ConsentId;
    expect(handle.ctx.consents.get(id)).toMatchObject({ clientId: reg.client_id, status: 'AWAU' });
    expect((await (await call('GET', `/account-access-consents/${id}`)).json()).Data.Status).toBe('AWAU');
    expect((await call('DELETE', `/account-access-consents/${id}`)).status).toBe(204);
    expect(handle.ctx.consents.get(id)!.status).toBe('CANC');
  });
});
