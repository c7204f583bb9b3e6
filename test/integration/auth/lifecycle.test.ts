/**
 * Token lifecycle against the real mock bank: refresh rotation across a restart of the core, the bank
 * revoking the grant (→ needs re-authorization → re-link restores the same connection), and disconnect
 * revoking at the bank.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { importDPoPKey } from '../../../src/main/core/auth/dpop';
import { approveWithForms, type ConsentOptions } from '../../support/bank-consent';
import { createCore, makeDirs, movableClock, type Core, removeDirs } from './harness';

let bank: MockBankHandle;
const cores: Core[] = [];

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, transactionsPerAccount: 5 });
});
afterAll(async () => {
  for (const c of cores) await c.close().catch(() => {});
  await bank?.close();
  removeDirs();
});

function core(...args: Parameters<typeof createCore> extends [string, ...infer R] ? R : never): Core {
  const c = createCore(bank.origin, ...args);
  cores.push(c);
  return c;
}

async function link(c: Core, providerId: string, consent: ConsentOptions, reauthorizeConnectionId?: string): Promise<string> {
  const started = await c.links.start(providerId, { reauthorizeConnectionId });
  await fetch(await approveWithForms(started.authorizationUrl, consent));
  const outcome = await started.result;
  expect(outcome).toMatchObject({ outcome: 'linked' });
  return outcome.connectionId as string;
}

const accountsUrl = (c: Core, providerId: string) => `${c.registry.get(providerId).apiBase}/accounts`;
const TEN_MINUTES = 10 * 60_000;

/** Uses a refresh token outside the app, the way an attacker holding a copy would. */
async function refreshOutside(c: Core, providerId: string, refreshToken: string, privateJwk: JsonWebKey | null) {
  const config = await c.registry.config(providerId);
  const DPoP = privateJwk ? oidc.getDPoPHandle(config, (await importDPoPKey(privateJwk)).keyPair) : undefined;
  return oidc.refreshTokenGrant(config, refreshToken, { resource: c.registry.get(providerId).apiBase }, { DPoP }).then(
    () => 'accepted',
    (err: unknown) => (err instanceof oidc.ResponseBodyError ? err.error : String(err)),
  );
}

describe('token lifecycle', () => {
  it('keeps working across a restart of the core after the refresh token rotated', async () => {
    const dirs = makeDirs();
    const clock = movableClock();
    const first = core(dirs, { clock });
    const id = await link(first, 'memorial', { username: 'sarah' });
    const linkedRt = (await first.vault.load(id))?.refreshToken;
    expect(linkedRt).toBeTruthy();

    expect((await first.tokens.fetchResource(id, accountsUrl(first, 'memorial'))).status).toBe(200);
    expect(first.tokens.refreshCount).toBe(0);
    clock.advance(TEN_MINUTES); // the access token is now past its lifetime
    expect((await first.tokens.fetchResource(id, accountsUrl(first, 'memorial'))).status).toBe(200);
    expect(first.tokens.refreshCount).toBe(1);
    const rotatedRt = (await first.vault.load(id))?.refreshToken;
    expect(rotatedRt).toBeTruthy();
    expect(rotatedRt).not.toBe(linkedRt);
    await first.close();

    const second = core(dirs);
    expect((await second.tokens.fetchResource(id, accountsUrl(second, 'memorial'))).status).toBe(200);
    expect(second.tokens.refreshCount).toBe(1); // nothing in memory after a restart: refresh from the vault
    expect((await second.vault.load(id))?.refreshToken).not.toBe(rotatedRt);
    expect(second.connections.get(id)?.status).toBe('ok');
  });

  it('marks the connection needs_reauth when the bank revokes the grant, and re-linking restores it', async () => {
    const c = core(makeDirs());
    const id = await link(c, 'harbor', { username: 'sarah' });
    expect((await c.tokens.fetchResource(id, accountsUrl(c, 'harbor'))).status).toBe(200);

    const revoked = await fetch(`${bank.origin}/sandbox/banks/harbor/users/sarah/revoke-grants`, {
      method: 'POST',
      headers: { 'x-sandbox-key': bank.sandboxKey, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(revoked.status).toBe(200);

    await expect(c.tokens.fetchResource(id, accountsUrl(c, 'harbor'))).rejects.toMatchObject({ name: 'ReauthRequiredError' });
    expect(c.connections.get(id)).toMatchObject({ status: 'needs_reauth', statusReason: "Harbor Credit Union no longer accepts MyBucks' access (HTTP 400, invalid_grant: grant request is invalid). Link Harbor Credit Union again to resume syncing; your data is kept." });
    expect(c.events).toContainEqual({ type: 'connections-changed' });
    expect(await c.vault.load(id)).toBeNull();

    const relinked = await link(c, 'harbor', { username: 'sarah' }, id);
    expect(relinked).toBe(id);
    expect(c.connections.get(id)).toMatchObject({ status: 'ok', statusReason: null, sub: 'sarah' });
    expect(c.connections.list().filter((x) => x.providerId === 'harbor')).toHaveLength(1);
    expect((await c.tokens.fetchResource(id, accountsUrl(c, 'harbor'))).status).toBe(200);
  });

  it('re-authorizing with a different customer is refused and leaves the connection as it was', async () => {
    const c = core(makeDirs());
    const id = await link(c, 'summit', { username: 'sarah' });
    const started = await c.links.start('summit', { reauthorizeConnectionId: id });
    await fetch(await approveWithForms(started.authorizationUrl, { username: 'tom' }));
    expect(await started.result).toMatchObject({ outcome: 'failed', error: expect.stringContaining('different customer') });
    expect(c.connections.get(id)).toMatchObject({ sub: 'sarah', status: 'ok' });
    expect((await c.tokens.fetchResource(id, accountsUrl(c, 'summit'))).status).toBe(200);
  });

  it('disconnect revokes the grant at the bank, wipes the secrets, and keeps or deletes the data', async () => {
    const c = core(makeDirs());
    const id = await link(c, 'memorial', { username: 'tom' });
    const secrets = await c.vault.load(id);
    expect(secrets?.refreshToken).toBeTruthy();

    expect(await c.tokens.disconnect(id, { keepData: true })).toEqual({ revokedAtBank: true, message: null, revokeUrl: null });
    expect(c.vault.has(id)).toBe(false);
    expect(c.connections.get(id)).toBeUndefined();
    expect(await refreshOutside(c, 'memorial', secrets!.refreshToken!, secrets!.dpopPrivateJwk)).toBe('invalid_grant');

    // Re-linking the same person revives the kept connection.
    expect(await link(c, 'memorial', { username: 'tom' })).toBe(id);
    await c.tokens.disconnect(id, { keepData: false });
    expect(c.connections.findByProviderAndSub('memorial', 'tom')).toBeUndefined();
    await expect(c.tokens.fetchResource(id, accountsUrl(c, 'memorial'))).rejects.toMatchObject({ name: 'AuthNotFoundError' });
  });

  it('a control: the same outside refresh works while the grant is alive', async () => {
    const c = core(makeDirs());
    const id = await link(c, 'summit', { username: 'tom' });
    const secrets = (await c.vault.load(id))!;
    expect(await refreshOutside(c, 'summit', secrets.refreshToken!, secrets.dpopPrivateJwk)).toBe('accepted');
  });
});
