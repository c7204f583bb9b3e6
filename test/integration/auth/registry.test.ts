/** The provider registry against the mock bank: defaults, discovery, dynamic client registration. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANKS } from '../../../mock-bank/src/banks';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { approveWithForms } from '../../support/bank-consent';
import { createCore, makeDirs, type Core, removeDirs } from './harness';

let bank: MockBankHandle;
const cores: Core[] = [];
beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, transactionsPerAccount: 5 });
});
afterAll(async () => {
  for (const c of cores) await c.close();
  await bank?.close();
  removeDirs();
});
const issuerOf = (id: string) => bank.banks.find((b) => b.id === id)!.issuer;

describe('provider registry', () => {
  it('knows the mock bank\'s banks by default, as data', () => {
    const c = createCore(bank.origin, makeDirs());
    cores.push(c);
    const list = c.registry.list();
    expect(list.map((p) => p.id).sort()).toEqual(BANKS.map((b) => b.id).sort());
    for (const b of bank.banks) {
      expect(c.registry.get(b.id)).toMatchObject({
        name: b.name, issuer: b.issuer, apiBase: b.apiBase, clientId: 'mybucks-desktop', custom: false,
        color: BANKS.find((d) => d.id === b.id)!.color,
      });
    }
    expect(() => c.registry.get('nope')).toThrow(/Unknown bank/);
  });

  it('adds a bank by issuer with dynamic client registration, then links through it', async () => {
    const c = createCore(bank.origin, makeDirs(), { seedDefaults: false });
    cores.push(c);
    const provider = await c.registry.addByIssuer(issuerOf('harbor'), { displayName: 'My Harbor' });
    expect(provider).toMatchObject({ id: 'my-harbor', name: 'My Harbor', issuer: issuerOf('harbor'), custom: true, logoText: 'MH' });
    expect(provider.clientId).not.toBe('mybucks-desktop');
    expect(provider.scopes).toEqual(expect.arrayContaining(['openid', 'offline_access', 'balances', 'transactions']));
    expect(c.registry.list().map((p) => p.id)).toEqual(['my-harbor']);
    // Adding the same issuer again does not register a second client.
    expect((await c.registry.addByIssuer(`${issuerOf('harbor')}/`)).clientId).toBe(provider.clientId);

    const started = await c.links.start('my-harbor');
    expect(new URL(started.authorizationUrl).searchParams.get('client_id')).toBe(provider.clientId);
    const redirect = new URL(await approveWithForms(started.authorizationUrl, { username: 'sarah' }));
    expect(redirect.pathname).toBe('/cb/my-harbor');
    await fetch(redirect);
    const outcome = await started.result;
    expect(outcome.outcome).toBe('linked');
    const res = await c.tokens.fetchResource(outcome.connectionId!, `${provider.apiBase}/accounts`);
    expect(res.status).toBe(200);
  });

  it('takes a given client ID without registering, and explains a failed discovery', async () => {
    const c = createCore(bank.origin, makeDirs(), { seedDefaults: false });
    cores.push(c);
    // The pre-registered client's redirect URI is /cb/summit, so the bank must get that id here.
    await expect(c.registry.addByIssuer(issuerOf('summit'), { clientId: 'mybucks-desktop' })).rejects.toMatchObject({
      message: `${new URL(bank.origin).host} did not accept MyBucks' return address for client "mybucks-desktop". Ask ${new URL(bank.origin).host} to register http://127.0.0.1/cb/${'127-0-0-1-' + new URL(bank.origin).port + '-summit'} (any port) or http://127.0.0.1:53682/cb/${'127-0-0-1-' + new URL(bank.origin).port + '-summit'} for it, then add the bank again.`,
    });
    expect(c.registry.list()).toEqual([]);
    const provider = await c.registry.addByIssuer(issuerOf('summit'), { clientId: 'mybucks-desktop', displayName: 'Summit' });
    expect(provider).toMatchObject({ id: 'summit', clientId: 'mybucks-desktop', name: 'Summit', custom: true, profile: { redirect: { kind: 'any-port' } } });
    await expect(c.registry.addByIssuer(`${bank.origin}/no-such-bank`)).rejects.toMatchObject({
      code: 'bank_unavailable',
      message: expect.stringMatching(/^Could not find an OpenID provider at http:\/\/127\.0\.0\.1:\d+\/no-such-bank \(HTTP 404 without an explanation\)\. Check the address/),
    });
  });

  it('refuses to start a link to a bank that cannot be reached, leaving nothing open', async () => {
    const c = createCore(bank.origin, makeDirs(), { seedDefaults: false });
    cores.push(c);
    c.providers.upsert({ ...(await c.registry.addByIssuer(issuerOf('memorial'), { displayName: 'Gone' })), issuer: 'http://127.0.0.1:9/gone' });
    await expect(c.links.start('gone')).rejects.toMatchObject({ name: 'BankUnavailableError', message: expect.stringContaining('Could not reach Gone') });
    expect(c.links.inFlight).toBe(0);
    expect(c.opened).toHaveLength(0);
  });
});
