/**
 * RFC 8252 §7.1 against the real mock bank: a native client registered with the private-use redirect
 * `com.mybucks.app:/oauth/callback/<provider>`, a link whose browser ends at that URL (handed to the core
 * as the OS hands it to the desktop app), and the same checks as the loopback path: state (unknown
 * refused, one-shot), iss, PKCE (a code from another sign-in), timeout; refused outright in browser mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { mockBankCatalog } from '../../../src/main/core/banks/catalog';
import { privateUseRedirectUri } from '../../../src/main/core/auth/private-use-redirect';
import { approveWithForms } from '../../support/bank-consent';
import { createCore, makeDirs, removeDirs, type Core } from './harness';

const PROVIDER = 'memorial-app';
let bank: MockBankHandle;
let core: Core;
let clientId: string;

/** Registers MyBucks at Memorial Bank as a native client whose only redirect is the private-use URI. */
async function registerNativeClient(issuer: string): Promise<string> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { registration_endpoint: string };
  const res = await fetch(discovery.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      application_type: 'native',
      client_name: 'MyBucks',
      redirect_uris: [privateUseRedirectUri(PROVIDER)],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { client_id: string }).client_id;
}

function seedPrivateUseBank(target: Core): void {
  const memorial = mockBankCatalog(bank.origin).find((p) => p.id === 'memorial')!;
  target.registry.seedCatalog([{ ...memorial, id: PROVIDER, clientId, profile: { ...memorial.profile, redirect: { kind: 'private-use-scheme' } } }]);
}

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, transactionsPerAccount: 5 });
  clientId = await registerNativeClient(`${bank.origin}/memorial`);
  core = createCore(bank.origin, makeDirs(), { privateUseScheme: true, seedDefaults: false });
  seedPrivateUseBank(core);
});
afterAll(async () => {
  await core?.close();
  await bank?.close();
  removeDirs();
});

describe('private-use URI scheme redirect (RFC 8252 §7.1)', () => {
  it('links through com.mybucks.app:/oauth/callback/<provider>, refusing an unknown state first and the same URL again after', async () => {
    const started = await core.links.start(PROVIDER);
    const redirect = await approveWithForms(started.authorizationUrl, { username: 'sarah' });
    expect(redirect.startsWith(`com.mybucks.app:/oauth/callback/${PROVIDER}?`)).toBe(true);
    expect(new URL(redirect).searchParams.get('iss')).toBe(`${bank.origin}/memorial`);

    const forged = new URL(redirect);
    forged.searchParams.set('state', 'not-a-state-mybucks-issued');
    await expect(core.redirects!.deliver(forged.href)).resolves.toBe('unknown-state');
    await expect(core.redirects!.deliver(redirect.replace(PROVIDER, 'memorial'))).resolves.toBe('unknown-state');
    await expect(core.redirects!.deliver('com.mybucks.app:/somewhere-else?state=x')).resolves.toBe('not-a-callback');

    await expect(core.redirects!.deliver(redirect)).resolves.toBe('handled');
    const outcome = await started.result;
    expect(outcome).toMatchObject({ outcome: 'linked', error: null });
    await expect(core.redirects!.deliver(redirect)).resolves.toBe('unknown-state');

    const connection = core.connections.get(outcome.connectionId!);
    expect(connection).toMatchObject({ providerId: PROVIDER, sub: 'sarah', status: 'ok' });
    const res = await core.tokens.fetchResource(connection!.id, `${core.registry.get(PROVIDER).apiBase}/accounts`);
    expect(res.status).toBe(200);
  });

  it('refuses a response naming another issuer', async () => {
    const started = await core.links.start(PROVIDER);
    const redirect = new URL(await approveWithForms(started.authorizationUrl, { username: 'tom' }));
    redirect.searchParams.set('iss', `${bank.origin}/harbor`);
    await expect(core.redirects!.deliver(redirect.href)).resolves.toBe('handled');
    const outcome = await started.result;
    expect(outcome.outcome).toBe('failed');
    expect(outcome.error).toMatch(/did not come from Memorial Bank \(issuer mismatch\)/);
  });

  it("refuses another sign-in's code under this sign-in's state (PKCE verifier mismatch)", async () => {
    const first = await core.links.start(PROVIDER);
    const second = await core.links.start(PROVIDER);
    const firstRedirect = new URL(await approveWithForms(first.authorizationUrl, { username: 'tom' }));
    const secondRedirect = new URL(await approveWithForms(second.authorizationUrl, { username: 'tom' }));
    secondRedirect.searchParams.set('state', firstRedirect.searchParams.get('state')!);
    await expect(core.redirects!.deliver(secondRedirect.href)).resolves.toBe('handled');
    const outcome = await first.result;
    expect(outcome.outcome).toBe('failed');
    expect(outcome.error).toMatch(/rejected the sign-in code/);
    await core.links.cancel(second.linkId);
    await expect(second.result).resolves.toMatchObject({ outcome: 'cancelled' });
  });

  it('times out, after which the late redirect is refused', async () => {
    const quick = createCore(bank.origin, makeDirs(), { privateUseScheme: true, seedDefaults: false, callbackTimeoutMs: 400 });
    try {
      seedPrivateUseBank(quick);
      const started = await quick.links.start(PROVIDER);
      const redirect = await approveWithForms(started.authorizationUrl, { username: 'sarah' });
      const outcome = await started.result;
      expect(outcome.outcome).toBe('timed_out');
      expect(outcome.error).toMatch(/was not finished within 1 second/);
      await expect(quick.redirects!.deliver(redirect)).resolves.toBe('unknown-state');
    } finally {
      await quick.close();
    }
  });

  it('in browser mode refuses to start, saying to use the desktop app', async () => {
    const browser = createCore(bank.origin, makeDirs(), { seedDefaults: false });
    try {
      seedPrivateUseBank(browser);
      await expect(browser.links.start(PROVIDER)).rejects.toThrow(
        'Memorial Bank sends its sign-in answer to the MyBucks desktop app, which a browser cannot pass on. Link Memorial Bank from the MyBucks desktop app.',
      );
      expect(browser.opened).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
