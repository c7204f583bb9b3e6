/**
 * Sarah makes a rule from a transaction, finds it on the Rules page with the number of transactions it matches,
 * and deletes it: the real renderer in headless Chromium, browser mode and the real mock bank (set-up as in
 * sarah-story.test.ts). Screenshots go to test-results/e2e/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startMockBank, type MockBankHandle } from '../../mock-bank/src/server';
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

async function shot(name: string): Promise<void> {
  await ui.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

function nav(page: 'Transactions' | 'Rules'): Promise<void> {
  return ui.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: page, exact: true }).click();
}

/** What the app's own database holds (read-only, beside the running app). */
function query<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(path.join(dataDir, 'mybucks.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params) as T;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mybucks-e2e-rules-'));
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
  if (ctx.task.result?.state === 'fail') await ui?.screenshot({ path: path.join(shots, 'rules-failure.png'), fullPage: true }).catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await bank?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('Sarah creates a rule from a transaction, sees it listed with its match count, then deletes it', async () => {
  await ui.goto(app.url);
  await ui.getByRole('button', { name: 'Link your first bank' }).click();
  await ui.getByRole('button', { name: 'Link Memorial Bank' }).click();
  await Promise.all(bankVisits.splice(0));
  await ui.getByRole('button', { name: 'Go to dashboard' }).click({ timeout: 60_000 });

  // A rule from one of her Tesco transactions: every Tesco transaction goes to Entertainment.
  await nav('Transactions');
  await ui.getByRole('searchbox', { name: 'Search transactions' }).fill('Tesco');
  const category = ui.getByRole('combobox', { name: /^Category for .*Tesco/i }).first();
  await category.waitFor();
  const merchant = ((await category.getAttribute('aria-label')) ?? '').replace(/^Category for /, '');
  await ui.locator('.tx-body .tx-desc', { hasText: merchant }).first().click();
  await ui.getByRole('button', { name: 'Create rule from this transaction' }).click();
  const form = ui.getByRole('form', { name: 'New rule' });
  await form.getByLabel('Set category').selectOption({ label: 'Entertainment' });
  await form.getByRole('button', { name: 'Save rule' }).click();
  const expected = query<number>(`SELECT count(*) FROM transactions WHERE instr(lower(merchant), lower(?)) > 0`, merchant);
  expect(expected).toBeGreaterThan(0);
  await expect.poll(() => ui.locator('p[role="status"].notice').textContent()).toMatch(/^Rule saved\. \d+ transactions? re-categorised\.$/);
  await expect
    .poll(async () => (await ui.getByRole('combobox', { name: /^Category for .*Tesco/i }).first().locator('option:checked').textContent())?.trim())
    .toBe('Entertainment');

  // The Rules page lists it, with how many transactions it matches.
  await nav('Rules');
  const rules = ui.getByRole('list', { name: 'Rules, in the order they are tried' });
  const item = rules.getByRole('listitem', { name: 'Rule 1' });
  await expect.poll(() => item.textContent()).toContain(`merchant contains “${merchant}”`);
  await expect.poll(() => item.getByTestId('rule-matches').textContent()).toBe(`Matches ${expected.toLocaleString('en-GB')} transaction${expected === 1 ? '' : 's'}`);
  expect(await item.textContent()).toContain('category Entertainment');
  await shot('rules-01-listed');

  // Deleted: the list is empty and the transactions follow the defaults again.
  await item.getByRole('button', { name: 'Delete rule 1' }).click();
  await ui.getByRole('dialog', { name: 'Delete this rule?' }).getByRole('button', { name: 'Delete rule' }).click();
  await ui.getByText('No rules yet').waitFor();
  expect(query<number>('SELECT count(*) FROM rules')).toBe(0);
  expect(query<number>(`SELECT count(*) FROM transactions WHERE category_id = 'entertainment' AND category_manual = 0 AND instr(lower(merchant), lower(?)) > 0`, merchant)).toBe(0);
  await shot('rules-02-deleted');
});
