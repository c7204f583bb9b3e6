/**
 * Visual check of the built renderer (run `npx vite build --config vite.renderer.config.ts` first):
 * serves out/renderer, injects a fixture `window.mybucks`, and saves screenshots to test-results/renderer/
 * (or the folder given). Usage: npx tsx test/renderer/visual/screenshots.ts [folder]
 */
import { join } from 'node:path';
import { shoot } from './shoot';

await shoot(async ({ base, outDir, eachPage, newPage }) => {
  await eachPage({ sizes: [[1360, 900]], fake: { firstRun: false, expiringSoon: true } }, async (page, { scheme }) => {
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
  });
  const page = await newPage({ width: 1360, height: 900, fake: { firstRun: true, expiringSoon: false } });
  await page.goto(base);
  await page.getByRole('button', { name: 'Link your first bank' }).waitFor();
  await page.screenshot({ path: join(outDir, 'welcome-light.png') });
  await page.context().close();
});
