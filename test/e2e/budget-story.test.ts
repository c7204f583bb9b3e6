/**
 * Sarah's budget, end to end (issue 11): the real renderer in headless Chromium against browser mode and the
 * real mock bank. She links Memorial Bank, sets a grocery budget on the Budget page from the keyboard, the
 * bank books a grocery payment and another one is pending, a sync brings them, and the budget fills: spent
 * grows by both, says which part is pending, and opens exactly those transactions. Set-up as in sarah-story.
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

const shots = path.resolve('test-results/e2e/budget');
let bank: MockBankHandle;
let app: WebApp;
let browser: Browser;
let context: BrowserContext;
let ui: Page;
let dataDir: string;
/** Authorization URLs the app asked the "system browser" to open, handled one at a time. */
const bankVisits: Promise<void>[] = [];

async function sandbox(method: string, pathname: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${bank.origin}/sandbox${pathname}`, {
    method,
    headers: { 'x-sandbox-key': bank.sandboxKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `sandbox ${method} ${pathname} → ${res.status}`).toBe(true);
  return res.json();
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

function nav(page: 'Dashboard' | 'Connections' | 'Budget'): Promise<void> {
  return ui.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: page, exact: true }).click();
}

async function settle(): Promise<void> {
  await Promise.all(bankVisits.splice(0));
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mybucks-e2e-budget-'));
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

test('Sarah sets a grocery budget and sees it fill after a sync, pending payment included', async () => {
  await ui.goto(app.url);
  await ui.getByRole('button', { name: 'Link your first bank' }).click();
  await ui.getByRole('button', { name: 'Link Memorial Bank' }).click();
  await settle();
  await ui.getByRole('button', { name: 'Go to dashboard' }).click({ timeout: 60_000 });
  await ui.getByRole('heading', { name: /^Budget, / }).waitFor();

  await nav('Budget');
  const row = ui.locator('tr', { has: ui.getByRole('rowheader', { name: 'Groceries', exact: true }) });
  const spentButton = row.getByRole('button', { name: /^Groceries: .* spent in/ });
  /** The spent figure and its pending part as the row states them, in pence. */
  const figures = async () => {
    const label = (await spentButton.getAttribute('aria-label')) ?? '';
    const text = (await row.locator('td').nth(1).textContent()) ?? '';
    const pence = (s: string | undefined) => (s ? Math.round(Number(s.replace(/[£,]/g, '')) * 100) : 0);
    return { spent: pence(/: (£[\d,.]+) spent/.exec(label)?.[1]), pending: pence(/of which (£[\d,.]+) pending/.exec(text)?.[1]) };
  };
  await spentButton.waitFor();
  const before = await figures();

  // Sarah types her budget and presses Enter.
  const amount = row.getByRole('textbox', { name: /^Groceries budget for/ });
  await amount.click();
  await amount.fill('400');
  await amount.press('Enter');
  const left = (spent: number) => (40_000 - spent >= 0 ? `${formatMoney(40_000 - spent, 'GBP')} left` : `${formatMoney(spent - 40_000, 'GBP')} over`);
  await expect.poll(() => row.textContent()).toContain(left(before.spent));
  await shot('01-budget-set');

  // The bank books a grocery payment and holds a pending one; a sync brings both.
  const { accounts } = (await sandbox('GET', '/banks/memorial/users/sarah/accounts')) as { accounts: { accountId: string; kind: string; currency: string }[] };
  const checking = accounts.find((a) => a.kind === 'checking' && a.currency === 'GBP')!;
  const pay = (id: string, amountText: string, status: 'BOOK' | 'PDNG') =>
    sandbox('POST', `/banks/memorial/users/sarah/accounts/${checking.accountId}/transactions`, {
      transactionId: id, status, amount: amountText, description: `TESCO STORES ${id}`, merchantName: 'Tesco', merchantCategoryCode: '5411',
    });
  await pay('budget-e2e-booked', '-42.50', 'BOOK');
  await pay('budget-e2e-pending', '-7.25', 'PDNG');
  await nav('Connections');
  await ui.getByRole('region', { name: 'Memorial Bank' }).getByRole('button', { name: 'Sync now' }).click();
  await nav('Budget');
  await expect.poll(async () => (await figures()).spent, { timeout: 30_000 }).toBe(before.spent + 4250 + 725);
  expect((await figures()).pending).toBe(before.pending + 725);
  await expect.poll(() => row.textContent()).toContain(left(before.spent + 4975));
  await shot('02-budget-filled');

  // Its spent opens exactly those transactions: the list's total is the figure.
  await spentButton.click();
  await expect.poll(() => ui.getByTestId('filtered-total-GBP').textContent()).toBe(formatMoney(-(before.spent + 4975), 'GBP'));
  await ui.getByText('-£7.25', { exact: true }).waitFor();
  await ui.getByText('-£42.50', { exact: true }).waitFor();
  await shot('03-budget-transactions');
});
