/**
 * Screenshots of the budget page (month and year) and the dashboard's budget card, light and dark, at
 * 1024×700 and 1920×1080, from the built renderer with the fixture API (build it first:
 * `npx vite build --config vite.renderer.config.ts`). Usage: npx tsx test/renderer/visual/budget-screenshots.ts [out dir]
 */
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
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
try {
  for (const [width, height] of [
    [1024, 700],
    [1920, 1080],
  ]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    await page.addInitScript(installFakeApi, { firstRun: false, expiringSoon: false });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const shot = async (name: string) => {
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(400);
        await page.screenshot({ path: join(outDir, `budgets-${name}-${scheme}-${width}x${height}.png`) });
      };
      await page.goto(`${base}#/budget`);
      await page.getByRole('rowheader', { name: 'Groceries' }).waitFor();
      await shot('month');
      await page.getByRole('button', { name: 'Year' }).click();
      await page.getByRole('region', { name: /Budget year/ }).waitFor();
      await shot('year');
      await page.goto(`${base}#/dashboard`);
      const card = page.getByRole('heading', { name: /^Budget, / });
      await card.waitFor();
      await card.scrollIntoViewIfNeeded();
      await shot('card');
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exitCode = 1;
}
