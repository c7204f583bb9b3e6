/**
 * Sarah imports a statement for an account no bank API reaches: the real renderer in headless Chromium, browser
 * mode (the core behind the HTTP bridge) and the real mock bank, set up as in sarah-story.test.ts. She links
 * Memorial Bank, drops nothing but picks a CSV file, confirms its columns into a new manual account, and sees it
 * in the dashboard's totals. Screenshots go to test-results/e2e/import/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startMockBank, type MockBankHandle } from '../../mock-bank/src/server';
import { startWebApp, type WebApp } from '../../src/main/web-main';
import { silentLogger } from '../../src/main/core/log';
import { approveWithPage } from '../support/bank-consent';

const shots = path.resolve('test-results/e2e/import');
let bank: MockBankHandle;
let app: WebApp;
let browser: Browser;
let context: BrowserContext;
let ui: Page;
let dataDir: string;
/** Authorization URLs the app asked the "system browser" to open, handled one at a time. */
const bankVisits: Promise<void>[] = [];

async function sandbox(method: string, pathname: string, body?: unknown, at: MockBankHandle = bank): Promise<unknown> {
  const res = await fetch(`${at.origin}/sandbox${pathname}`, {
    method,
    headers: { 'x-sandbox-key': at.sandboxKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `sandbox ${method} ${pathname} → ${res.status}`).toBe(true);
  return res.json();
}

/** What the bank itself says Sarah's accounts hold (booked balances), per currency. */
async function bankTotals(bankId: string, at: MockBankHandle = bank): Promise<Map<string, number>> {
  const { accounts } = (await sandbox('GET', `/banks/${bankId}/users/sarah/accounts`, undefined, at)) as {
    accounts: { currency: string; bookedMinor: number }[];
  };
  const totals = new Map<string, number>();
  for (const a of accounts) totals.set(a.currency, (totals.get(a.currency) ?? 0) + a.bookedMinor);
  return totals;
}

/** Money as the page shows it in Chromium's en-GB locale (integer minor units of 2-decimal currencies). */
function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);
}

function trace(step: string): void {
  process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${step}\n`);
}

async function shot(name: string): Promise<void> {
  trace(name);
  await ui.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

function nav(page: 'Dashboard' | 'Transactions' | 'Accounts' | 'Connections' | 'Settings'): Promise<void> {
  return ui.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: page, exact: true }).click();
}

async function settle(): Promise<void> {
  await Promise.all(bankVisits.splice(0));
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mybucks-e2e-'));
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
        const visit = (async () => {
          trace('bank visit: new page');
          const page = await context.newPage();
          try {
            trace('bank visit: sign in and consent');
            await approveWithPage(page, url, { username: 'sarah' });
            // The bank sent the tab to MyBucks' loopback listener, which answers with a page of its own.
            // (Closing a tab while that navigation is still in flight can hang Chromium's close.)
            await page.getByText('You can close this tab and return to MyBucks.').waitFor();
          } finally {
            trace('bank visit: close');
            await page.close();
            trace('bank visit: done');
          }
        })();
        bankVisits.push(visit);
      },
    },
  });
  ui = await context.newPage();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await ui?.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await bank?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('Sarah imports a CSV statement into a new manual account and sees it in the dashboard totals', async () => {
  await ui.goto(app.url);
  await ui.getByRole('button', { name: 'Link your first bank' }).click();
  await ui.getByRole('button', { name: 'Link Memorial Bank' }).click();
  await settle();
  await ui.getByRole('button', { name: 'Go to dashboard' }).click({ timeout: 60_000 });
  const memorial = (await bankTotals('memorial')).get('GBP')!;
  const net = ui.getByTestId('net-GBP-own');
  await expect.poll(() => net.textContent()).toBe(formatMoney(memorial, 'GBP'));
  const spending = ui.getByTestId('spending-GBP');
  await spending.waitFor();
  const spentBefore = await spending.textContent();

  // An old building-society account: its statement as the society's website exports it.
  const today = new Date().toISOString().slice(0, 10);
  const ddmmyyyy = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
  const csv = ['Date,Description,Amount', `${ddmmyyyy},CORNER SHOP,-12.50`, `${ddmmyyyy},PETROL STATION 2231,-40.00`, `${ddmmyyyy},SOLD BIKE,250.00`].join('\r\n');
  await nav('Accounts');
  await ui.getByRole('link', { name: 'Import a statement file' }).click();
  await ui.getByLabel('Statement file').setInputFiles({ name: 'society.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await ui.getByRole('combobox', { name: /^Into/ }).selectOption({ label: 'A new manual account…' });
  await ui.getByLabel('Name', { exact: true }).fill('Building society');
  await ui.getByRole('combobox', { name: /^Currency/ }).selectOption('GBP');
  await ui.getByRole('button', { name: 'Read the file' }).click();

  await ui.getByRole('heading', { name: 'Which column is what in society.csv?' }).waitFor();
  // each step starts at its heading for keyboard and screen-reader users
  const focused = () => ui.evaluate(() => document.activeElement?.textContent);
  await expect.poll(focused).toBe('Which column is what in society.csv?');
  await expect.poll(() => ui.getByLabel('Date format').inputValue()).toBe('DD/MM/YYYY');
  await shot('01-import-mapping');
  await ui.getByRole('button', { name: 'Preview the import' }).click();
  await ui.getByText('3 rows in the file: 3 new transactions, 0 already in MyBucks.').waitFor();
  await expect.poll(focused).toBe('society.csv → Building society (a new manual account in GBP)');
  await shot('02-import-preview');
  await ui.getByRole('button', { name: 'Import 3 transactions' }).click();
  await ui.getByText('Added 3 transactions from society.csv (CSV) to “Building society”.').waitFor();
  await shot('03-import-done');

  // The dashboard counts the new account's balance (the rows' sum) and its spending.
  await nav('Dashboard');
  await expect.poll(() => net.textContent()).toBe(formatMoney(memorial + 19_750, 'GBP'));
  await expect.poll(() => spending.textContent()).not.toBe(spentBefore);
  const spent = (text: string | null) => Math.round(Number((text ?? '').replace(/[^0-9.-]/g, '')) * 100);
  expect(spent(await spending.textContent()) - spent(spentBefore)).toBe(5_250);
  await shot('04-dashboard-with-import');

  // The same file again adds nothing, and says so.
  await nav('Accounts');
  await ui.getByRole('link', { name: 'Import a statement file' }).click();
  await ui.getByLabel('Statement file').setInputFiles({ name: 'society.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await ui.getByRole('combobox', { name: /^Into/ }).selectOption({ label: 'Building society · manual · GBP' });
  await ui.getByRole('button', { name: 'Read the file' }).click();
  await ui.getByText('3 rows in the file: 0 new transactions, 3 already in MyBucks.').waitFor();
  await expect.poll(() => ui.getByRole('button', { name: 'Nothing to import' }).isDisabled()).toBe(true);
});
