/**
 * Every resource-server operation, successful and failing, answers bodies that validate against the
 * official UK OB AISP v4.0 OpenAPI file, with an `x-fapi-interaction-id` header.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { mintAccessToken, mintClientCredentialsToken } from '../../support/mint-access-token';

const SPEC_PATH = new URL('../../fixtures/specs/uk-ob-aisp-v4.0-openapi.json', import.meta.url);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ components: spec.components }, 'ob');

/** The schema the spec declares for (path, method, status); OBErrorResponse1 for declared errors without a body schema. */
function validatorFor(path: string, method: string, status: number): ValidateFunction | null {
  let response = spec.paths[path]?.[method]?.responses?.[String(status)] as Json | undefined;
  expect(response, `${method.toUpperCase()} ${path} declares ${status}`).toBeDefined();
  if (response!.$ref) response = spec.components.responses[String(response!.$ref).split('/').pop()!] as Json;
  const content = response!.content as Json | undefined;
  if (status === 204) return null;
  const ref: string = content
    ? (content['application/json; charset=utf-8'] ?? content['application/json']).schema.$ref
    : '#/components/schemas/OBErrorResponse1';
  const validate = ajv.getSchema(ref.replace('#/', 'ob#/'));
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate;
}

let handle: MockBankHandle;
let api: string;
let full: string;
let noBalances: string;
let noTransactions: string;
let noAccounts: string;
let client: string;
let accountId: string;

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 11, pageSize: 50 });
  api = handle.banks.find((b) => b.id === 'memorial')!.apiBase;
  const mint = (scopes: ('accounts' | 'balances' | 'transactions')[], accountIds?: string[]) =>
    mintAccessToken(handle, { bankId: 'memorial', username: 'sarah', scopes, accountIds }).then((t) => t.accessToken);
  full = await mint(['accounts', 'balances', 'transactions']);
  noBalances = await mint(['accounts', 'transactions']);
  noTransactions = await mint(['accounts', 'balances']);
  noAccounts = await mint(['accounts', 'balances', 'transactions'], []);
  client = await mintClientCredentialsToken(handle, { bankId: 'memorial' });
  accountId = handle.ctx.ledger.accountsOf('memorial', 'sarah')[0].accountId;
});
afterAll(() => handle.close());

interface Call {
  path: string;
  method: 'get' | 'post' | 'delete';
  url: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

async function check(call: Call, expected: number): Promise<Json | null> {
  const interaction = crypto.randomUUID();
  const res = await fetch(`${api}${call.url}`, {
    method: call.method.toUpperCase(),
    headers: {
      'x-fapi-interaction-id': interaction,
      ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
      ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...call.headers,
    },
    body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
  });
  const text = await res.text();
  expect(res.status, text).toBe(expected);
  expect(res.headers.get('x-fapi-interaction-id')).toBe(interaction);
  const validate = validatorFor(call.path, call.method, expected);
  if (!validate) {
    expect(text).toBe('');
    return null;
  }
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = JSON.parse(text) as Json;
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  return body;
}

const consentBody = { Data: { Permissions: ['ReadAccountsBasic', 'ReadBalances'] }, Risk: {} };

describe('spec conformance of every resource endpoint', () => {
  it('GET /accounts', async () => {
    const call = { path: '/accounts', method: 'get', url: '/accounts' } as const;
    const body = await check({ ...call, token: full }, 200);
    expect(body!.Data.Account).toHaveLength(3);
    await check(call, 401);
    await check({ ...call, token: client }, 403);
  });

  it('GET /accounts/{AccountId}', async () => {
    const call = { path: '/accounts/{AccountId}', method: 'get', url: `/accounts/${accountId}` } as const;
    expect((await check({ ...call, token: full }, 200))!.Data.Account[0].AccountId).toBe(accountId);
    await check({ ...call, token: noAccounts }, 403);
    await check({ ...call, token: 'not-a-jwt' }, 401);
  });

  it('GET /accounts/{AccountId}/balances', async () => {
    const call = { path: '/accounts/{AccountId}/balances', method: 'get', url: `/accounts/${accountId}/balances` } as const;
    const body = await check({ ...call, token: full }, 200);
    expect(body!.Data.Balance.map((b: Json) => b.Type)).toEqual(['ITBD', 'ITAV']);
    await check({ ...call, token: noBalances }, 403);
    await check(call, 401);
  });

  it('GET /accounts/{AccountId}/transactions', async () => {
    const call = { path: '/accounts/{AccountId}/transactions', method: 'get', url: `/accounts/${accountId}/transactions` } as const;
    const body = await check({ ...call, token: full }, 200);
    expect(body!.Data.Transaction).toHaveLength(50);
    expect(body!.Links.Next).toBeDefined();
    // the validator is not vacuous: a v3.1 status spelling fails it
    const v3 = { ...body, Data: { Transaction: [{ ...body!.Data.Transaction[0], Status: 'Booked' }] } };
    expect(validatorFor(call.path, 'get', 200)!(v3)).toBe(false);
    const last = await check({ ...call, url: `${call.url}?fromBookingDateTime=2026-01-01T00:00:00`, token: full }, 200);
    expect(last!.Meta.TotalPages).toBeGreaterThan(0);
    await check({ ...call, url: `${call.url}?fromBookingDateTime=soon`, token: full }, 400);
    await check({ ...call, token: noTransactions }, 403);
    await check(call, 401);
  });

  it('GET /balances', async () => {
    const call = { path: '/balances', method: 'get', url: '/balances' } as const;
    expect((await check({ ...call, token: full }, 200))!.Data.Balance).toHaveLength(6);
    await check({ ...call, token: noAccounts }, 404);
    await check({ ...call, token: noBalances }, 403);
    await check(call, 401);
  });

  it('GET /transactions', async () => {
    const call = { path: '/transactions', method: 'get', url: '/transactions' } as const;
    expect((await check({ ...call, token: full }, 200))!.Data.Transaction).toHaveLength(50);
    await check({ ...call, token: noAccounts }, 404);
    await check({ ...call, url: '/transactions?toBookingDateTime=2026-02-30x', token: full }, 400);
    await check({ ...call, token: noTransactions }, 403);
    await check(call, 401);
  });

  it('POST /account-access-consents', async () => {
    const call = { path: '/account-access-consents', method: 'post', url: '/account-access-consents' } as const;
    const body = await check({ ...call, token: client, body: consentBody }, 201);
    expect(body!.Data.Status).toBe('AWAU');
    await check({ ...call, token: client, body: { Data: { Permissions: ['ReadBalances'] }, Risk: {} } }, 400);
    await check({ ...call, token: client, body: 'hello', headers: { 'content-type': 'text/plain' } }, 415);
    await check({ ...call, token: full, body: consentBody }, 403);
    await check({ ...call, body: consentBody }, 401);
  });

  it('GET /account-access-consents/{ConsentId}', async () => {
    const created = await check({ path: '/account-access-consents', method: 'post', url: '/account-access-consents', token: client, body: consentBody }, 201);
    const id = created!.Data.ConsentId as string;
    const call = { path: '/account-access-consents/{ConsentId}', method: 'get', url: `/account-access-consents/${id}` } as const;
    expect((await check({ ...call, token: client }, 200))!.Data.ConsentId).toBe(id);
    await check({ ...call, url: '/account-access-consents/no-such-consent', token: client }, 400);
    const other = await mintClientCredentialsToken(handle, { bankId: 'memorial', clientId: 'someone-else' });
    await check({ ...call, token: other }, 403);
    await check(call, 401);
  });

  it('DELETE /account-access-consents/{ConsentId}', async () => {
    const created = await check({ path: '/account-access-consents', method: 'post', url: '/account-access-consents', token: client, body: consentBody }, 201);
    const id = created!.Data.ConsentId as string;
    const call = { path: '/account-access-consents/{ConsentId}', method: 'delete', url: `/account-access-consents/${id}` } as const;
    await check(call, 401);
    await check({ ...call, token: client }, 204);
    expect(handle.ctx.consents.get(id)!.status).toBe('CANC');
    await check({ ...call, url: '/account-access-consents/nope', token: client }, 400);
  });

  it('429 and 500 (injected) and 405 bodies are OBErrorResponse1 too', async () => {
    const ops: Call[] = [
      { path: '/accounts', method: 'get', url: '/accounts', token: full },
      { path: '/accounts/{AccountId}', method: 'get', url: `/accounts/${accountId}`, token: full },
      { path: '/accounts/{AccountId}/balances', method: 'get', url: `/accounts/${accountId}/balances`, token: full },
      { path: '/accounts/{AccountId}/transactions', method: 'get', url: `/accounts/${accountId}/transactions`, token: full },
      { path: '/balances', method: 'get', url: '/balances', token: full },
      { path: '/transactions', method: 'get', url: '/transactions', token: full },
      { path: '/account-access-consents', method: 'post', url: '/account-access-consents', token: client, body: consentBody },
      { path: '/account-access-consents/{ConsentId}', method: 'get', url: '/account-access-consents/x', token: client },
      { path: '/account-access-consents/{ConsentId}', method: 'delete', url: '/account-access-consents/x', token: client },
    ];
    for (const status of [429, 500] as const) {
      handle.ctx.faults.add({ target: 'resource', bankId: 'memorial', kind: String(status) as '429' | '500', count: ops.length });
      for (const op of ops) await check(op, status);
    }
    const res = await fetch(`${api}/accounts`, { method: 'PUT', headers: { authorization: `Bearer ${full}` } });
    expect(res.status).toBe(405);
    const validate = validatorFor('/accounts', 'get', 405)!;
    expect(validate(await res.json())).toBe(true);
  });
});
