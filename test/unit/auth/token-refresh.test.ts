import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { IssuerConfigs } from '../../../src/main/core/auth/issuers';
import { ProviderRegistry } from '../../../src/main/core/banks/registry';
import { defaultProfile } from '../../../src/main/core/banks/profile';
import { TokenManager } from '../../../src/main/core/auth/tokens';
import { TokenVault } from '../../../src/main/core/auth/vault';
import { silentLogger } from '../../../src/main/core/log';
import type { SecretCipher, SettingsStore } from '../../../src/main/core/ports';

/** A fake bank: discovery, a token endpoint that rotates refresh tokens slowly, and one protected resource. */
const bank = {
  refreshToken: 'rt-0',
  accessToken: null as string | null,
  tokenCalls: 0,
  /** The token endpoint's next answers: an HTTP status and a body ('' for none). */
  failWith: null as { status: number; body: string } | null,
  events: [] as string[],
};
const oauthError = (status: number, error: string) => ({ status, body: JSON.stringify({ error }) });
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: origin, token_endpoint: `${origin}/token` }));
      return;
    }
    if (req.url === '/token') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bank.tokenCalls++;
        const params = new URLSearchParams(body);
        setTimeout(() => {
          const failure = bank.failWith ?? (params.get('refresh_token') !== bank.refreshToken ? oauthError(400, 'invalid_grant') : null);
          if (failure) {
            if (failure.body) res.setHeader('content-type', 'application/json');
            res.statusCode = failure.status;
            res.end(failure.body);
            return;
          }
          res.setHeader('content-type', 'application/json');
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

/** A settings store whose writes fail with ENOSPC while `full` is set, like a full disk. */
const failingStore = (inner: SettingsStore) =>
  Object.assign(
    {
      full: false,
      get: inner.get.bind(inner),
      delete: inner.delete.bind(inner),
      set(key: string, value: unknown) {
        if (this.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        inner.set(key, value);
      },
    },
    {},
  );

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
  providers.upsert({
    id: 'fake', name: 'Fake Bank', issuer: origin, clientId: 'client', scopes: ['balances'], apiBase: `${origin}/api`,
    color: '#000', logoText: 'FB', tagline: null, custom: true, profile: defaultProfile(),
  });
  connections.insert({
    id: 'c1', providerId: 'fake', status: 'ok', statusReason: null, sub: 'sarah', name: 'Sarah', scopes: ['balances'],
    consentId: null, consentExpiresAt: null,
  });
  const store = failingStore(memoryStore());
  const cipher = { ...reversingCipher };
  const vault = new TokenVault(cipher, store, silentLogger);
  await vault.save('c1', { refreshToken: 'rt-0', dpopPrivateJwk: null });
  const save = vault.save.bind(vault);
  vault.save = async (id, s) => {
    await save(id, s);
    bank.events.push(`save ${s.refreshToken}`);
  };
  const tokens = new TokenManager({ registry: new ProviderRegistry(providers, issuers, vault, silentLogger), connections, vault, logger: silentLogger });
  return { tokens, vault, connections, store, cipher };
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
    bank.failWith = oauthError(400, 'invalid_grant');
    const errors = await Promise.all([1, 2].map(() => ctx.tokens.fetchResource('c1', `${origin}/api/thing`).catch((e: Error) => e)));
    expect(errors.map((e) => (e as Error).name)).toEqual(['ReauthRequiredError', 'ReauthRequiredError']);
    expect(bank.tokenCalls).toBe(1);
    expect(ctx.connections.get('c1')?.status).toBe('needs_reauth');
    expect(ctx.connections.get('c1')?.statusReason).toMatch(/^Fake Bank no longer accepts MyBucks' access \(HTTP 400, invalid_grant\)\. Link Fake Bank again/);
    expect(await ctx.vault.load('c1')).toBeNull();
    await expect(ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).rejects.toMatchObject({ name: 'ReauthRequiredError' });
    expect(bank.tokenCalls).toBe(1);
  });

  it('treats a 400 with an empty body as a grant problem: needs_reauth, no retry', async () => {
    bank.failWith = { status: 400, body: '' };
    await expect(ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).rejects.toMatchObject({
      name: 'ReauthRequiredError',
      message: "Fake Bank no longer accepts MyBucks' access (HTTP 400 without an explanation). Link Fake Bank again to resume syncing; your data is kept.",
    });
    expect(ctx.connections.get('c1')).toMatchObject({ status: 'needs_reauth', statusCode: 'needs_reauth' });
    expect(bank.tokenCalls).toBe(1);
  });

  it('keeps the connection ok when the token endpoint is down (5xx) or rate-limiting, and says it will retry', async () => {
    for (const failure of [oauthError(503, 'temporarily_unavailable'), { status: 429, body: '' }]) {
      bank.failWith = failure;
      const err = await ctx.tokens.fetchResource('c1', `${origin}/api/thing`).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'BankUnavailableError', code: 'bank_unavailable', retryable: true });
      expect((err as Error).message).toMatch(new RegExp(`^Fake Bank could not renew MyBucks' access right now \\(HTTP ${failure.status}.*\\)\\. MyBucks will try again at the next sync\\.$`));
      expect((err as Error).message).not.toMatch(/OAUTH_|unexpected HTTP response/);
    }
    expect(ctx.connections.get('c1')?.status).toBe('ok');
    expect((await ctx.vault.load('c1'))?.refreshToken).toBe('rt-0');
  });

  it('holds a rotated refresh token it could not save (disk full), spends it on nothing until it is saved, then carries on', async () => {
    ctx.store.full = true;
    const err = await ctx.tokens.fetchResource('c1', `${origin}/api/thing`).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'VaultWriteError', code: 'vault_unavailable', reason: 'the disk is full' });
    expect((err as Error).message).toBe(
      "MyBucks could not save its access to Fake Bank: the disk is full. Fix that (free some disk space) and press Sync now; keep MyBucks open until then and you will not need to link Fake Bank again.",
    );
    expect(bank.tokenCalls).toBe(1);
    expect(bank.refreshToken).toBe('rt-1'); // the bank rotated: rt-0 is dead there

    // Still full: every call fails at once, and the bank never sees rt-1 spent or rt-0 reused.
    for (let i = 0; i < 3; i++) await expect(ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).rejects.toMatchObject({ name: 'VaultWriteError' });
    expect(bank.tokenCalls).toBe(1);
    expect(ctx.connections.get('c1')?.status).toBe('ok');

    ctx.store.full = false;
    expect((await ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).status).toBe(200);
    expect((await ctx.vault.load('c1'))?.refreshToken).toBe(bank.refreshToken);
    expect(bank.tokenCalls).toBe(2); // the saved rt-1 was spent once, normally
  });

  it('asks to link again when the vault entry cannot be decrypted (a lost key), without calling the bank', async () => {
    ctx.cipher.decrypt = () => Promise.reject(new Error('Unsupported state or unable to authenticate data'));
    await expect(ctx.tokens.fetchResource('c1', `${origin}/api/thing`)).rejects.toMatchObject({
      name: 'ReauthRequiredError',
      message: 'MyBucks could not read its saved access to Fake Bank: the key that protects it is missing or has changed. Link Fake Bank again; your data is kept.',
    });
    expect(bank.tokenCalls).toBe(0);
    expect(ctx.connections.get('c1')?.status).toBe('needs_reauth');
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
