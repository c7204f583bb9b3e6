/**
 * Linking against the real mock bank over HTTP. `approveWithForms` plays the system browser: it receives
 * the authorization URL the app opened, signs in, answers the consent page and returns the redirect,
 * which the test then delivers to the app's loopback listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { importDPoPKey } from '../../../src/main/core/auth/dpop';
import { approveWithForms, type ConsentOptions } from '../../support/bank-consent';
import { createCore, filesUnder, makeDirs, type Core, type CoreDirs, removeDirs } from './harness';

let bank: MockBankHandle;
let dirs: CoreDirs;
let core: Core;
/** Every token-endpoint answer the app got (to search the data directory for the tokens afterwards). */
const tokenResponses: Record<string, unknown>[] = [];

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, transactionsPerAccount: 5 });
  dirs = makeDirs();
  core = createCore(bank.origin, dirs, {
    onExchange: (url, res) => {
      if (new URL(url).pathname.endsWith('/token')) void res.json().then((body: Record<string, unknown>) => tokenResponses.push(body), () => {});
    },
  });
});
afterAll(async () => {
  await core?.close();
  await bank?.close();
  removeDirs();
});

const apiBase = (providerId: string) => core.registry.get(providerId).apiBase;
const connectionsOf = (providerId: string, sub: string) => core.connections.list().filter((c) => c.providerId === providerId && c.sub === sub);

async function startAndApprove(providerId: string, consent: ConsentOptions) {
  const started = await core.links.start(providerId);
  expect(core.opened).toContain(started.authorizationUrl);
  const redirect = await approveWithForms(started.authorizationUrl, consent);
  return { started, redirect: new URL(redirect) };
}

async function deliver(url: URL | string): Promise<{ status: number; html: string }> {
  const res = await fetch(url);
  return { status: res.status, html: await res.text() };
}

describe('linking banks', () => {
  it('links three banks for the same user with the links in flight at once (summit via PAR)', async () => {
    const flows = await Promise.all(['memorial', 'harbor', 'summit'].map((id) => startAndApprove(id, { username: 'sarah' })));
    for (const { redirect } of flows) expect(redirect.searchParams.get('iss')).toBe(bank.banks.find((b) => redirect.pathname.endsWith(b.id))?.issuer);
    for (const { redirect } of [...flows].reverse()) {
      const page = await deliver(redirect);
      expect(page.status).toBe(200);
      expect(page.html).toContain('return to MyBucks');
    }
    const outcomes = await Promise.all(flows.map((f) => f.started.result));
    expect(outcomes.map((o) => o.outcome)).toEqual(['linked', 'linked', 'linked']);
    expect(outcomes.map((o) => o.restored)).toEqual([false, false, false]);
    expect(new Set(outcomes.map((o) => o.connectionId)).size).toBe(3);

    for (const [i, providerId] of ['memorial', 'harbor', 'summit'].entries()) {
      const connection = core.connections.get(outcomes[i].connectionId as string);
      expect(connection).toMatchObject({ providerId, status: 'ok', sub: 'sarah', name: 'Sarah Thompson' });
      expect(connection?.scopes).toEqual(expect.arrayContaining(['accounts', 'balances', 'transactions']));
      expect(connection?.consentId).toMatch(new RegExp(`^urn-${providerId}-intent-`));
      expect(Date.parse(connection?.consentExpiresAt ?? '')).toBeGreaterThan(Date.now());
      const res = await core.tokens.fetchResource(connection!.id, `${apiBase(providerId)}/accounts`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { Data: { Account: { AccountId: string }[] } };
      expect(body.Data.Account.length).toBe(3);
    }
    const finished = core.events.filter((e) => e.type === 'link-finished');
    expect(finished).toHaveLength(3);
  });

  it('links with only balances granted; transactions are refused with 403', async () => {
    const { started, redirect } = await startAndApprove('memorial', { username: 'tom', scopes: ['balances'] });
    await deliver(redirect);
    const outcome = await started.result;
    expect(outcome.outcome).toBe('linked');
    const connection = core.connections.get(outcome.connectionId as string)!;
    expect(connection.scopes).toContain('balances');
    expect(connection.scopes).not.toContain('transactions');
    expect((await core.tokens.fetchResource(connection.id, `${apiBase('memorial')}/balances`)).status).toBe(200);
    const refused = await core.tokens.fetchResource(connection.id, `${apiBase('memorial')}/transactions`);
    expect(refused.status).toBe(403);
    expect(connection.status).toBe('ok');
  });

  it('reports a denied consent and stores nothing', async () => {
    const before = core.connections.list().length;
    const { started, redirect } = await startAndApprove('summit', { username: 'tom', deny: true });
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    const page = await deliver(redirect);
    expect(page.html).toContain('You did not allow MyBucks to access Summit Savings');
    expect(await started.result).toMatchObject({
      outcome: 'denied',
      connectionId: null,
      restored: false,
      error: "You did not allow MyBucks to access Summit Savings. Link it again whenever you like and press Allow on Summit Savings's consent page.",
    });
    expect(core.connections.list()).toHaveLength(before);
  });

  it('ignores a callback with a wrong state (400) and keeps waiting for the real one', async () => {
    const { started, redirect } = await startAndApprove('harbor', { username: 'mogul', accountIds: [] });
    const forged = new URL(redirect);
    forged.searchParams.set('state', 'attacker-state');
    const page = await deliver(forged);
    expect(page.status).toBe(400);
    expect(page.html).toContain('does not belong to a sign-in MyBucks started');
    expect(connectionsOf('harbor', 'mogul')).toHaveLength(0);
    expect((await deliver(redirect)).status).toBe(200);
    expect((await started.result).outcome).toBe('linked');
  });

  it('rejects a response carrying another bank\'s issuer (mix-up) and stores nothing', async () => {
    const { started, redirect } = await startAndApprove('memorial', { username: 'empty' });
    const forged = new URL(redirect);
    forged.searchParams.set('iss', bank.banks.find((b) => b.id === 'harbor')!.issuer);
    const page = await deliver(forged);
    expect(page.status).toBe(400);
    expect(page.html).toContain('did not come from Memorial Bank');
    expect(await started.result).toMatchObject({ outcome: 'failed', error: expect.stringContaining('issuer mismatch') });
    expect(connectionsOf('memorial', 'empty')).toHaveLength(0);
    await expect(fetch(redirect)).rejects.toThrow(); // one-shot: the listener is gone
  });

  it('rejects a response without iss from a bank that promises it', async () => {
    const { started, redirect } = await startAndApprove('summit', { username: 'empty' });
    redirect.searchParams.delete('iss');
    expect((await deliver(redirect)).status).toBe(400);
    expect(await started.result).toMatchObject({ outcome: 'failed', error: "The sign-in response did not say it came from Summit Savings, as Summit Savings's responses always do, so MyBucks ignored it for your safety. Link again; if it keeps happening, contact Summit Savings." });
    expect(connectionsOf('summit', 'empty')).toHaveLength(0);
  });

  it('rejects a replayed authorization code and stores no new connection', async () => {
    const first = await startAndApprove('summit', { username: 'tom' });
    await deliver(first.redirect);
    expect((await first.started.result).outcome).toBe('linked');
    const count = core.connections.list().length;

    const second = await startAndApprove('summit', { username: 'tom' });
    const replay = new URL(second.redirect);
    replay.searchParams.set('code', first.redirect.searchParams.get('code') as string);
    const page = await deliver(replay);
    expect(page.status).toBe(400);
    expect(page.html).toContain('rejected the sign-in code');
    expect(await second.started.result).toMatchObject({ outcome: 'failed', connectionId: null, error: expect.stringContaining('already used') });
    expect(core.connections.list()).toHaveLength(count);
  });

  it('linking a bank that is already linked restores its connection and says it was refreshed', async () => {
    const [linked] = connectionsOf('harbor', 'sarah'); // linked by the first test
    const again = await startAndApprove('harbor', { username: 'sarah' });
    const page = await deliver(again.redirect);
    expect(page.html).toContain('Harbor Credit Union was already linked');
    expect(page.html).toContain('MyBucks refreshed its access');
    expect(await again.started.result).toMatchObject({ outcome: 'linked', connectionId: linked.id, restored: true });
    expect(core.events).toContainEqual(expect.objectContaining({ type: 'link-finished', linkId: again.started.linkId, restored: true }));
    expect(connectionsOf('harbor', 'sarah')).toHaveLength(1);
  });

  it('says when the link expires and that the browser opened', async () => {
    const before = Date.now();
    const started = await core.links.start('memorial');
    expect(started.browserOpened).toBe(true);
    const expires = Date.parse(started.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 5 * 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    await core.links.cancel(started.linkId);
    expect(await started.result).toMatchObject({ outcome: 'cancelled', error: null, restored: false });
  });

  it('says when the browser could not be opened, and the link still waits for it', async () => {
    const noBrowser = createCore(bank.origin, makeDirs(), {
      callbackTimeoutMs: 60_000,
      opener: {
        open: async () => {
          throw new Error('Could not open the browser (xdg-open): spawn xdg-open ENOENT');
        },
      },
    });
    try {
      const before = Date.now();
      const started = await noBrowser.links.start('memorial');
      expect(started.browserOpened).toBe(false);
      expect(Date.parse(started.expiresAt) - before).toBeGreaterThanOrEqual(60_000);
      expect(Date.parse(started.expiresAt) - before).toBeLessThan(70_000);
      const redirect = await approveWithForms(started.authorizationUrl, { username: 'sarah' });
      await deliver(redirect);
      expect(await started.result).toMatchObject({ outcome: 'linked', restored: false });
    } finally {
      await noBrowser.close();
    }
  });

  it('lets a link be cancelled', async () => {
    const started = await core.links.start('memorial');
    await core.links.cancel(started.linkId);
    expect(await started.result).toMatchObject({ outcome: 'cancelled', connectionId: null });
    await core.links.cancel(started.linkId); // already finished: nothing happens
  });

  it('times out when the browser never comes back', async () => {
    const quick = createCore(bank.origin, makeDirs(), { callbackTimeoutMs: 300 });
    try {
      const started = await quick.links.start('memorial');
      const redirect = await approveWithForms(started.authorizationUrl, { username: 'sarah' });
      expect(await started.result).toMatchObject({
        outcome: 'timed_out',
        connectionId: null,
        error: 'The sign-in at Memorial Bank was not finished within 1 second (its page may have been closed). Link again and finish signing in on the page that opens.',
      });
      await expect(fetch(redirect)).rejects.toThrow();
      expect(quick.connections.list()).toHaveLength(0);
      expect(quick.events).toContainEqual(expect.objectContaining({ type: 'link-finished', outcome: 'timed_out' }));
    } finally {
      await quick.close();
    }
  });

  it('leaves no refresh token, access token, ID token or DPoP private key in plaintext in the data directory', async () => {
    const secrets = new Set<string>();
    for (const body of tokenResponses) {
      for (const key of ['access_token', 'refresh_token', 'id_token']) if (typeof body[key] === 'string') secrets.add(body[key] as string);
    }
    let dpopKeys = 0;
    for (const c of core.connections.list()) {
      const stored = await core.vault.load(c.id);
      if (stored?.dpopPrivateJwk?.d) {
        dpopKeys++;
        secrets.add(stored.dpopPrivateJwk.d);
        expect((await importDPoPKey(stored.dpopPrivateJwk)).keyPair.privateKey.type).toBe('private');
      }
      if (stored?.refreshToken) secrets.add(stored.refreshToken);
    }
    expect(tokenResponses.filter((b) => typeof b.refresh_token === 'string').length).toBeGreaterThanOrEqual(5);
    expect(dpopKeys).toBeGreaterThanOrEqual(5);
    const files = filesUnder(dirs.dataDir);
    expect(files.map((f) => f.file).join('\n')).toMatch(/settings\.json/);
    expect(files.some((f) => f.bytes.includes('vault.'))).toBe(true);
    for (const { file, bytes } of files) {
      for (const secret of secrets) {
        if (bytes.includes(secret)) throw new Error(`${file} holds a secret in plaintext`);
      }
    }
    expect(filesUnder(dirs.root).some((f) => f.file === dirs.keyFile)).toBe(true);
  });
});
