/**
 * Sarah's bills end to end (issue 11): the real renderer in headless Chromium, browser mode, the real mock bank. She
 * links Memorial Bank; after the first sync the Bills page suggests what repeats in her history; she confirms her
 * streaming subscription (whose price just rose), sees its yearly cost, and opens its payments. Screenshots go to
 * test-results/e2e/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startMockBank, type MockBankHandle } from '../../mock-bank/src/server';
import { STREAMING } from '../../mock-bank/src/data/catalog';
import { startWebApp, type WebApp } from '../../src/main/web-main';
import { silentLogger } from '../../src/main/core/log';
import { approveWithPage } from '../support/bank-consent';

const shots = path.resolve('test-results/e2e');
let bank: MockBankHandle;
let app: WebApp;
let browser: Browser;
let context: BrowserContext;
let ui: Page;
let dataDir: string;
const bankVisits: Promise<void>[] = [];

/** Money as the page shows it in Chromium's en-GB locale. */
const formatMoney = (minor: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(minor / 100);

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mybucks-e2e-bills-'));
  bank = await startMockBank({ port: 0, quiet: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(30_000);
  app = await startWebApp({
    dataDir,
    mockBankOrigin: bank.origin,
    logger: silentLogger,
    opener: {
      open: async (url) => {
        bankVisits.push(
          (async () => {
            const page = await context.newPage();
            try {
              await approveWithPage(page, url, { username: 'sarah' });
              await page.getByText('You can close this tab and return to MyBucks.').waitFor();
            } finally {
              await page.close();
            }
          })(),
        );
      },
    },
  });
  ui = await context.newPage();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await ui?.screenshot({ path: path.join(shots, 'bills-failure.png'), fullPage: true }).catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await bank?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('Sarah confirms her streaming subscription and sees what it costs her a year', async () => {
  await ui.goto(app.url);
  await ui.getByRole('button', { name: 'Link your first bank' }).click();
  await ui.getByRole('button', { name: 'Link Memorial Bank' }).click();
  await Promise.all(bankVisits.splice(0));
  await ui.getByRole('button', { name: 'Go to dashboard' }).click({ timeout: 60_000 });

  await ui.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bills', exact: true }).click();
  const suggestions = ui.getByRole('region', { name: 'Suggestions' });
  const streaming = STREAMING.uk;
  await suggestions.getByText(`Price rise from ${formatMoney(streaming.typicalMinor)} to ${formatMoney(streaming.raisedMinor)}`).waitFor();
  await ui.screenshot({ path: path.join(shots, 'bills-01-suggestions.png'), fullPage: true });

  await suggestions.getByRole('button', { name: `Confirm ${streaming.name}` }).click();
  const subscriptions = ui.getByRole('region', { name: 'Subscriptions' });
  const row = subscriptions.getByRole('row').filter({ has: ui.getByRole('button', { name: new RegExp(`^${streaming.name.replace('+', '\\+')}: show its`) }) });
  await expect.poll(() => row.getByTestId(/^yearly-/).textContent()).toBe(formatMoney(-streaming.raisedMinor * 12));
  await expect(suggestions.getByRole('button', { name: `Confirm ${streaming.name}` }).count()).resolves.toBe(0);
  await ui.screenshot({ path: path.join(shots, 'bills-02-confirmed.png'), fullPage: true });

  // its payments, exactly: the drill-down's total is their sum
  await row.getByRole('button', { name: new RegExp(`^${streaming.name.replace('+', '\\+')}: show its`) }).click();
  await ui.getByRole('region', { name: 'Showing the transactions behind a figure' }).getByText(`${streaming.name}: every payment`).waitFor();
  const total = (await ui.getByTestId('filtered-total-GBP').textContent()) ?? '';
  expect(total.startsWith('-£')).toBe(true);
  await ui.getByRole('button', { name: '← Back to the bills' }).click();
  await subscriptions.waitFor();
});
