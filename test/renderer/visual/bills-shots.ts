/**
 * Screenshots of the Bills page (issue 11) from the built renderer (run `npx vite build --config vite.renderer.config.ts`
 * first) with the fixture `window.mybucks`: light and dark, 1024×700 and 1920×1080, into the folder given (default
 * test-results/renderer). Usage: npx tsx test/renderer/visual/bills-shots.ts [folder]
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
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      page.on('pageerror', (e) => errors.push(`${scheme}: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`${scheme}: ${m.text()}`));
      await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
      await page.addInitScript(installFakeApi, { firstRun: false, expiringSoon: false });
      await page.goto(`${base}#/bills`);
      await page.getByRole('heading', { name: 'Bills and subscriptions' }).waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(outDir, `bills-${scheme}-${width}x${height}.png`), fullPage: false });
      await page.screenshot({ path: join(outDir, `bills-${scheme}-${width}x${height}-full.png`), fullPage: true });
      if (width === 1920 && scheme === 'dark') {
        // the keyboard on the calendar: focus today, move a week on, open the day
        await page.locator('.calendar-day[aria-current="date"]').focus();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.screenshot({ path: join(outDir, `bills-${scheme}-calendar-keyboard.png`), fullPage: false });
        await page.getByRole('button', { name: 'Edit Disney+' }).click();
        await page.screenshot({ path: join(outDir, `bills-${scheme}-edit-dialog.png`), fullPage: false });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log(`screenshots in ${outDir}`);
