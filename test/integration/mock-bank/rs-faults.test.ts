/** Every sandbox fault kind, as a client of the resource server sees it. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { mintAccessToken } from '../../support/mint-access-token';

let handle: MockBankHandle;
let token: string;
let accountsUrl: string;

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 3 });
  token = (await mintAccessToken(handle, { bankId: 'memorial', username: 'sarah', scopes: ['accounts'] })).accessToken;
  accountsUrl = `${handle.banks.find((b) => b.id === 'memorial')!.apiBase}/accounts`;
});
afterEach(async () => {
  await sandbox('DELETE', '/sandbox/faults');
});
afterAll(() => handle.close());

function sandbox(method: string, path: string, body?: unknown, key = handle.sandboxKey) {
  return fetch(`${handle.origin}${path}`, {
    method,
    headers: { 'x-sandbox-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function inject(fault: Record<string, unknown>) {
  const res = await sandbox('POST', '/sandbox/faults', { target: 'resource', ...fault });
  expect(res.status, await res.clone().text()).toBe(201);
}

const callAccounts = (url = accountsUrl) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

describe('fault injection on resource requests', () => {
  it.each(['500', '503'])('answers %s to the next N requests, then recovers', async (kind) => {
    await inject({ kind, count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await callAccounts();
      expect(res.status).toBe(Number(kind));
      expect(res.headers.get('x-fapi-interaction-id')).toBeTruthy();
      expect((await res.json()).Errors).toHaveLength(1);
    }
    expect((await callAccounts()).status).toBe(200);
  });

  it('answers 429 with Retry-After', async () => {
    await inject({ kind: '429', count: 1, retryAfterSeconds: 7 });
    const res = await callAccounts();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await callAccounts()).status).toBe(200);
  });

  it('adds latency but still answers', async () => {
    await inject({ kind: 'latency', count: 1, latencyMs: 400 });
    const started = performance.now();
    const res = await callAccounts();
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('sends malformed JSON with a 200', async () => {
    await inject({ kind: 'malformed', count: 1 });
    const res = await callAccounts();
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('cuts the body short of its Content-Length and closes the connection', async () => {
    await inject({ kind: 'truncated', count: 1 });
    const res = await callAccounts();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    await expect(res.text()).rejects.toThrow();
    expect((await callAccounts()).status).toBe(200);
  });

  it('only hits the bank it names, and DELETE clears the queue', async () => {
    await inject({ kind: '500', count: 5, bankId: 'harbor' });
    expect((await callAccounts()).status).toBe(200);
    const listed = await (await sandbox('GET', '/sandbox/faults')).json();
    expect(listed.faults).toEqual([{ target: 'resource', kind: '500', count: 5, bankId: 'harbor' }]);
    await inject({ kind: '503', count: 3 });
    expect((await sandbox('DELETE', '/sandbox/faults')).status).toBe(204);
    expect((await callAccounts()).status).toBe(200);
  });

  it('keeps token faults for the token endpoint', async () => {
    await inject({ kind: '429', count: 1, target: 'token', retryAfterSeconds: 3 });
    expect((await callAccounts()).status).toBe(200);
    expect(handle.ctx.faults.list()).toHaveLength(1);
    const tokenRes = await fetch(`${handle.banks.find((b) => b.id === 'memorial')!.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=accounts',
    });
    expect(tokenRes.status).toBe(429);
    expect(tokenRes.headers.get('retry-after')).toBe('3');
    expect((await tokenRes.json()).error).toBe('temporarily_unavailable');
    expect(handle.ctx.faults.list()).toHaveLength(0);
  });
});

describe('sandbox guard and validation', () => {
  it('needs the sandbox key and a valid fault', async () => {
    expect((await sandbox('POST', '/sandbox/faults', { kind: '500', count: 1 }, 'wrong-key')).status).toBe(401);
    expect((await sandbox('POST', '/sandbox/faults', { target: 'resource', kind: 'teapot', count: 1 })).status).toBe(400);
    expect((await sandbox('POST', '/sandbox/faults', { target: 'resource', kind: '500', count: 1, bankId: 'atlantis' })).status).toBe(404);
  });
});
