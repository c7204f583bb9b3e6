/**
 * Renderer benchmark over a large database: the real renderer in headless Chromium, browser mode over a copy
 * of a synced SQLite file. Measures how long the dashboard takes to show its figures and charts after
 * navigation, and how many row elements the transaction list keeps in the DOM while scrolling through it.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DATABASE_FILE } from '../../src/main/core/service';
import { silentLogger } from '../../src/main/core/log';
import { startWebApp } from '../../src/main/web-main';

export interface UiFigures {
  storedTransactions: number;
  dashboardMs: Record<string, { runs: number[]; median: number }>;
  transactionList: { firstRowsMs: number; total: number; rowElements: Record<string, number>; maxRowElements: number };
  targets: { dashboardMs: number; maxRowElements: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `dbFile` must be closed (no pending WAL) so a plain copy is a consistent database. */
export async function benchUi(dbFile: string, storedTransactions: number, runs = 5): Promise<UiFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mybucks-bench-ui-'));
  copyFileSync(dbFile, join(dataDir, DATABASE_FILE));
  // No bank answers here: the stored data is what the dashboards show (background syncs fail quietly).
  const app = await startWebApp({ dataDir, mockBankOrigin: 'http://127.0.0.1:9', logger: silentLogger, opener: { open: async () => {} } });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await page.goto(app.url);
    await page.locator('[data-testid^="total-"]').first().waitFor({ timeout: 30_000 });

    const dashboardMs: UiFigures['dashboardMs'] = {};
    for (const preset of ['This month', '12 months', 'All']) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        await nav('Accounts');
        await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
        const started = performance.now();
        await nav('Dashboard');
        if (i === 0 && preset !== 'This month') await page.getByRole('button', { name: preset, exact: true }).click();
        // Interactive: the per-currency totals and every chart are drawn.
        await page.locator('[data-testid^="total-"]').first().waitFor();
        await page.waitForFunction(() => document.querySelectorAll('.recharts-surface').length >= 4 && !document.querySelector('[aria-busy="true"]'));
        times.push(performance.now() - started);
      }
      dashboardMs[preset] = { runs: times.map(Math.round), median: Math.round(median(times)) };
    }

    const started = performance.now();
    await nav('Transactions');
    await page.locator('.tx-body [role="row"]').first().waitFor();
    const firstRowsMs = Math.round(performance.now() - started);
    const total = Number(await page.getByRole('table', { name: 'Transactions' }).getAttribute('aria-rowcount')) - 1;
    const rowElements: Record<string, number> = {};
    const scroller = page.getByTestId('transactions-scroll');
    for (const fraction of [0, 0.001, 0.01, 0.25, 0.5, 0.999, 1]) {
      await scroller.evaluate((el, f) => el.scrollTo({ top: (el.scrollHeight - el.clientHeight) * f }), fraction);
      await page.waitForFunction(() => !document.querySelector('.tx-body [aria-busy="true"]'), undefined, { timeout: 60_000 });
      rowElements[`at ${fraction * 100}%`] = await page.locator('.tx-body [role="row"]').count();
    }
    return {
      storedTransactions,
      dashboardMs,
      transactionList: { firstRowsMs, total, rowElements, maxRowElements: Math.max(...Object.values(rowElements)) },
      targets: { dashboardMs: 1000, maxRowElements: 100 },
    };
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
