/**
 * Screenshots of the Categories and Rules screens and a split transaction, light and dark, at 1024×700 and
 * 1920×1080, against the fixture API (run `npx vite build --config vite.renderer.config.ts` first).
 * Usage: npx tsx test/renderer/visual/catrules-shots.ts [output folder, default test-results/renderer]
 */
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { installFakeApi } from './fake-window-api';

const root = join(process.cwd(), 'out/renderer');
const outDir = process.argv[2] ?? join(process.cwd(), 'test-results/renderer');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(root, path === '/' ? 'index.html' : path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' });
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

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

try {
  for (const [width, height] of [
    [1024, 700],
    [1920, 1080],
  ]) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      page.on('pageerror', (e) => errors.push(`${scheme}: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`${scheme}: ${m.text()}`));
      await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
      await page.addInitScript(installFakeApi, { firstRun: false, expiringSoon: false });
      const name = (what: string) => join(outDir, `catrules-${what}-${scheme}-${width}x${height}.png`);

      await page.goto(`${base}#/categories`);
      await settle(page);
      await page.screenshot({ path: name('categories') });
      await page.getByRole('button', { name: 'Edit Groceries' }).click();
      await page.screenshot({ path: name('category-edit') });
      await page.keyboard.press('Escape');

      await page.goto(`${base}#/rules`);
      await settle(page);
      await page.screenshot({ path: name('rules') });
      await page.getByRole('button', { name: 'Edit rule 1' }).click();
      await page.getByRole('button', { name: 'Preview changes' }).click();
      await page.getByRole('region', { name: 'Preview' }).waitFor();
      await page.screenshot({ path: name('rule-preview') });
      await page.keyboard.press('Escape');

      await page.goto(`${base}#/transactions`);
      await page.locator('.tx-body [role="row"]:not([aria-busy])').first().waitFor();
      await settle(page);
      await page.getByRole('checkbox', { name: /^Select / }).nth(1).click();
      await page.getByRole('checkbox', { name: /^Select / }).nth(3).click({ modifiers: ['Shift'] });
      await page.screenshot({ path: name('transactions-split') });
      await page.locator('.split-summary').first().click();
      await page.getByRole('button', { name: 'Change the split…' }).click();
      await page.screenshot({ path: name('split-dialog') });
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exitCode = 1;
}
console.log(`screenshots in ${outDir}`);
