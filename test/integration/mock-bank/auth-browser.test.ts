import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { approveWithPage } from '../../support/bank-consent';
import { ALL_SCOPES, bankOf, discover } from './auth-fixtures';

const SANDBOX_KEY = 'browser-test-key';
let bank: MockBankHandle;
let browser: Browser;
let page: Page;
let listener: http.Server;
let callbackBase: string;
const received: string[] = [];

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, sandboxKey: SANDBOX_KEY });
  listener = http.createServer((req, res) => {
    if (req.url?.startsWith('/cb/')) received.push(new URL(req.url, callbackBase).href);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p id="done">You can return to MyBucks.</p>');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  callbackBase = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => listener.close(resolve));
  await bank.close();
});

async function startLink(config: client.Configuration) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${callbackBase}/cb/memorial`,
    scope: ALL_SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: 'consent',
  });
  return { url, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce } };
}

describe('login and consent in headless Chromium', () => {
  it('Sarah signs in, keeps only balances and one account, and the app’s loopback listener gets the code', async () => {
    const config = await discover(bankOf(bank, 'memorial').issuer);
    const accounts = bank.ctx.ledger.accountsOf('memorial', 'sarah').map((a) => a.accountId);
    const { url, checks } = await startLink(config);

    await approveWithPage(page, url.href, { username: 'sarah', scopes: ['balances'], accountIds: [accounts[0]] });
    await page.waitForSelector('#done');

    const callback = new URL(received.at(-1)!);
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    expect(tokens.claims()).toMatchObject({ sub: 'sarah', name: 'Sarah Thompson' });
    expect(tokens.scope?.split(' ').sort()).toEqual(['accounts', 'balances', 'offline_access', 'openid', 'profile']);
    const consent = bank.ctx.consents.get(String(tokens.claims()!.consent_id))!;
    expect(consent.accountIds).toEqual([accounts[0]]);
  });

  it('remembers the sign-in until the sandbox logs Sarah out', async () => {
    const config = await discover(bankOf(bank, 'memorial').issuer);
    const again = await startLink(config);
    await page.goto(again.url.href);
    expect(await page.$('#allow')).not.toBeNull();
    expect(await page.$('#sign-in')).toBeNull();

    const res = await fetch(`${bank.origin}/sandbox/banks/memorial/users/sarah/logout`, {
      method: 'POST',
      headers: { 'x-sandbox-key': SANDBOX_KEY },
    });
    expect(res.status).toBe(200);

    const third = await startLink(config);
    await page.goto(third.url.href);
    expect(await page.$('#sign-in')).not.toBeNull();
    await approveWithPage(page, third.url.href, { username: 'sarah', deny: true });
    await page.waitForSelector('#done');
    expect(new URL(received.at(-1)!).searchParams.get('error')).toBe('access_denied');
  });
});
