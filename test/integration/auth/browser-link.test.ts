/**
 * The link flow with a real (headless Chromium) browser as the system browser: the UrlOpener port hands
 * it the authorization URL, it signs in and consents at the bank, and the bank's redirect takes it to the
 * app's loopback listener, which answers with the "return to MyBucks" page.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { approveWithPage, type ConsentOptions } from '../../support/bank-consent';
import { createCore, makeDirs, type Core, removeDirs } from './harness';

let bank: MockBankHandle;
let browser: Browser;
let core: Core;
let consent: ConsentOptions = { username: 'sarah' };
let browsing: Promise<void> | null = null;
/** Tabs whose bank part is done (they are now on, or heading to, the app's loopback page). */
const finishedPages: Page[] = [];

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, transactionsPerAccount: 5 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  core = createCore(bank.origin, makeDirs(), {
    opener: {
      open: async (url) => {
        const page = await browser.newPage();
        browsing = approveWithPage(page, url, consent).then(() => void finishedPages.push(page));
      },
    },
  });
});
afterAll(async () => {
  await core?.close();
  await browser?.close();
  await bank?.close();
  removeDirs();
});
describe('linking in a real browser', () => {
  it('signs in and consents in Chromium; the tab lands on the loopback page and the bank is linked', async () => {
    const started = await core.links.start('summit');
    const outcome = await started.result;
    await browsing;
    expect(outcome.outcome).toBe('linked');
    const page = finishedPages.at(-1)!;
    await page.waitForSelector('h1');
    expect(new URL(page.url()).origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await page.textContent('h1')).toBe('Summit Savings is linked');
    expect(await page.textContent('p')).toContain('return to MyBucks');
    const connection = core.connections.get(outcome.connectionId!);
    expect(connection).toMatchObject({ providerId: 'summit', sub: 'sarah', name: 'Sarah Thompson' });
    expect((await core.tokens.fetchResource(connection!.id, `${core.registry.get('summit').apiBase}/accounts`)).status).toBe(200);
  });

  it('shows the denial in the tab and stores nothing', async () => {
    consent = { username: 'tom', deny: true };
    const before = core.connections.list().length;
    const started = await core.links.start('memorial');
    expect(await started.result).toMatchObject({ outcome: 'denied' });
    await browsing;
    const page = finishedPages.at(-1)!;
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe('Access not granted');
    expect(core.connections.list()).toHaveLength(before);
  });
});
