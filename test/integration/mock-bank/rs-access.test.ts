/** Who may read what at the resource server: tokens, DPoP binding, consents, scopes and accounts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { dpopProof, generateDpopKey, mintAccessToken } from '../../support/mint-access-token';

let handle: MockBankHandle;
let api: string;

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 21 });
  api = handle.banks.find((b) => b.id === 'memorial')!.apiBase;
});
afterAll(() => handle.close());

const ALL = ['accounts', 'balances', 'transactions'] as const;
const mint = (opts: Partial<Parameters<typeof mintAccessToken>[1]> = {}) =>
  mintAccessToken(handle, { bankId: 'memorial', username: 'sarah', scopes: [...ALL], ...opts });

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api}${path}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function expect401(res: Response, scheme: 'Bearer' | 'DPoP', error?: string) {
  expect(res.status).toBe(401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge.startsWith(`${scheme} `)).toBe(true);
  if (error) expect(challenge).toContain(`error="${error}"`);
  expect((await res.json()).Errors[0].ErrorCode).toHaveLength(4);
}

describe('access tokens', () => {
  it('lets a valid token in and echoes or mints x-fapi-interaction-id', async () => {
    const { accessToken } = await mint();
    const res = await get('/accounts', { ...bearer(accessToken), 'x-fapi-interaction-id': 'abc-123' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-fapi-interaction-id')).toBe('abc-123');
    const minted = await get('/accounts', bearer(accessToken));
    expect(minted.headers.get('x-fapi-interaction-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects missing, malformed, expired, wrong-audience, wrong-issuer and foreign-bank tokens with 401', async () => {
    await expect401(await get('/accounts'), 'Bearer');
    await expect401(await get('/accounts', bearer('not.a.jwt')), 'Bearer', 'invalid_token');
    await expect401(await get('/accounts', { authorization: 'Basic dXNlcjpwYXNz' }), 'Bearer', 'invalid_request');
    await expect401(await get('/accounts', bearer((await mint({ ttlSeconds: -60 })).accessToken)), 'Bearer', 'invalid_token');
    await expect401(await get('/accounts', bearer((await mint({ claims: { aud: 'https://elsewhere.example/api' } })).accessToken)), 'Bearer', 'invalid_token');
    await expect401(await get('/accounts', bearer((await mint({ claims: { iss: 'https://evil.example' } })).accessToken)), 'Bearer', 'invalid_token');
    const harbor = await mintAccessToken(handle, { bankId: 'harbor', username: 'sarah', scopes: [...ALL] });
    await expect401(await get('/accounts', bearer(harbor.accessToken)), 'Bearer', 'invalid_token');
    const { accessToken } = await mint();
    const [h, p, s] = accessToken.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'tom' })).toString('base64url')}.${s}`;
    await expect401(await get('/accounts', bearer(tampered)), 'Bearer', 'invalid_token');
  });

  it('rejects tokens whose consent was revoked or expired', async () => {
    const revoked = await mint();
    handle.ctx.consents.setStatus(revoked.consent.consentId, 'CANC');
    await expect401(await get('/accounts', bearer(revoked.accessToken)), 'Bearer', 'invalid_token');
    const expired = await mint();
    const res = await fetch(`${handle.origin}/sandbox/banks/memorial/consents/${expired.consent.consentId}/expire`, {
      method: 'POST',
      headers: { 'x-sandbox-key': handle.sandboxKey },
    });
    expect(res.status).toBe(200);
    await expect401(await get('/accounts', bearer(expired.accessToken)), 'Bearer', 'invalid_token');
  });
});

describe('DPoP-bound tokens', () => {
  it('need the DPoP scheme and a fresh proof for this request and key', async () => {
    const key = await generateDpopKey();
    const { accessToken } = await mint({ dpopJkt: key.jkt });
    const url = `${api}/accounts`;
    await expect401(await get('/accounts', bearer(accessToken)), 'DPoP', 'invalid_token');
    await expect401(await get('/accounts', { authorization: `DPoP ${accessToken}` }), 'DPoP', 'invalid_dpop_proof');

    const proof = await dpopProof(key, 'GET', url, accessToken);
    const ok = await get('/accounts', { authorization: `DPoP ${accessToken}`, dpop: proof });
    expect(ok.status).toBe(200);
    await expect401(await get('/accounts', { authorization: `DPoP ${accessToken}`, dpop: proof }), 'DPoP', 'invalid_dpop_proof'); // replay

    const wrongUrl = await dpopProof(key, 'GET', `${api}/balances`, accessToken);
    await expect401(await get('/accounts', { authorization: `DPoP ${accessToken}`, dpop: wrongUrl }), 'DPoP', 'invalid_dpop_proof');
    const wrongMethod = await dpopProof(key, 'POST', url, accessToken);
    await expect401(await get('/accounts', { authorization: `DPoP ${accessToken}`, dpop: wrongMethod }), 'DPoP', 'invalid_dpop_proof');
    const otherKey = await generateDpopKey();
    const wrongKey = await dpopProof(otherKey, 'GET', url, accessToken);
    await expect401(await get('/accounts', { authorization: `DPoP ${accessToken}`, dpop: wrongKey }), 'DPoP', 'invalid_token');
  });

  it('rejects the DPoP scheme for an unbound token', async () => {
    const { accessToken } = await mint();
    await expect401(await get('/accounts', { authorization: `DPoP ${accessToken}` }), 'DPoP', 'invalid_token');
  });
});

describe('scopes, permissions and accounts', () => {
  it('answers 403 on balances without balances and on transactions without transactions', async () => {
    const { accessToken } = await mint({ scopes: ['accounts'] });
    const id = handle.ctx.ledger.accountsOf('memorial', 'sarah')[0].accountId;
    expect((await get('/accounts', bearer(accessToken))).status).toBe(200);
    for (const path of ['/balances', `/accounts/${id}/balances`, '/transactions', `/accounts/${id}/transactions`]) {
      const res = await get(path, bearer(accessToken));
      expect(res.status, path).toBe(403);
      expect(res.headers.get('www-authenticate')).toContain('insufficient_scope');
    }
  });

  it('shows only the accounts chosen on the consent page, and only the user’s own', async () => {
    const [first, second, third] = handle.ctx.ledger.accountsOf('memorial', 'sarah');
    const { accessToken } = await mint({ accountIds: [first.accountId, third.accountId] });
    const list = await (await get('/accounts', bearer(accessToken))).json();
    expect(list.Data.Account.map((a: { AccountId: string }) => a.AccountId)).toEqual([first.accountId, third.accountId]);
    expect((await get(`/accounts/${second.accountId}`, bearer(accessToken))).status).toBe(403);
    expect((await get(`/accounts/${second.accountId}/transactions`, bearer(accessToken))).status).toBe(403);
    const balances = await (await get('/balances', bearer(accessToken))).json();
    expect(new Set(balances.Data.Balance.map((b: { AccountId: string }) => b.AccountId))).toEqual(new Set([first.accountId, third.accountId]));

    const tomAccount = handle.ctx.ledger.accountsOf('memorial', 'tom')[0].accountId;
    // even a consent that names tom's account does not let sarah's token read it
    const sneaky = await mint({ accountIds: [tomAccount] });
    expect((await (await get('/accounts', bearer(sneaky.accessToken))).json()).Data.Account).toEqual([]);
    expect((await get(`/accounts/${tomAccount}`, bearer(sneaky.accessToken))).status).toBe(403);
  });

  it('includes account numbers only with ReadAccountsDetail', async () => {
    const { accessToken, consent } = await mint();
    expect((await (await get('/accounts', bearer(accessToken))).json()).Data.Account[0].Account).toBeUndefined();
    consent.permissions.push('ReadAccountsDetail');
    const detailed = (await (await get('/accounts', bearer(accessToken))).json()).Data.Account[0];
    expect(detailed.Account[0].SchemeName).toBe('UK.OBIE.SortCodeAccountNumber');
  });
});
