/**
 * The set-up the end-to-end stories share: the real mock bank over HTTP, headless Chromium, and the app in browser
 * mode (the same core as the desktop app behind the HTTP bridge). A second Chromium page stands in for Sarah's own
 * browser: it receives each authorization URL, signs in at the bank as Sarah and consents, and the bank redirects
 * it to the app's loopback listener.
 *
 * `useE2eApp(options)` registers the file's beforeAll/afterEach/afterAll hooks and returns the harness. Its
 * fields (bank, app, ui, …) are filled in beforeAll, so read them inside a test; its functions (sandbox, shot,
 * nav, settle, …) can be taken at the top of the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startMockBank, type MockBankHandle } from '../../mock-bank/src/server';
import type { MockBankOptions } from '../../mock-bank/src/context';
import { startWebApp, type WebApp } from '../../src/main/web-main';
import { silentLogger } from '../../src/main/core/log';
import { approveWithPage } from './bank-consent';
import { launchChromium } from './chromium';

export interface E2eOptions {
  /** Folder for the screenshots (default test-results/e2e). */
  shots?: string;
  /** Put in front of every screenshot's name, the failure screenshot's too (default none). */
  prefix?: string;
  /** Start of the temporary data directory's name (default `mybucks-e2e-`). */
  dataDirPrefix?: string;
  /** Start a second mock bank, in no catalog of the app, whose banks play these behaviour profiles. */
  unlisted?: MockBankOptions['profiles'];
  /** Default 1280×900. */
  viewport?: { width: number; height: number };
}

/** The main navigation's items. */
export type NavItem = 'Dashboard' | 'Transactions' | 'Budget' | 'Bills' | 'Accounts' | 'Connections' | 'Categories' | 'Rules' | 'Settings';

export interface E2eApp {
  readonly bank: MockBankHandle;
  /** The second bank server (only with `options.unlisted`). */
  readonly unlisted: MockBankHandle;
  readonly app: WebApp;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** The app's page. */
  readonly ui: Page;
  readonly dataDir: string;
  /** Calls the mock bank's sandbox API (default: on `bank`) and expects a 2xx answer. */
  sandbox(method: string, pathname: string, body?: unknown, at?: MockBankHandle): Promise<unknown>;
  /** What the bank itself says Sarah's accounts hold (booked balances), per currency. */
  bankTotals(bankId: string, at?: MockBankHandle): Promise<Map<string, number>>;
  /** A full-page screenshot of the app's page, `<shots>/<prefix><name>.png`. */
  shot(name: string): Promise<void>;
  /** Follows an item of the main navigation. */
  nav(page: NavItem): Promise<void>;
  /** Waits for the bank visits (sign-in and consent) the app asked for so far. */
  settle(): Promise<void>;
  /** Sarah's first run: opens the app, links Memorial Bank from the welcome and goes to the dashboard after the first sync. */
  linkFirstBank(): Promise<void>;
}

/** Money as the page shows it in Chromium's en-GB locale (integer minor units of 2-decimal currencies). */
export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);
}

export function trace(step: string): void {
  process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${step}\n`);
}

export function useE2eApp(options: E2eOptions = {}): E2eApp {
  const shots = path.resolve(options.shots ?? 'test-results/e2e');
  const prefix = options.prefix ?? '';
  let bank: MockBankHandle | undefined;
  let unlisted: MockBankHandle | undefined;
  let app: WebApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let ui: Page | undefined;
  let dataDir: string | undefined;
  /** Authorization URLs the app asked the "system browser" to open, handled one at a time. */
  const bankVisits: Promise<void>[] = [];

  function ready<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} is not there yet: read it inside a test (it is set up in beforeAll)`);
    return value;
  }

  const sandbox = async (method: string, pathname: string, body?: unknown, at: MockBankHandle = ready(bank, 'bank')): Promise<unknown> => {
    const res = await fetch(`${at.origin}/sandbox${pathname}`, {
      method,
      headers: { 'x-sandbox-key': at.sandboxKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok, `sandbox ${method} ${pathname} → ${res.status}`).toBe(true);
    return res.json();
  };

  const screenshot = (name: string) => ready(ui, 'ui').screenshot({ path: path.join(shots, `${prefix}${name}.png`), fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.dataDirPrefix ?? 'mybucks-e2e-'));
    bank = await startMockBank({ port: 0, quiet: true });
    if (options.unlisted) unlisted = await startMockBank({ port: 0, quiet: true, profiles: options.unlisted });
    browser = await launchChromium();
    const ctx = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: 'en-GB' });
    context = ctx;
    ctx.setDefaultTimeout(30_000);
    app = await startWebApp({
      dataDir,
      mockBankOrigin: bank.origin,
      logger: silentLogger,
      opener: {
        open: async (url) => {
          const visit = (async () => {
            trace('bank visit: new page');
            const page = await ctx.newPage();
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
    ui = await ctx.newPage();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && ui) await screenshot('failure').catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await bank?.close();
    await unlisted?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const settle = async () => {
    await Promise.all(bankVisits.splice(0));
  };

  return {
    get bank() {
      return ready(bank, 'bank');
    },
    get unlisted() {
      return ready(unlisted, options.unlisted ? 'unlisted' : 'unlisted (pass options.unlisted)');
    },
    get app() {
      return ready(app, 'app');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get context() {
      return ready(context, 'context');
    },
    get ui() {
      return ready(ui, 'ui');
    },
    get dataDir() {
      return ready(dataDir, 'dataDir');
    },
    sandbox,
    bankTotals: async (bankId, at) => {
      const { accounts } = (await sandbox('GET', `/banks/${bankId}/users/sarah/accounts`, undefined, at)) as {
        accounts: { currency: string; bookedMinor: number }[];
      };
      const totals = new Map<string, number>();
      for (const a of accounts) totals.set(a.currency, (totals.get(a.currency) ?? 0) + a.bookedMinor);
      return totals;
    },
    shot: async (name) => {
      trace(`${prefix}${name}`);
      await screenshot(name);
    },
    nav: (page) => ready(ui, 'ui').getByRole('navigation', { name: 'Main' }).getByRole('link', { name: page, exact: true }).click(),
    settle,
    linkFirstBank: async () => {
      const page = ready(ui, 'ui');
      await page.goto(ready(app, 'app').url);
      await page.getByRole('button', { name: 'Link your first bank' }).click();
      await page.getByRole('button', { name: 'Link Memorial Bank' }).click();
      await settle();
      await page.getByRole('button', { name: 'Go to dashboard' }).click({ timeout: 60_000 });
    },
  };
}
