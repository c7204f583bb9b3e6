/**
 * Visual check of the built renderer (run `npx vite build --config vite.renderer.config.ts` first):
 * serves out/renderer, injects a fixture `window.mybucks`, and saves screenshots to test-results/renderer/.
 * Usage: npx tsx test/renderer/visual/screenshots.ts
 */
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { installFakeApi } from './fake-window-api';

/** tsx compiles with keepNames, so serialised functions call `__name`; the page needs a stand-in. */
async function installInPage(page: Page, options: Parameters<typeof installFakeApi>[0]) {
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
  await page.addInitScript(installFakeApi, options);
}

const root = join(process.cwd(), 'out/renderer');
const outDir = join(process.cwd(), 'test-results/renderer');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(root, path === '/' ? 'index.html' : path));
    res.writeHead(200, {
      'content-type': types[extname(path)] ?? 'text/html',
      'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
await mkdir(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const errors: string[] = [];
try {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${scheme}: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`${scheme}: ${m.text()}`));
    await installInPage(page, { firstRun: false, expiringSoon: true });
    for (const route of ['dashboard', 'transactions', 'accounts', 'connections', 'settings', 'link']) {
      await page.goto(`${base}#/${route}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(outDir, `${route}-${scheme}.png`), fullPage: route !== 'transactions' });
    }
    if (scheme === 'light') {
      await page.goto(`${base}#/transactions`);
      const scroller = page.getByTestId('transactions-scroll');
      await page.locator('.tx-body [role="row"]:not([aria-busy])').first().waitFor();
      // a jump to the middle: the rows there arrive by one offset request
      await scroller.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
      await page.waitForFunction(() => !document.querySelector('.tx-body [aria-busy="true"]'));
      const rows = await page.locator('[role="row"]').count();
      console.log(`transactions: ${rows} row elements in the DOM after jumping to the middle of 1,000,000 rows`);
      await page.screenshot({ path: join(outDir, 'transactions-scrolled-light.png') });
      await page.goto(`${base}#/transactions`);
      await page.getByText('Pret A Manger').first().click();
      await page.getByRole('button', { name: 'Create rule from this transaction' }).click();
      await page.screenshot({ path: join(outDir, 'rule-dialog-light.png') });
      await page.goto(`${base}#/link`);
      await page.getByRole('button', { name: 'Link Memorial Bank' }).click();
      await page.getByRole('heading', { name: 'Continue in your browser…' }).waitFor();
      await page.screenshot({ path: join(outDir, 'link-waiting-light.png') });
    }
    await context.close();
  }
  const first = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await first.newPage();
  await installInPage(page, { firstRun: true, expiringSoon: false });
  await page.goto(base);
  await page.getByRole('button', { name: 'Link your first bank' }).waitFor();
  await page.screenshot({ path: join(outDir, 'welcome-light.png') });
  await first.close();
} finally {
  await browser.close();
  server.close();
}
console.log(errors.length ? `page errors:\n${errors.join('\n')}` : 'no page errors');
console.log(`screenshots in ${outDir}`);
