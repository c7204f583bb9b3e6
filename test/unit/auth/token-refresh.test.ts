import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { openDatabase } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { IssuerConfigs } from '../../../src/main/core/auth/issuers';
import { ProviderRegistry } from '../../../src/main/core/banks/registry';
import { TokenManager } from '../../../src/main/core/auth/tokens';
import { TokenVault } from '../../../src/main/core/auth/vault';
import { silentLogger } from '../../../src/main/core/log';
import type { SecretCipher, SettingsStore } from '../../../src/main/core/ports';

/** A fake bank: a token endpoint that rotates refresh tokens slowly, and one protected resource. */
const bank = {
  refreshToken: 'rt-0',
  accessToken: null as string | null,
  tokenCalls: 0,
  failWith: null as string | null,
  events: [] as string[],
};
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/token') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bank.tokenCalls++;
        const params = new URLSearchParams(body);
        setTimeout(() => {
          res.setHeader('content-type', 'application/json');
          if (bank.failWith || params.get('refresh_token') !== bank.refreshToken) {
            res.statusCode = 400;
            res.end(JSON.stringify({ error: bank.failWith ?? 'invalid_grant' }));
            return;
          }
          bank.refreshToken = `rt-${bank.tokenCalls}`;
          bank.accessToken = `at-${bank.tokenCalls}`;
          res.end(JSON.stringify({ access_token: bank.accessToken, token_type: 'Bearer', expires_in: 300, refresh_token: bank.refreshToken }));
        }, 30);
      });
      return;
    }
    if (req.url === '/api/slow') {
      setTimeout(() => res.end('{}'), 3_000).unref();
      return;
    }
    if (req.url === '/api/thing') {
      if (bank.accessToken && req.headers.authorization === `Bearer ${bank.accessToken}`) {
        bank.events.push('use');
        res.end('{"ok":true}');
      } else {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      }
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const memoryStore = (): SettingsStore => {
  const map = new Map<string, unknown>();
  return { get: <T>(k: string) => map.get(k) as T | undefined, set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) };
};
const reversingCipher: SecretCipher = {
  kind: 'test',
  protectsAgainst: 'nothing',
  availability: async () => ({ ok: true }),
  encrypt: async (p) => Buffer.from([...p].reverse().join('')),
  decrypt: async (c) => [...c.toString()].reverse().join(''),
};

async function setup() {
  Object.assign(bank, { refreshToken: 'rt-0', accessToken: null, tokenCalls: 0, failWith: null, events: [] });
  const db = openDatabase(':memory:');
  const providers = new ProvidersRepo(db);
  const connections = new ConnectionsRepo(db);
  const issuers = new IssuerConfigs({ logger: silentLogger });
  const config = new oidc.Configuration({ issuer: origin, token_endpoint: `${origin}/token` }, 'client', undefined, oidc.None());
  issuers.add(origin, 'client', config);
  providers.upsert({
    id: 'fake', name: 'Fake Bank', issuer: origin, clientId: 'client', scopes: ['balances'], apiBase: `${origin}/api`,
    color: '#000', logoText: 'FB', tagline: null, custom: true,
  });
  connections.insert({
    id: 'c1', providerId: 'fake', status: 'ok', statusReason: null, sub: 'sarah', name: 'Sarah', scopes: ['balances'],
    consentId: null, consentExpiresAt: null,
  });
  const vault = new TokenVault(reversingCipher, memoryStore(), silentLogger);
  await vault.save('c1', { refreshToken: 'rt-0', dpopPrivateJwk: null });
  const save = vault.save.bind(vault);
  vault.save = async (id, s) => {
    await save(id, s);
    bank.events.push(`save ${s.refreshToken}`);
  };
  const tokens = new TokenManager({ registry: new ProviderRegistry(providers, issuers, silentLogger), connections, vault, logger: silentLogger });
  return { tokens, vault, connections };
}

describe('TokenManager refresh', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    ctx = await setup();
  });

  it('lets concurrent calls share one refresh, and persists the rotated token before using the new access token', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => ctx.tokens.fetchResource('c1', `${origin}/api/thing`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(bank.tokenCalls).toBe(1);
    expect(ctx.tokens.refreshCount).toBe(1);
    expect(bank.events[0]).toBe('save rt-1');
    expect(bank.events.slice(1)).toEqual(['use', 'use', 'use', 'use', 'use']);
    expect((await ctx.vault.load('c1'))?.refreshToken).toBe('rt-1');
  });

  it('refreshes once on a 401 and retries, again with concurrent callers sharing the refresh', async () => {
    await ctx.tokens.fetchResource('c1', `${origin}/api/thing`);
    bank.accessToken = 'revoked-by-the-bank';
    const results = await Promise.all([1, 2, 3].map(() => ctx.tokens.fetchResource('c1', `${origin}/api/thing`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(bank.tokenCalls).toBe(2);
    expect((await ctx.vault.load('c1'))?.refreshToken).toBe('rt-2');
  });

  it('turns invalid_grant into needs_reauth, wipes the secrets and stops calling the bank', async () => {
    bank.failWith = 'invalid_grant';
    const errors = await Promise.all([1, 2].map(() => ctx.tokens.fetchResource('c1', `${origin}/api/thing`).catch((e: Error) => e)));
    expect(errors.map((e) => (e as Error).name)).toEqual(['ReauthRequiredError', 'ReauthRequiredError']);
    expect(bank.tokenCalls).toBe(1);
    expect(ctx.connections.get('c1')?.status).toBe('needs_reauth');
    expect(ctx.connections.get('c1')?.statusReason).toMatch(/Link it again/);
    expect(await ctx.vault.load('c1')).toBeNull();
    await expect(ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).rejects.toMatchObject({ name: 'ReauthRequiredError' });
    expect(bank.tokenCalls).toBe(1);
  });

  it('keeps the connection ok when the token endpoint fails for another reason', async () => {
    bank.failWith = 'temporarily_unavailable';
    await expect(ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).rejects.toMatchObject({
      name: 'BankUnavailableError',
      code: 'bank_unavailable',
      message: expect.stringContaining('temporarily_unavailable'),
    });
    expect(ctx.connections.get('c1')?.status).toBe('ok');
    expect((await ctx.vault.load('c1'))?.refreshToken).toBe('rt-0');
  });

  it('stops a resource call when the caller aborts, without disturbing the token', async () => {
    await ctx.tokens.fetchResource('c1', `${origin}/api/thing`);
    const controller = new AbortController();
    const call = ctx.tokens.fetchResource('c1', `${origin}/api/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('sync cancelled')), 50);
    await expect(call).rejects.toThrow('sync cancelled');
    expect((await ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).status).toBe(200);
    expect(bank.tokenCalls).toBe(1);
  });

  it('never sends the token outside the bank API base', async () => {
    await expect(ctx.tokens.fetchResource('c1', `${origin}/token`)).rejects.toThrow(/Refusing to send/);
    await expect(ctx.tokens.fetchResource('c1', `${origin}/api-evil/x`)).rejects.toThrow(/Refusing to send/);
    expect(bank.tokenCalls).toBe(0);
  });
});
