/**
 * MyBucks against banks that use the freedom the RFCs give a server, each played by the mock bank's
 * behaviour profiles: the user adds the bank by its address, links, syncs, the access token is renewed,
 * the user re-authorizes and disconnects; every message the user would read in a failure is asserted.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { FIXED_LOOPBACK_PORTS } from '../../../src/main/core/banks/profile';
import { importDPoPKey } from '../../../src/main/core/auth/dpop';
import type { ConnectionSecrets } from '../../../src/main/core/auth/vault';
import { approveWithForms } from '../../support/bank-consent';
import { createCore, makeDirs, movableClock, removeDirs, type Core } from './harness';

let bank: MockBankHandle;
const cores: Core[] = [];
const BANK = 'harbor';
const NAME = 'Test Bank';
const TEN_MINUTES = 10 * 60_000;

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, transactionsPerAccount: 5 });
});
afterAll(async () => {
  for (const c of cores) await c.close().catch(() => {});
  await bank?.close();
  removeDirs();
});
beforeEach(() => {
  bank.ctx.behaviour.set(BANK, { profile: ['strict'], overrides: {} });
});

const issuer = () => bank.banks.find((b) => b.id === BANK)!.issuer;

function play(...profile: string[]) {
  bank.ctx.behaviour.set(BANK, { profile, overrides: {} });
}

/** A fresh MyBucks (its own data folder) with a sync engine over its token manager. */
function mybucks() {
  const clock = movableClock();
  const core = createCore(bank.origin, makeDirs(), { seedDefaults: false, clock });
  cores.push(core);
  const engine = new SyncEngine({ db: core.db, fetchResource: (id, url, init) => core.tokens.fetchResource(id, url, init), retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  return { core, clock, engine };
}

/** Signs in and consents as `username` in "the browser"; returns the callback URL the bank sent back. */
async function approve(core: Core, providerId: string, reauthorizeConnectionId?: string) {
  const started = await core.links.start(providerId, { reauthorizeConnectionId });
  const callback = new URL(await approveWithForms(started.authorizationUrl, { username: 'sarah' }));
  await fetch(callback);
  return { callback, outcome: await started.result, authorizationUrl: new URL(started.authorizationUrl) };
}

/** Uses a refresh token (and its DPoP key) outside the app, to see whether the bank still honours it. */
async function bankHonours(core: Core, providerId: string, { refreshToken, dpopPrivateJwk }: ConnectionSecrets): Promise<boolean> {
  const config = await core.registry.config(providerId);
  const DPoP = dpopPrivateJwk ? oidc.getDPoPHandle(config, (await importDPoPKey(dpopPrivateJwk)).keyPair) : undefined;
  return oidc.refreshTokenGrant(config, refreshToken!, undefined, { DPoP }).then(
    () => true,
    () => false,
  );
}

/** The whole story for one profile; returns what the test may want to look at. */
async function story(expectRotation: boolean) {
  const { core, clock, engine } = mybucks();
  const provider = await core.registry.addByIssuer(issuer(), { displayName: NAME });
  const first = await approve(core, provider.id);
  expect(first.outcome).toMatchObject({ outcome: 'linked', error: null });
  const connectionId = first.outcome.connectionId!;
  const synced = await engine.sync(connectionId);
  expect(synced).toMatchObject({ outcome: 'ok', error: null });
  expect(synced.counts.accounts).toBe(3);

  const linked = (await core.vault.load(connectionId))!;
  clock.advance(TEN_MINUTES);
  expect((await engine.sync(connectionId)).outcome).toBe('ok');
  expect(core.tokens.refreshCount).toBe(1);
  const renewed = (await core.vault.load(connectionId))!;
  expect(renewed.refreshToken !== linked.refreshToken).toBe(expectRotation);

  const again = await approve(core, provider.id, connectionId);
  expect(again.outcome).toMatchObject({ outcome: 'linked', connectionId });
  const relinked = (await core.vault.load(connectionId))!;
  expect(relinked.refreshToken).not.toBe(renewed.refreshToken);
  return { core, engine, provider: core.registry.get(provider.id), connectionId, first, renewed, relinked };
}

async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('linking banks that behave like the servers out there', () => {
  it('strict (the default): any-port loopback, iss pinned, rotation, the replaced grant and the last one revoked', async () => {
    const { core, provider, connectionId, renewed, relinked } = await story(true);
    expect(provider.profile).toMatchObject({ redirect: { kind: 'any-port' }, tokenEndpointAuthMethod: 'none', issPinned: true });
    // Re-linking revoked the grant it replaced.
    expect(await eventually(async () => !(await bankHonours(core, provider.id, renewed)))).toBe(true);
    expect(await core.tokens.disconnect(connectionId, { keepData: true })).toEqual({ revokedAtBank: true, message: null, revokeUrl: null });
    expect(await bankHonours(core, provider.id, relinked)).toBe(false);
  });

  it('registration answered with 200 instead of 201', async () => {
    play('registration-200');
    const { provider } = await story(true);
    expect(provider.clientId).toBeTruthy();
  });

  it('registration that makes MyBucks a confidential client: the secret goes to the vault and is used', async () => {
    play('confidential-default');
    const { core, provider } = await story(true);
    expect(provider.profile.tokenEndpointAuthMethod).toBe('client_secret_basic');
    expect((await core.vault.loadClient(provider.id))?.clientSecret).toBeTruthy();
  });

  it('exact port matching with RFC 7592: the exact redirect URI is registered for each link', async () => {
    play('exact-port');
    const { provider, first } = await story(true);
    expect(provider.profile.redirect).toEqual({ kind: 'exact-per-link' });
    expect(Number(first.callback.port)).toBeGreaterThan(0);
  });

  it('exact port matching without RFC 7592: the fixed registered ports', async () => {
    play('exact-port', 'no-registration-management');
    const { provider, first } = await story(true);
    expect(provider.profile.redirect).toEqual({ kind: 'fixed-ports', ports: FIXED_LOOPBACK_PORTS });
    expect(FIXED_LOOPBACK_PORTS).toContain(Number(first.callback.port));
  });

  it('no refresh-token rotation: the same token keeps working', async () => {
    play('no-rotation');
    await story(false);
  });

  it('no PAR and no DPoP: a plain authorization request and Bearer tokens', async () => {
    play('no-par', 'no-dpop');
    const checked = await mybucks().core.registry.check(issuer());
    expect(checked.supports).toMatchObject({ par: 'no', dpop: false, iss: true, registration: true, pkceS256: true });
    const { first } = await story(true);
    expect(first.authorizationUrl.searchParams.get('request_uri')).toBeNull();
    expect(first.authorizationUrl.searchParams.get('dpop_jkt')).toBeNull();
  });

  it('no iss in responses: linked without it, and not pinned', async () => {
    play('no-iss');
    expect((await mybucks().core.registry.check(issuer())).supports.iss).toBe(false);
    const { provider, first } = await story(true);
    expect(first.callback.searchParams.has('iss')).toBe(false);
    expect(provider.profile.issPinned).toBe(false);
  });

  it('a bank that sent iss before and stops: the response is refused, and nothing is stored', async () => {
    play('no-par', 'no-dpop');
    const { core } = mybucks();
    const provider = await core.registry.addByIssuer(issuer(), { displayName: NAME });
    expect((await approve(core, provider.id)).outcome.outcome).toBe('linked');
    expect(core.registry.get(provider.id).profile.issPinned).toBe(true);
    // The bank stops advertising and sending iss (an attacker's mix-up, or a misconfiguration).
    play('no-par', 'no-dpop', 'no-iss');
    core.issuers.forget(issuer());
    const before = core.connections.list().length;
    const { outcome } = await approve(core, provider.id);
    expect(outcome).toMatchObject({
      outcome: 'failed',
      error: `The sign-in response did not say it came from ${NAME}, as ${NAME}'s responses always do, so MyBucks ignored it for your safety. Link again; if it keeps happening, contact ${NAME}.`,
    });
    expect(core.connections.list()).toHaveLength(before);
  });

  it('a bank that rejects the resource parameter: MyBucks learns it from a pushed request and carries on', async () => {
    play('rejects-resource');
    const { core } = mybucks();
    const provider = await core.registry.addByIssuer(issuer(), { displayName: NAME });
    core.registry.learn(provider.id, { resourceIndicator: true }); // as a catalog entry might say
    const { outcome } = await approve(core, provider.id);
    expect(outcome.outcome).toBe('linked');
    expect(core.registry.get(provider.id).profile.resourceIndicator).toBe(false);
  });

  it('a bank that rejects the resource parameter in the browser: the message names it, and the next link works', async () => {
    play('rejects-resource', 'no-par');
    const { core } = mybucks();
    const provider = await core.registry.addByIssuer(issuer(), { displayName: NAME });
    core.registry.learn(provider.id, { resourceIndicator: true });
    const started = await core.links.start(provider.id);
    const callback = new URL(await approveWithForms(started.authorizationUrl, { username: 'sarah' }).catch(async () => {
      // The bank refuses before sign-in: its redirect carries the error.
      const res = await fetch(started.authorizationUrl, { redirect: 'manual' });
      return res.headers.get('location')!;
    }));
    await fetch(callback);
    expect(await started.result).toMatchObject({
      outcome: 'failed',
      error: `${NAME} refused the resource indicator (RFC 8707) naming its account-data API. MyBucks will not send it again: link ${NAME} again.`,
    });
    expect((await approve(core, provider.id)).outcome.outcome).toBe('linked');
  });

  it('empty error bodies: a revoked grant becomes "needs re-authorization" at once, not a retried network error', async () => {
    play('empty-errors');
    const { core, engine } = mybucks();
    const provider = await core.registry.addByIssuer(issuer(), { displayName: NAME });
    const { outcome } = await approve(core, provider.id);
    const connectionId = outcome.connectionId!;
    await fetch(`${bank.origin}/sandbox/banks/${BANK}/users/sarah/revoke-grants`, {
      method: 'POST',
      headers: { 'x-sandbox-key': bank.sandboxKey, 'content-type': 'application/json' },
      body: '{}',
    });
    core.tokens.forget(connectionId); // a restart: only the vault's refresh token is left
    const result = await engine.sync(connectionId);
    expect(result.error).toBe(`${NAME} no longer accepts MyBucks' access (HTTP 400 without an explanation). Link ${NAME} again to resume syncing; your data is kept.`);
    expect(core.tokens.refreshCount).toBe(1);
    expect(core.connections.get(connectionId)).toMatchObject({ status: 'needs_reauth', statusCode: 'needs_reauth' });
    expect((await approve(core, provider.id, connectionId)).outcome).toMatchObject({ outcome: 'linked', connectionId });
    expect((await engine.sync(connectionId)).outcome).toBe('ok');
  });

  it('revocation refused for public clients: disconnect says so and where to revoke', async () => {
    play('no-public-revocation');
    const { core, provider, connectionId, relinked } = await story(true);
    const result = await core.tokens.disconnect(connectionId, { keepData: false });
    expect(result).toEqual({
      revokedAtBank: false,
      message: `MyBucks removed ${NAME} and forgot its access, but could not revoke it at the bank: the bank refused it (HTTP 400, unauthorized_client: public clients may not revoke tokens at this bank). Until it expires, MyBucks' access stays valid at ${NAME}; revoke it in ${NAME}'s online banking.`,
      revokeUrl: null,
    });
    expect(await bankHonours(core, provider.id, relinked)).toBe(true);
  });

  it('everything at once (the relaxed profile)', async () => {
    play('relaxed');
    const { core, provider, connectionId } = await story(false);
    expect(provider.profile).toMatchObject({ redirect: { kind: 'exact-per-link' }, tokenEndpointAuthMethod: 'client_secret_basic', issPinned: false });
    expect((await core.tokens.disconnect(connectionId, { keepData: true })).revokedAtBank).toBe(true); // confidential clients may revoke
  });

  it('a bank with no registration and a client ID that is not registered for MyBucks\' return address', async () => {
    const { core } = mybucks();
    await expect(core.registry.addByIssuer(issuer(), { displayName: 'Nope', clientId: 'someone-else' })).rejects.toMatchObject({
      message: expect.stringContaining(`Nope did not accept MyBucks' return address for client "someone-else". Ask Nope to register http://127.0.0.1/cb/nope (any port)`),
    });
    expect(core.registry.list()).toEqual([]);
  });
});

describe('a full disk while the bank rotates the refresh token', () => {
  it('keeps the connection: the sync stops with a clear message, and the next sync after space returns works without re-linking', async () => {
    let diskFull = false;
    const clock = movableClock();
    const core = createCore(bank.origin, makeDirs(), {
      clock,
      wrapSettings: (store) => ({
        get: (key) => store.get(key),
        delete: (key) => store.delete(key),
        set(key, value) {
          if (diskFull) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          store.set(key, value);
        },
      }),
    });
    cores.push(core);
    const engine = new SyncEngine({ db: core.db, fetchResource: (id, url, init) => core.tokens.fetchResource(id, url, init), retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const { outcome } = await approve(core, 'memorial');
    const connectionId = outcome.connectionId!;
    expect((await engine.sync(connectionId)).outcome).toBe('ok');

    diskFull = true;
    clock.advance(TEN_MINUTES);
    const failed = await engine.sync(connectionId);
    expect(failed.error).toBe(
      "MyBucks could not save its access to Memorial Bank: the disk is full. Fix that (free some disk space) and press Sync now; keep MyBucks open until then and you will not need to link Memorial Bank again.",
    );
    expect(core.tokens.refreshCount).toBe(1);
    expect(core.connections.get(connectionId)).toMatchObject({ status: 'error', statusCode: 'vault_write_failed' });
    // Still full: nothing is sent to the bank, so the rotated token is never spent or the old one reused.
    expect((await engine.sync(connectionId)).outcome).toBe('error');
    expect(core.tokens.refreshCount).toBe(1);

    diskFull = false;
    expect(await engine.sync(connectionId)).toMatchObject({ outcome: 'ok', error: null });
    expect(core.connections.get(connectionId)).toMatchObject({ status: 'ok', statusCode: null });
    expect(core.tokens.refreshCount).toBe(2);
  });
});

describe('a catalog bank that plays the relaxed profile (Northwind, as `npm start` offers it)', () => {
  it('links through its fixed registered ports and says where to revoke when the bank refuses to', async () => {
    const core = createCore(bank.origin, makeDirs());
    cores.push(core);
    const northwind = core.registry.get('northwind');
    expect(northwind.profile).toMatchObject({ redirect: { kind: 'fixed-ports', ports: FIXED_LOOPBACK_PORTS }, resourceIndicator: false });
    const { outcome, callback, authorizationUrl } = await approve(core, 'northwind');
    expect(outcome.outcome).toBe('linked');
    expect(FIXED_LOOPBACK_PORTS).toContain(Number(callback.port));
    expect(authorizationUrl.searchParams.has('resource')).toBe(false);
    const result = await core.tokens.disconnect(outcome.connectionId!, { keepData: false });
    expect(result).toMatchObject({ revokedAtBank: false, revokeUrl: `${bank.origin}/northwind/connected-apps` });
    expect(result.message).toMatch(/revoke it on Northwind Bank's connected-apps page\.$/);
  });

  it('tells the user when every registered port is taken', async () => {
    const core = createCore(bank.origin, makeDirs());
    cores.push(core);
    const http = await import('node:http');
    const squatters = await Promise.all(
      FIXED_LOOPBACK_PORTS.map((port) => new Promise<import('node:http').Server>((resolve) => {
        const s = http.createServer();
        s.listen(port, '127.0.0.1', () => resolve(s));
      })),
    );
    try {
      await expect(core.links.start('northwind')).rejects.toMatchObject({
        message: `MyBucks cannot receive Northwind Bank's answer: every port MyBucks registered with the bank (${FIXED_LOOPBACK_PORTS.join(', ')}) is in use by another program. Finish or cancel other sign-ins, then try again.`,
      });
      expect(core.links.inFlight).toBe(0);
    } finally {
      await Promise.all(squatters.map((s) => new Promise((r) => s.close(r))));
    }
  });
});
