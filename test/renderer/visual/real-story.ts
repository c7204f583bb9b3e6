/**
 * Screenshots of the built renderer against the real core (browser mode) and the mock bank: first run,
 * link Memorial Bank as Sarah, first sync, then every page. A visual check, not a test.
 * Usage (after `npm run build:renderer`): npx tsx test/renderer/visual/real-story.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebApp } from '../../../src/main/web-main';
import { approveWithPage } from '../../support/bank-consent';
import { launchChromium } from '../../support/chromium';

const outDir = join(process.cwd(), 'test-results/renderer');
const dataDir = await mkdtemp(join(tmpdir(), 'mybucks-story-'));
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
const bankPage = await context.newPage();
const consents: Promise<void>[] = [];
const app = await startWebApp({
  dataDir,
  opener: { open: async (url) => void consents.push(approveWithPage(bankPage, url, { username: 'sarah' })) },
});
const problems: string[] = [];
try {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Link your first bank' }).click();
  await page.getByRole('button', { name: 'Link Memorial Bank' }).click();
  await page.getByRole('heading', { name: 'Continue in your browser…' }).waitFor();
  await page.screenshot({ path: join(outDir, 'story-1-waiting.png') });
  await Promise.all(consents);
  await page.getByRole('button', { name: 'Go to dashboard' }).waitFor({ timeout: 120_000 });
  await page.screenshot({ path: join(outDir, 'story-2-linked.png') });
  await page.getByRole('button', { name: 'Go to dashboard' }).click();
  await page.getByTestId(/^total-/).first().waitFor();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(outDir, 'story-3-dashboard.png'), fullPage: true });
  for (const name of ['Transactions', 'Accounts', 'Connections', 'Settings']) {
    await page.getByRole('link', { name }).click();
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(outDir, `story-${name.toLowerCase()}.png`), fullPage: name !== 'Transactions' });
  }
  await page.getByRole('link', { name: 'Transactions' }).click();
  await page.getByLabel('Search transactions').fill('wagamama');
  await page.getByRole('button', { name: 'Clear filters' }).waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(outDir, 'story-search.png') });
  const select = page.getByLabel('Category for Wagamama').first();
  await select.selectOption({ label: 'Groceries' });
  await page.getByRole('status').filter({ hasText: 'set to Groceries' }).waitFor();
  await page.screenshot({ path: join(outDir, 'story-search-recategorised.png') });

  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Re-authorize' }).click();
  await Promise.all(consents);
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).waitFor({ timeout: 120_000 });
  await page.screenshot({ path: join(outDir, 'story-reauthorized.png') });
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disconnect Memorial Bank?' });
  await dialog.getByLabel("Delete this bank's accounts and transactions").check();
  await page.screenshot({ path: join(outDir, 'story-disconnect-dialog.png') });
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByText('No banks linked yet').waitFor();
  console.log('story walked: link, sync, search, re-categorise, re-authorize, disconnect');
} finally {
  await browser.close();
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}.vault-key`, { force: true });
}
console.log(problems.length ? `page errors:\n${problems.join('\n')}` : 'no page errors');
